"""The core loop in a real browser: first administrator, import, annotate, reload."""

import re

import pytest

pytestmark = pytest.mark.browser

ARTICLE = (
    "Counternarcotics talks open\n"
    "She noted that Beijing has already sent notices to Chinese companies that make "
    "precursors for fentanyl and that incidents are being reported to the International "
    "Narcotics Control. The talks lasted two days."
)
PASSWORD = "a long enough password"


def select_words(page, selector: str, words: str) -> None:
    """Select words inside an element as a mouse drag would, then release the mouse."""
    page.eval_on_selector(
        selector,
        """(element, words) => {
            const node = element.firstChild;
            const start = node.textContent.indexOf(words);
            const range = document.createRange();
            range.setStart(node, start);
            range.setEnd(node, start + words.length);
            const selection = window.getSelection();
            selection.removeAllRanges();
            selection.addRange(range);
            element.dispatchEvent(new MouseEvent("mouseup", {bubbles: true}));
        }""",
        words,
    )


def create_first_admin(page, base: str) -> None:
    page.goto(base + "/")
    page.get_by_role("heading", name="Set up your newsroom").wait_for()
    page.get_by_label("Your newsroom's name").fill("Harbour Herald")
    page.get_by_label("Your name").fill("Ada Admin")
    page.get_by_label("E-mail").fill("ada@example.org")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Repeat password").fill(PASSWORD)
    page.get_by_role("button", name="Create newsroom and administrator").click()
    page.get_by_role("heading", name=re.compile("Articles")).wait_for()


def import_by_paste(page) -> None:
    page.get_by_role("link", name="Import an article").first.click()
    page.get_by_label("Title").fill("Counternarcotics talks open")
    page.locator("#text").fill(ARTICLE)
    page.get_by_role("button", name="Import").click()
    page.get_by_role("heading", name="Counternarcotics talks open", level=1).wait_for()
    # The heading paints before the page's modules run; shortcuts need them.
    page.wait_for_load_state("load")


def test_first_admin_imports_and_disputes_a_span_that_survives_reload(team, live_server, page):
    create_first_admin(page, live_server)
    import_by_paste(page)
    page.locator(".sentence-link", has_text="International Narcotics Control").click()
    panel = page.locator("#side-panel")
    panel.get_by_role("heading", name=re.compile("Sentence")).wait_for()
    select_words(page, "#side-panel .sentence-quote", "International Narcotics Control")
    assert panel.get_by_label("Words at fault").input_value() == "International Narcotics Control"
    panel.get_by_label("Note").fill("No such body: it is the *Board*.")
    panel.get_by_label("Source URL").first.fill("https://www.incb.org/")
    panel.get_by_role("button", name="Disputed", exact=True).click()
    page.locator("#live-status", has_text="Your verdict is saved.").wait_for()
    assert (
        panel.get_by_role("button", name="Disputed", exact=True).get_attribute("aria-pressed")
        == "true"
    )

    page.reload()
    sentence = page.locator(".sentence.flag-disputed")
    assert sentence.locator("mark").inner_text() == "International Narcotics Control"
    sentence.locator(".sentence-link").click()
    panel.get_by_role("heading", name=re.compile("Sentence")).wait_for()
    assert panel.get_by_label("Note").input_value() == "No such body: it is the *Board*."
    assert panel.get_by_label("Source URL").first.input_value() == "https://www.incb.org/"
    assert (
        panel.get_by_role("button", name="Disputed", exact=True).get_attribute("aria-pressed")
        == "true"
    )


def test_sentence_page_works_without_javascript(team, live_server, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    create_first_admin(page, live_server)
    import_by_paste(page)
    page.locator(".sentence-link", has_text="The talks lasted").click()
    page.get_by_label("Words at fault").fill("two days")
    page.get_by_role("button", name="Verified", exact=True).click()
    page.get_by_text("Your verdict is saved.").wait_for()
    assert page.locator(".sentence.flag-verified mark").inner_text() == "two days"
    context.close()


def test_the_panel_offers_ten_sources_saves_them_and_opens_them_again(team, live_server, page):
    create_first_admin(page, live_server)
    import_by_paste(page)
    page.locator(".sentence-link", has_text="The talks lasted").click()
    panel = page.locator("#side-panel")
    add = panel.get_by_role("button", name="Add another source")
    for number in range(10):
        if number:
            add.click()
        panel.get_by_label("Source URL").nth(number).fill(f"https://example.org/{number}")
    assert not add.is_visible()  # ten is the most: the page says so instead
    assert panel.get_by_text("A flag cites at most 10 sources.").is_visible()
    panel.get_by_role("button", name="Verified", exact=True).click()
    page.locator("#live-status", has_text="Your verdict is saved.").wait_for()
    page.reload()
    page.locator(".sentence-link", has_text="The talks lasted").click()
    panel.get_by_role("heading", name=re.compile("Sentence")).wait_for()
    assert panel.get_by_label("Source URL").count() == 10
    assert panel.get_by_label("Source URL").nth(9).input_value() == "https://example.org/9"
    assert not panel.get_by_role("button", name="Add another source").is_visible()
