"""A newcomer's whole day in a real browser, as issue 9 describes it, with screenshots.

First administrator, two teammates, an article imported from a file, annotated with the
keyboard alone, a teammate's flag arriving live, a response, settling, and the exports.
"""

import json
import re

import pytest
from playwright.sync_api import expect

from tests.browser.test_core_loop import create_first_admin
from tests.browser.test_reviewer_day import PHONE, log_in, saved, shoot
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

ARTICLE = (
    "Counternarcotics talks open\n"
    "Officials from both countries met in Beijing on January 30, 2024. "
    "They reported incidents to the International Narcotics Control. "
    "The talks lasted two days.\n"
)
CLAIM = "They reported incidents to the International Narcotics Control."


def add_teammate(page, browser, base: str, name: str, email: str) -> None:
    """Invite the address on the Members page; the teammate opens the link in their own
    browser and creates their account with a password only they know."""
    page.goto(base + "/")
    page.get_by_role("link", name="Members").click()
    page.get_by_label("E-mail", exact=True).fill(email)
    page.get_by_label("Role", exact=True).select_option("reviewer")
    page.get_by_role("button", name="Create invitation").click()
    link = page.get_by_label("Invitation link").input_value()
    newcomer = browser.new_context(viewport={"width": 1366, "height": 900})
    theirs = newcomer.new_page()
    theirs.goto(link)
    theirs.get_by_label("Your name").fill(name)
    theirs.get_by_label("Password", exact=True).fill(PASSWORD)
    theirs.get_by_label("Repeat password").fill(PASSWORD)
    theirs.get_by_role("button", name="Create account and join").click()
    theirs.get_by_text("Welcome to").wait_for()
    newcomer.close()


def import_from_file(page, tmp_path) -> str:
    story = tmp_path / "talks.txt"
    story.write_text(ARTICLE, encoding="utf-8")
    page.get_by_role("link", name="Import", exact=True).click()
    page.get_by_label("Or upload a file").set_input_files(str(story))
    page.get_by_role("button", name="Import").click()
    page.get_by_role("heading", name="Counternarcotics talks open", level=1).wait_for()
    page.wait_for_load_state("load")
    return page.url


def both_widths(page, name: str) -> None:
    shoot(page, f"day-{name}-desktop")
    size = page.viewport_size
    page.set_viewport_size(PHONE)
    shoot(page, f"day-{name}-phone")
    page.set_viewport_size(size)


def test_newcomers_whole_day(team, live_server, browser, page, tmp_path):
    create_first_admin(page, live_server)
    add_teammate(page, browser, live_server, "Rita Reviewer", "rita@example.org")
    add_teammate(page, browser, live_server, "Ravi Reviewer", "ravi@example.org")
    page.goto(live_server + "/")
    page.get_by_role("link", name="Members").click()
    both_widths(page, "members")
    article_url = import_from_file(page, tmp_path)

    # Keyboard alone: focus the claim, dispute it with a note.
    page.keyboard.press("j")
    page.keyboard.press("j")
    page.keyboard.press("j")
    assert page.evaluate("document.activeElement.closest('.sentence').textContent").startswith(
        "They reported"
    )
    page.keyboard.press("n")
    expect(page.locator("[name=note]")).to_be_focused()
    page.keyboard.type("The body is the International Narcotics Control Board.")
    page.keyboard.press("Escape")
    page.keyboard.press("d")
    saved(page)
    claim = page.locator(".sentence.flag-disputed", has_text="They reported")
    claim.wait_for()
    both_widths(page, "article")

    # A teammate disputes the same claim in her own browser; it arrives here live.
    rita = browser.new_context(viewport={"width": 1366, "height": 900}).new_page()
    log_in(rita, live_server, "rita@example.org")
    rita.goto(article_url)
    rita.locator(".sentence-link", has_text="They reported").click()
    rita.locator("#side-panel").get_by_label("Note").fill("No such body.")
    rita.locator("#side-panel").get_by_role("button", name="Verified", exact=True).click()
    rita.locator("#live-status", has_text="Your verdict is saved.").wait_for()
    page.locator("#live-status", has_text=re.compile("Rita Reviewer marked sentence")).wait_for(
        timeout=5_000
    )

    # Respond to her flag on the sentence's own page: disagree, with the required comment.
    page.goto(f"{article_url}/sentences/2")
    page.locator(".flag", has_text="Rita Reviewer").wait_for()
    assert page.get_by_label("Note").input_value().startswith("The body is the International")
    response = page.locator(".response-form").first
    response.get_by_label(re.compile("Comment")).fill("The Board exists; the name is wrong.")
    response.get_by_role("button", name="Disagree").click()
    page.get_by_text("1 disagree").first.wait_for()
    both_widths(page, "response")

    # Settle the sentence as disputed.
    page.goto(article_url)
    page.get_by_role("link", name="Settle verdicts").click()
    case = page.locator(".settle-case", has_text=CLAIM)
    case.get_by_label(re.compile("Disputed")).check()
    case.get_by_label("Rationale").fill("The body is the Board; the article names it wrongly.")
    case.get_by_role("button", name="Settle", exact=True).click()
    page.locator(".settle-case", has_text=CLAIM).get_by_text("Settled: Disputed").wait_for()
    both_widths(page, "settled")

    # Export the HTML report and the W3C annotations.
    page.goto(article_url)
    page.get_by_text("Export").click()
    with page.expect_download() as report:
        page.get_by_role("link", name=re.compile(r"^HTML report")).click()
    html = report.value.path().read_text(encoding="utf-8")
    assert "International Narcotics Control" in html
    assert "The body is the Board" in html
    with page.expect_download() as w3c:
        page.get_by_role("link", name=re.compile("W3C")).click()
    collection = json.loads(w3c.value.path().read_text(encoding="utf-8"))
    assert collection["type"] == "AnnotationCollection"
    assert collection["total"] == 2
    rita.context.close()
