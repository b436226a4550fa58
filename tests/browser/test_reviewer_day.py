"""A reviewer's day in a real browser: keyboard only, teammates live, long articles, axe checks."""

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from annotator.extensions import db
from annotator.models import Role, Verdict
from annotator.services.annotations import AnnotationEntry, annotate_sentence
from annotator.services.articles import ArticleDraft, import_article
from tests.browser.conftest import log_in, watch_policy
from tests.browser.test_core_loop import create_first_admin, import_by_paste
from tests.conftest import unavailable

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SHOTS = ROOT.parent.parent / "screenshots"
PHONE = {"width": 360, "height": 740}


def shoot(page, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def release_database() -> None:
    """End the test's transaction: outside a request it holds SQLite's write lock."""
    db.session.commit()


def select_in_sentence(page, index: int, words: str) -> None:
    page.eval_on_selector(
        f"#s{index} .sentence-link",
        """(link, words) => {
            const node = link.firstChild;
            const start = node.textContent.indexOf(words);
            const range = document.createRange();
            range.setStart(node, start);
            range.setEnd(node, start + words.length);
            getSelection().removeAllRanges();
            getSelection().addRange(range);
        }""",
        words,
    )


def saved(page) -> None:
    page.locator("#live-status", has_text="Your verdict is saved.").wait_for()
    page.evaluate("document.getElementById('live-status').textContent = ''")


def test_reviewers_day_with_the_keyboard_alone(team, live_server, page):
    create_first_admin(page, live_server)
    import_by_paste(page)
    page.keyboard.press("j")
    assert page.evaluate("document.activeElement.closest('.sentence').id") == "s0"
    page.locator("#live-status", has_text="Sentence 1 of 3").wait_for()
    page.keyboard.press("d")
    saved(page)
    assert page.locator("#s0").get_attribute("class").count("flag-disputed") == 1
    assert page.evaluate("document.activeElement.closest('.sentence').id") == "s0"

    page.keyboard.press("ArrowDown")
    select_in_sentence(page, 1, "International Narcotics Control")
    page.keyboard.press("h")
    panel = page.locator("#side-panel")
    page.locator("#live-status", has_text="Span set").wait_for()
    assert panel.get_by_label("Words at fault").input_value() == "International Narcotics Control"
    page.keyboard.press("n")
    page.keyboard.type("Not a real body: vud are letters typed here.")
    assert page.locator("#s1.flag-none").count() == 1  # v, u, d typed in the note set nothing
    page.keyboard.press("Escape")
    page.keyboard.press("s")
    page.keyboard.type("https://www.incb.org/")
    page.keyboard.press("Escape")
    shoot(page, "article-desktop")
    page.keyboard.press("u")
    saved(page)
    assert (
        page.locator("#s1.flag-unverified mark").inner_text() == "International Narcotics Control"
    )
    assert panel.get_by_label("Note").input_value().startswith("Not a real body")
    assert panel.get_by_label("Source URL").first.input_value() == "https://www.incb.org/"

    page.keyboard.press("k")
    page.keyboard.press("x")
    page.locator("#live-status", has_text="Your verdict is cleared.").wait_for()
    assert page.locator("#s0.flag-none").count() == 1

    page.keyboard.press("?")
    dialog = page.get_by_role("dialog", name="Keyboard shortcuts")
    dialog.wait_for()
    shoot(page, "help-dialog")
    page.keyboard.press("Escape")
    dialog.wait_for(state="hidden")


def test_teammates_flag_arrives_live_without_stealing_focus(
    team, live_server, browser, make_member
):
    article = import_article(team, None, ArticleDraft("Live talks", "One. Two here. Three."))
    article = article.article
    article.blind_review = False
    me, otto = make_member(Role.reviewer, name="Mia"), make_member(Role.reviewer, name="Otto")
    emails, article_id = [me.email, otto.email], article.id
    release_database()
    pages = []
    for email in emails:
        context = browser.new_context(viewport={"width": 1366, "height": 900})
        pages.append(context.new_page())
        log_in(pages[-1], live_server, email)
        pages[-1].goto(f"{live_server}/articles/{article_id}")
    mine, theirs = pages
    mine.locator("#s1 .sentence-link").click()
    mine.locator("#side-panel").get_by_label("Note").fill("half-typed thought")
    mine.locator("#side-panel").get_by_label("Note").focus()

    theirs.locator("#s1 .sentence-link").click()
    theirs.locator("#side-panel").get_by_role("button", name="Disputed").click()
    # Without a reload. No timing is asserted (timings fail on a busy machine); the wait
    # leaves room for one.
    mine.locator("#s1.flag-disputed").wait_for(timeout=10_000)
    mine.get_by_role("heading", name=re.compile(r"Teammates' flags \(1\)")).wait_for()
    assert mine.evaluate("document.activeElement.name") == "note"
    assert mine.locator("#side-panel").get_by_label("Note").input_value() == "half-typed thought"
    mine.locator("#live-status", has_text="Otto changed a flag on sentence 2.").wait_for()
    for page in pages:
        page.context.close()


def long_text(sentences: int) -> str:
    lines = [
        " ".join(f"Claim {n} of paragraph {p} was checked." for n in range(10))
        for p in range(sentences // 10)
    ]
    return "\n".join(lines)


def test_long_article_opens_whole_and_keyboard_ready(team, live_server, page, make_member):
    # No timing is asserted here (timings fail on a busy machine): the page serves whole
    # and the keyboard works from its first sentence.
    article = import_article(team, None, ArticleDraft("Long read", long_text(2000))).article
    reviewer = make_member(Role.reviewer)
    for sentence in article.sentences[::4]:
        annotate_sentence(reviewer, sentence, AnnotationEntry(Verdict.disputed, "Note."), 0)
    email, article_id = reviewer.email, article.id
    release_database()
    log_in(page, live_server, email)
    page.goto(f"{live_server}/articles/{article_id}", wait_until="commit")
    page.locator("#s0").wait_for(state="visible")
    # A locator, not wait_for_function: that one evaluates a string, which our CSP forbids.
    expect(page.locator(".sentence")).to_have_count(2000, timeout=60_000)
    page.keyboard.press("j")
    assert page.evaluate("document.activeElement.closest('.sentence').id") == "s0"


PAGES = {
    "articles": "/",
    "articles-filtered": "/?disputed=1&sort=progress",
    "articles-refused-filter": "/?state=nope&mine=1",
    "assignments": "/articles/{article}/assignments",
    "article": "/articles/{article}",
    "sentence": "/articles/{article}/sentences/1",
    "search": "/search?q=Narcotics",
    "dashboard": "/dashboard",
    "import": "/articles/new",
    "flags-to-review": "/review",
    "inbox": "/inbox",
}


def axe_violations(page) -> list[dict]:
    # Evaluated through the debugging protocol: a <script> tag would break our own CSP.
    page.evaluate(AXE.read_text())
    found = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
        ".map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.target.join(' '))}))"
    )
    return [v for v in found if v["impact"] in ("serious", "critical")]


@pytest.fixture
def axe_installed():
    if not AXE.exists():
        unavailable("axe-core is not installed (npm install --prefix tests/browser)")


@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_every_page_passes_axe(team, live_server, browser, make_member, axe_installed, width):
    article = import_article(team, None, ArticleDraft("Talks", "A first. Narcotics Control met."))
    editor = make_member(Role.editor, name="Eddie")
    annotate_sentence(editor, article.article.sentences[1], AnnotationEntry(Verdict.verified), 0)
    email, article_id = editor.email, article.article.id
    release_database()
    viewport = PHONE if width == "phone" else {"width": 1366, "height": 900}
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    violations: list[str] = []
    watch_policy(page, violations)
    log_in(page, live_server, email)
    results = {}
    for name, path in PAGES.items():
        page.goto(live_server + path.format(article=article_id))
        if name == "article":
            page.locator("#s1 .sentence-link").click()
            page.locator("#side-panel h2").wait_for()
        results[name] = axe_violations(page)
        overflow = page.evaluate("document.documentElement.scrollWidth - innerWidth")
        assert overflow <= 0, f"{name} scrolls sideways by {overflow}px at {viewport['width']}px"
        shoot(page, f"{name}-{width}")
    print(f"\naxe serious/critical violations at {width} width:", json.dumps(results))
    context.close()
    assert all(not found for found in results.values()), results
    assert violations == [], f"Content-Security-Policy violations: {violations}"
