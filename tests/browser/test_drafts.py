"""Drafts in Chromium: typing survives another sentence, a reload and a second browser, a
cleared verdict leaves its words as a draft, Discard drops it, and leaving with typing not
yet stored asks first (issue 17, "Drafts that survive"). Screenshots of the panel with a
draft at a desktop and a phone width go to $ANNOTATOR_SCREENSHOTS when set."""

import time

import pytest
import sqlalchemy as sa

from annotator.extensions import db
from annotator.models import Draft, Role
from annotator.services.articles import ArticleDraft, import_article

from .conftest import log_in
from .test_changed_verdicts import screenshots

pytestmark = pytest.mark.browser

TEXT = (
    "The mayor spoke on Tuesday. She said 212 of the city's bridges need repair.\n\n"
    "Work starts in May."
)
NOTE = "The city audit lists 198, not 212."
SOURCE = "https://city.example/audit-2026"


@pytest.fixture
def desk(team, make_member):
    rita = make_member(Role.reviewer, name="Rita Reviewer")
    article = import_article(team, None, ArticleDraft("Bridges", TEXT)).article
    db.session.commit()
    return article, rita


def stored_drafts() -> list[Draft]:
    db.session.rollback()
    return list(db.session.scalars(sa.select(Draft)))


def wait_for_drafts(check, seconds: float = 5.0) -> list[Draft]:
    """Wait for the server to hold drafts that pass the check (the requests are in flight)."""
    deadline = time.monotonic() + seconds
    while True:
        drafts = stored_drafts()
        if check(drafts) or time.monotonic() > deadline:
            return drafts
        time.sleep(0.1)


def open_sentence(page, index: int):
    page.locator(f"#s{index} .sentence-link").click()
    page.locator(f'#side-panel .panel[data-index="{index}"]').wait_for()
    return page.locator("#side-panel .annotation-form")


def assert_draft_shown(form):
    form.locator(".draft-status").wait_for(state="visible")
    assert "Draft, not saved" in form.locator(".draft-status").inner_text()
    assert form.locator('textarea[name="note"]').input_value() == NOTE
    assert form.locator('input[name="sources-0-url"]').input_value() == SOURCE


def test_a_note_typed_survives_another_sentence_a_reload_and_another_browser(
    desk, browser, live_server, page, tmp_path
):
    article, rita = desk
    log_in(page, live_server, rita.email)
    page.goto(f"{live_server}/articles/{article.id}")
    form = open_sentence(page, 1)
    assert form.locator(".draft-status").is_hidden()
    form.locator('textarea[name="note"]').press_sequentially(NOTE)
    form.locator('input[name="sources-0-url"]').fill(SOURCE)
    # Straight on to another sentence: the draft leaves with the old panel, not a moment later.
    open_sentence(page, 0)
    assert [(d.note, d.sources[0]["url"]) for d in stored_drafts()] == [(NOTE, SOURCE)]

    page.reload()
    assert_draft_shown(open_sentence(page, 1))
    folder = screenshots(tmp_path)
    for width in (1280, 360):
        page.set_viewport_size({"width": width, "height": 900})
        page.locator("#side-panel .draft-status").scroll_into_view_if_needed()
        page.screenshot(path=str(folder / f"draft-panel-{width}.png"), full_page=width == 1280)
    page.set_viewport_size({"width": 1366, "height": 900})

    elsewhere = browser.new_context(viewport={"width": 1280, "height": 900})
    other = elsewhere.new_page()
    log_in(other, live_server, rita.email)
    other.goto(f"{live_server}/articles/{article.id}")
    assert_draft_shown(open_sentence(other, 1))
    elsewhere.close()

    page.locator("#side-panel").get_by_role("button", name="Discard").click()
    page.locator(".confirmation-text", has_text="Your draft is discarded.").wait_for()
    form = page.locator("#side-panel .annotation-form")
    assert form.locator('textarea[name="note"]').input_value() == ""
    assert form.locator(".draft-status").is_hidden()
    assert stored_drafts() == []


def test_typing_is_kept_a_moment_after_it_stops(desk, live_server, page):
    article, rita = desk
    log_in(page, live_server, rita.email)
    page.goto(f"{live_server}/articles/{article.id}")
    form = open_sentence(page, 1)
    form.locator('textarea[name="note"]').press_sequentially("Still typing")
    form.locator(".draft-status").wait_for(state="visible", timeout=4_000)
    assert "kept" in form.locator(".draft-kept").inner_text()
    assert [d.note for d in stored_drafts()] == ["Still typing"]


def test_clearing_a_verdict_leaves_its_words_as_a_draft(desk, live_server, page):
    article, rita = desk
    log_in(page, live_server, rita.email)
    page.goto(f"{live_server}/articles/{article.id}")
    form = open_sentence(page, 1)
    form.locator('textarea[name="note"]').fill(NOTE)
    form.locator('input[name="sources-0-url"]').fill(SOURCE)
    page.locator("#side-panel").get_by_role("button", name="Disputed").click()
    page.locator("#side-panel").get_by_role("button", name="Clear my verdict").wait_for()
    assert stored_drafts() == []
    page.locator("#side-panel").get_by_role("button", name="Clear my verdict").click()
    page.locator("#side-panel").get_by_role("button", name="Clear my verdict").wait_for(
        state="detached"
    )
    form = page.locator("#side-panel .annotation-form")
    assert_draft_shown(form)
    verdicts = page.locator("#side-panel .verdict-buttons button")
    assert verdicts.count() == 3
    assert page.locator('#side-panel .verdict-buttons button[aria-pressed="true"]').count() == 0
    assert [d.note for d in stored_drafts()] == [NOTE]


def test_leaving_with_typing_not_yet_stored_asks_first_and_keeps_it(desk, live_server, page):
    article, rita = desk
    log_in(page, live_server, rita.email)
    page.goto(f"{live_server}/articles/{article.id}")
    form = open_sentence(page, 1)
    form.locator('textarea[name="note"]').press_sequentially("Leaving now")
    with page.expect_event("dialog") as asked:
        page.close(run_before_unload=True)
    assert asked.value.type == "beforeunload"
    asked.value.accept()
    # Sent while the question was on screen: leaving loses nothing either.
    drafts = wait_for_drafts(lambda found: bool(found))
    assert [d.note for d in drafts] == ["Leaving now"]


def test_leaving_after_the_draft_is_kept_asks_nothing(desk, live_server, page):
    article, rita = desk
    log_in(page, live_server, rita.email)
    page.goto(f"{live_server}/articles/{article.id}")
    form = open_sentence(page, 1)
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.accept()))
    form.locator('textarea[name="note"]').press_sequentially("Kept already")
    form.locator(".draft-status").wait_for(state="visible", timeout=4_000)
    page.goto(f"{live_server}/articles")
    assert dialogs == []
