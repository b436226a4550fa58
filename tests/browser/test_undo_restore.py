"""One keystroke no longer destroys work, in Chromium (issue 17, finding 1): a verdict with a
note, a span and two sources is cleared with `x` and comes back whole with `z`, or with the
Undo button of the confirmation; an earlier version comes back from the history. Screenshots
of the confirmation and of the history at a desktop and a phone width go to
$ANNOTATOR_SCREENSHOTS when set, else the test's folder."""

import pytest
import sqlalchemy as sa

from annotator.extensions import db
from annotator.models import Annotation, Role, Verdict
from annotator.services.annotations import AnnotationEntry, annotate_sentence
from annotator.services.articles import ArticleDraft, import_article

from .conftest import log_in
from .test_changed_verdicts import screenshots

pytestmark = pytest.mark.browser

TEXT = "The mayor spoke on Tuesday. She said 212 of the city's bridges need repair."
SOURCES = [
    ("https://example.org/audit", "City audit 2026", "198 bridges need repair"),
    ("https://example.org/minutes", "Council minutes", "the figure was corrected to 198"),
]
NOTE = "The city audit lists **198**, not 212."


@pytest.fixture
def article(team, make_member):
    rita = make_member(Role.reviewer, name="Rita Reviewer")
    article = import_article(team, None, ArticleDraft("Bridges", TEXT)).article
    db.session.commit()
    return article, rita


def rita_annotation(rita) -> Annotation:
    db.session.rollback()  # end the read transaction: its snapshot predates the server's writes
    return db.session.scalar(sa.select(Annotation).where(Annotation.reviewer_id == rita.id))


def whole(annotation: Annotation) -> tuple:
    text = annotation.sentence.article.text
    words = text[annotation.span_start : annotation.span_end] if annotation.has_span else None
    sources = [(s.url, s.title, s.quote) for s in annotation.sources]
    return annotation.verdict, annotation.note, words, sources


def judge_in_the_panel(page) -> None:
    """Open sentence 2, write the note, the words at fault and two sources, choose Disputed."""
    page.locator("#s1 .sentence-link").click()
    panel = page.locator("#side-panel")
    panel.locator("textarea[name=note]").fill(NOTE)
    panel.locator("input[name=span_text]").fill("212")
    for number, (url, title, quote) in enumerate(SOURCES):
        if number:
            panel.get_by_role("button", name="Add another source").click()
        panel.locator(f"input[name=sources-{number}-url]").fill(url)
        panel.locator(f"input[name=sources-{number}-title]").fill(title)
        panel.locator(f"textarea[name=sources-{number}-quote]").fill(quote)
    panel.get_by_role("button", name="Disputed").click()
    panel.get_by_text("Your verdict is saved.").wait_for()


def clear_with_x(page) -> None:
    page.locator("#s1 .sentence-link").focus()
    page.keyboard.press("x")
    page.locator("#side-panel").get_by_text("Your verdict is cleared.").wait_for()


def test_clear_with_x_then_z_or_the_undo_button_brings_everything_back(
    article, live_server, page, tmp_path
):
    article, rita = article
    log_in(page, live_server, rita.email)
    page.goto(f"{live_server}/articles/{article.id}")
    judge_in_the_panel(page)
    saved = whole(rita_annotation(rita))
    assert saved == (Verdict.disputed, NOTE, "212", SOURCES)

    clear_with_x(page)
    assert rita_annotation(rita).verdict is None
    folder = screenshots(tmp_path)
    for width in (1280, 360):
        page.set_viewport_size({"width": width, "height": 900})
        page.locator("#side-panel .confirmation").scroll_into_view_if_needed()
        page.screenshot(path=str(folder / f"undo-confirmation-{width}.png"))
    page.set_viewport_size({"width": 1366, "height": 900})
    page.locator("#s1 .sentence-link").focus()
    page.keyboard.press("z")
    panel = page.locator("#side-panel")
    panel.get_by_text("Your last change is undone.").wait_for()
    assert whole(rita_annotation(rita)) == saved
    assert panel.locator("textarea[name=note]").input_value() == NOTE
    assert panel.locator("input[name=sources-1-title]").input_value() == "Council minutes"
    assert page.locator("#s1 .badge-disputed, #s1 [class*=disputed]").count() >= 1

    clear_with_x(page)
    panel.get_by_role("button", name="Undo").click()
    panel.get_by_text("Your last change is undone.").wait_for()
    assert whole(rita_annotation(rita)) == saved
    assert rita_annotation(rita).version == 5

    # Another tab changes the verdict: z now refuses, says why, and changes nothing.
    sentence = rita_annotation(rita).sentence
    annotate_sentence(rita, sentence, AnnotationEntry(Verdict.verified, "Other tab."), 5)
    db.session.commit()
    page.locator("#s1 .sentence-link").focus()
    page.keyboard.press("z")
    panel.locator(".refusal", has_text="Nothing was undone").wait_for()
    assert rita_annotation(rita).note == "Other tab."


def test_restore_an_earlier_version_from_the_history(article, live_server, page, tmp_path):
    article, rita = article
    log_in(page, live_server, rita.email)
    page.goto(f"{live_server}/articles/{article.id}")
    judge_in_the_panel(page)
    saved = whole(rita_annotation(rita))
    page.locator("#s1 .sentence-link").focus()
    page.keyboard.press("v")
    page.locator('#side-panel .verdict-verified[aria-pressed="true"]').wait_for()
    assert rita_annotation(rita).verdict is Verdict.verified

    page.goto(f"{live_server}/articles/{article.id}/sentences/1/history")
    first = page.locator("li.event", has_text="marked sentence 2 disputed")
    for shown in ("City audit 2026", "198 bridges need repair", "Council minutes", "212"):
        assert shown in first.inner_text()
    timeline = page.locator(".timeline").inner_text()
    assert "changed their verdict on sentence 2 to verified" in timeline
    first.get_by_role("button", name="Restore this version").click()
    page.get_by_text("Version 1 is restored").wait_for()
    assert whole(rita_annotation(rita)) == saved
    assert "restored version 1 of their verdict" in page.locator(".timeline").inner_text()
    folder = screenshots(tmp_path)
    for width in (1280, 360):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(folder / f"undo-history-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1366, "height": 900})

    page.get_by_role("button", name="Undo").click()  # the flash's plain form
    page.get_by_text("Your last change is undone.").wait_for()
    assert rita_annotation(rita).verdict is Verdict.verified
