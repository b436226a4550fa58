"""Live means live, in Chromium, with two app servers behind one database (issue 17, finding
4): a teammate's response to my flag, comment, final verdict and workflow move reach my open
page without a reload, and a saved verdict changes my counts at once and theirs soon after.

Each browser talks to its own server: the second is another app instance over the same
database, sharing nothing in memory with the first, as two processes behind a balancer would.
Waits allow a few seconds (a busy machine is slower than the ~2 s the feed takes); the time
each change took is printed with ``-s``. Screenshots of my page at the end, at a desktop and
a phone width, go to $ANNOTATOR_SCREENSHOTS when set, else the test's folder."""

import re
import threading
import time

import pytest
from werkzeug.serving import make_server

from annotator import create_app
from annotator.extensions import db
from annotator.models import Role, Verdict
from annotator.services.annotations import AnnotationEntry, annotate_sentence
from annotator.services.articles import ArticleDraft, import_article
from tests.conftest import base_config

from .conftest import log_in
from .test_changed_verdicts import screenshots

pytestmark = pytest.mark.browser

TEXT = "The port handled 9 million containers. Its chief spoke on Monday. Trade grew 4%."
#: How long a teammate's change may take to show: the feed's ~2 s, and room for a busy machine.
LIVE_MS = 5_000


@pytest.fixture
def second_server(database_url):
    """Another app server over the same database: its own app, engine and memory."""
    other = create_app(base_config(database_url))
    server = make_server("127.0.0.1", 0, other, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)
    with other.app_context():
        db.engine.dispose()


@pytest.fixture
def desk(team, make_member):
    """Mia has flagged sentence 2 Disputed; Edna edits the desk."""
    article = import_article(team, None, ArticleDraft("Port figures", TEXT)).article
    article.blind_review = False
    mia = make_member(Role.reviewer, name="Mia Reviewer")
    edna = make_member(Role.editor, name="Edna Editor")
    annotate_sentence(mia, article.sentences[1], AnnotationEntry(Verdict.disputed, "Tuesday."))
    db.session.commit()  # outside a request the test's transaction holds SQLite's write lock
    return article.id, mia.email, edna.email


def open_as(browser, base: str, email: str, path: str):
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    log_in(page, base, email)
    page.goto(base + path)
    return page, errors


def progress(page) -> dict[str, str]:
    """The article's counts as the page shows them now."""
    box = page.locator(".article > header .progress")
    parts = {
        "judged": box.locator(".progress-share").first,
        "mine": box.get_by_text(re.compile(r"^Mine \d+")),
        "verified": box.locator(".chip-verified"),
        "disputed": box.locator(".chip-disputed"),
    }
    return {name: " ".join(part.inner_text().split()) for name, part in parts.items()}


def arrives(label: str, started: float, wait) -> None:
    """Wait for a change on the other page; print how long after the action it showed."""
    wait()
    print(f"{label}: {time.monotonic() - started:.2f} s after the click")


def test_teammates_work_and_my_counts_reach_open_pages_across_two_servers(
    desk, live_server, second_server, browser, tmp_path
):
    article_id, mia_email, edna_email = desk
    mine, my_errors = open_as(browser, live_server, mia_email, f"/articles/{article_id}")
    theirs, their_errors = open_as(browser, second_server, edna_email, f"/articles/{article_id}")
    assert progress(mine) == progress(theirs) | {"mine": "Mine 1"}
    assert progress(theirs)["judged"] == "33%"

    # My save answers with my new counts: shown at once, the live feed kept out of it.
    mine.route("**/changes?*", lambda route: route.abort())
    mine.locator("#s0 .sentence-link").click()
    started = time.monotonic()
    mine.locator("#side-panel").get_by_role("button", name="Verified", exact=True).click()
    mine.locator("#live-status", has_text="Your verdict is saved.").wait_for()
    assert progress(mine) == {
        "judged": "67%",
        "mine": "Mine 2",
        "verified": "✓ 1 verified",
        "disputed": "✗ 1 disputed",
    }
    mine.unroute("**/changes?*")
    their_counts = theirs.locator(".article > header .progress-share").first
    arrives(
        "teammate's counts",
        started,
        lambda: their_counts.filter(has_text="67%").wait_for(timeout=LIVE_MS),
    )
    assert progress(theirs) == progress(mine) | {"mine": "Mine 0"}

    # My flag's panel is open and I am typing in my note: nothing of it may be touched.
    mine.locator("#s1 .sentence-link").click()
    note = mine.locator('#side-panel .panel[data-index="1"]').get_by_label("Note")
    note.fill("Tuesday, says the minutes; checking")
    note.focus()

    theirs.goto(f"{second_server}/articles/{article_id}/sentences/1")
    flag = theirs.locator(".flag", has_text="Mia Reviewer")
    answer = theirs.locator(".response-form").first
    answer.get_by_label(re.compile("Comment")).fill("The minutes say **Monday**.")
    started = time.monotonic()
    answer.get_by_role("button", name="Disagree").click()
    flag.wait_for()
    responses = mine.locator("#side-panel .my-responses")
    arrives(
        "response to my flag",
        started,
        lambda: responses.get_by_text("The minutes say").wait_for(timeout=LIVE_MS),
    )
    assert "Edna Editor disagrees" in responses.inner_text()

    theirs.get_by_label("New comment").fill("Who has the minutes?")
    started = time.monotonic()
    theirs.get_by_role("button", name="Post comment").click()
    discussion = mine.locator("#side-panel #discussion")
    arrives(
        "teammate's comment",
        started,
        lambda: discussion.get_by_text("Who has the minutes?").wait_for(timeout=LIVE_MS),
    )

    theirs.goto(f"{second_server}/articles/{article_id}/settle")
    case = theirs.locator("#case-1")
    case.locator("input[name=verdict][value=verified]").check()
    case.get_by_label("Rationale").fill("The minutes say Monday.")
    started = time.monotonic()
    case.get_by_role("button", name="Settle", exact=True).click()
    theirs.locator("#case-1.settled").wait_for()
    final = mine.locator("#side-panel .final-verdict")
    arrives(
        "final verdict", started, lambda: final.get_by_text("Verified").wait_for(timeout=LIVE_MS)
    )
    settled = mine.locator(".article > header .progress .figures")
    settled.get_by_text("Settled 1").wait_for(timeout=LIVE_MS)

    theirs.goto(f"{second_server}/articles/{article_id}")
    started = time.monotonic()
    theirs.locator(".toolbar .workflow summary", has_text="Workflow").click()  # the menu
    theirs.get_by_role("button", name="Start review").click()
    theirs.locator(".toolbar .workflow .state", has_text="In review").wait_for()
    state = mine.locator(".toolbar .workflow .state")
    arrives(
        "workflow state",
        started,
        lambda: state.filter(has_text="In review").wait_for(timeout=LIVE_MS),
    )
    mine.locator("#live-status", has_text="Edna Editor moved the article to In review.").wait_for(
        timeout=LIVE_MS
    )

    # Through all of it my typing stayed where it was.
    assert note.input_value() == "Tuesday, says the minutes; checking"
    assert mine.evaluate("document.activeElement.name") == "note"
    folder = screenshots(tmp_path)
    for width in (1280, 360):
        mine.set_viewport_size({"width": width, "height": 900})
        mine.screenshot(path=str(folder / f"live-panel-{width}.png"), full_page=True)
        responses.scroll_into_view_if_needed()  # the panel scrolls on its own at a desktop width
        mine.screenshot(path=str(folder / f"live-responses-{width}.png"))
    for page in (mine, theirs):
        page.context.close()
    assert my_errors == []
    assert their_errors == []
