"""Going back in an annotation: undo the last change, restore a version, the history in words."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from annotator.errors import (
    InvalidTransition,
    NotFound,
    PermissionDenied,
    StaleVersion,
    ValidationError,
)
from annotator.extensions import db
from annotator.models import AnnotationRevision, ArticleState, AuditEvent, Role, Verdict, utcnow
from annotator.services import listing
from annotator.services.annotation_history import (
    UNDO_WINDOW,
    annotation_steps,
    restore_version,
    undo_change,
)
from annotator.services.annotations import (
    AnnotationEntry,
    SourceEntry,
    annotate_sentence,
    clear_verdict,
    find_annotation,
    snapshot,
)
from annotator.services.articles import ArticleDraft, import_article
from annotator.services.drafts import DraftEntry, find_draft, keep_draft
from annotator.services.event_words import word_events
from annotator.services.revisions import revise_article
from tests.services.conftest import span_of

TEXT = "Officials met in Geneva. The city spent 212 of the budget on the International Board."
SOURCES = [
    SourceEntry("https://example.org/budget", "City budget 2026", "spent 198 on the board"),
    SourceEntry("https://example.org/minutes", "Council minutes", "the figure was revised"),
]


@pytest.fixture
def article(team):
    article = import_article(team, None, ArticleDraft("Budget", TEXT)).article
    db.session.commit()
    return article


@pytest.fixture
def sentence(article):
    return article.sentences[1]


@pytest.fixture
def reviewer(make_member):
    return make_member(Role.reviewer, name="Rita")


def full_entry(sentence, verdict=Verdict.disputed):
    return AnnotationEntry(verdict, "The budget says 198.", span_of(sentence, "212"), SOURCES)


def content(annotation):
    text = annotation.sentence.article.text
    words = text[annotation.span_start : annotation.span_end] if annotation.has_span else None
    return {**snapshot(annotation), "span": words}


def revise(article, editor, old, new):
    revise_article(article, editor, ArticleDraft(article.title, article.text.replace(old, new)))
    db.session.flush()


# Undo ------------------------------------------------------------------------------------


def test_undo_change_after_clear_puts_back_verdict_note_span_and_sources(sentence, reviewer):
    saved = annotate_sentence(reviewer, sentence, full_entry(sentence))
    before = content(saved)
    cleared = clear_verdict(reviewer, sentence, 1)
    undone = undo_change(reviewer, sentence, cleared.version)
    assert content(undone) == before
    assert undone.version == 3
    assert [r.version for r in undone.revisions] == [1, 2]


def test_undo_of_a_clear_drops_the_draft_the_clear_left(sentence, reviewer):
    annotate_sentence(reviewer, sentence, full_entry(sentence))
    clear_verdict(reviewer, sentence, 1)
    assert find_draft(reviewer, sentence) is not None  # the cleared words, as a draft
    undo_change(reviewer, sentence, 2)
    assert find_draft(reviewer, sentence) is None  # saved again: nothing unsaved is left


def test_undo_keeps_a_draft_with_newer_words(sentence, reviewer):
    annotate_sentence(reviewer, sentence, full_entry(sentence))
    clear_verdict(reviewer, sentence, 1)
    keep_draft(reviewer, sentence, DraftEntry("Typed after the clear."))
    undo_change(reviewer, sentence, 2)
    assert find_draft(reviewer, sentence).note == "Typed after the clear."


def test_undo_change_after_a_change_puts_back_the_verdict_before(sentence, reviewer):
    annotate_sentence(reviewer, sentence, full_entry(sentence))
    annotate_sentence(reviewer, sentence, AnnotationEntry(Verdict.verified, "Fine."), 1)
    undone = undo_change(reviewer, sentence, 2)
    assert (undone.verdict, undone.note, len(undone.sources)) == (
        Verdict.disputed,
        *("The budget says 198.", 2),
    )
    assert [s.title for s in undone.sources] == ["City budget 2026", "Council minutes"]


def test_undo_change_of_the_first_verdict_leaves_no_verdict(sentence, reviewer):
    annotate_sentence(reviewer, sentence, full_entry(sentence))
    undone = undo_change(reviewer, sentence, 1)
    assert (undone.verdict, undone.note, undone.has_span, undone.sources) == (None, "", False, [])
    assert undone.revisions[0].verdict is Verdict.disputed  # nothing lost


def test_undo_change_itself_can_be_undone(sentence, reviewer):
    annotate_sentence(reviewer, sentence, full_entry(sentence))
    cleared = content(clear_verdict(reviewer, sentence, 1))
    undo_change(reviewer, sentence, 2)
    again = undo_change(reviewer, sentence, 3)
    assert (content(again), again.version) == (cleared, 4)


def test_undo_change_is_recorded_in_the_history(sentence, reviewer):
    annotate_sentence(reviewer, sentence, full_entry(sentence))
    clear_verdict(reviewer, sentence, 1)
    undo_change(reviewer, sentence, 2)
    event = db.session.scalars(sa.select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert (event.action, event.before["verdict"], event.after["verdict"]) == (
        "annotation.undo",
        None,
        "disputed",
    )
    assert (event.after["version"], event.after["restored"]) == (3, 1)


def test_undo_change_refuses_when_the_annotation_changed_since(sentence, reviewer):
    annotate_sentence(reviewer, sentence, full_entry(sentence))
    clear_verdict(reviewer, sentence, 1)
    annotate_sentence(reviewer, sentence, AnnotationEntry(Verdict.verified), 2)  # other tab
    with pytest.raises(StaleVersion, match="changed since"):
        undo_change(reviewer, sentence, 2)


def test_undo_change_refuses_after_the_window(sentence, reviewer):
    annotate_sentence(reviewer, sentence, full_entry(sentence))
    later = utcnow() + UNDO_WINDOW + timedelta(seconds=1)
    with pytest.raises(InvalidTransition, match="Too late to undo"):
        undo_change(reviewer, sentence, 1, now=later)


def test_undo_change_without_an_annotation_is_refused(sentence, reviewer):
    with pytest.raises(InvalidTransition, match="no change"):
        undo_change(reviewer, sentence, 0)


def test_undo_change_refuses_when_the_version_before_is_not_kept(sentence, reviewer):
    annotate_sentence(reviewer, sentence, full_entry(sentence))
    annotate_sentence(reviewer, sentence, AnnotationEntry(Verdict.verified), 1)
    db.session.execute(sa.delete(AnnotationRevision))  # an imported record without history
    with pytest.raises(NotFound, match="no version 1"):
        undo_change(reviewer, sentence, 2)


def test_undo_change_refuses_a_viewer_and_a_published_article(sentence, reviewer, make_member):
    with pytest.raises(PermissionDenied):
        undo_change(make_member(Role.viewer), sentence, 1)
    sentence.article.state = ArticleState.published
    with pytest.raises(InvalidTransition, match="published"):
        undo_change(reviewer, sentence, 1)


def test_undo_change_never_touches_a_teammates_annotation(sentence, reviewer, make_member):
    annotate_sentence(reviewer, sentence, full_entry(sentence))
    with pytest.raises(InvalidTransition):
        undo_change(make_member(Role.reviewer), sentence, 1)
    assert find_annotation(sentence, reviewer).version == 1


# Restore ---------------------------------------------------------------------------------


def test_restore_version_makes_an_earlier_version_current(sentence, reviewer):
    first = content(annotate_sentence(reviewer, sentence, full_entry(sentence)))
    annotate_sentence(reviewer, sentence, AnnotationEntry(Verdict.verified, "Fine."), 1)
    clear_verdict(reviewer, sentence, 2)
    restored = restore_version(reviewer, sentence, 1, 3)
    assert (content(restored), restored.version) == (first, 4)
    event = db.session.scalars(sa.select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert (event.action, event.after["restored"]) == ("annotation.restore", 1)


@pytest.mark.parametrize(
    ("number", "error", "message"),
    [(2, ValidationError, "current one"), (9, NotFound, "no version 9")],
)
def test_restore_version_refuses_a_wrong_or_unknown_version(
    sentence, reviewer, number, error, message
):
    annotate_sentence(reviewer, sentence, full_entry(sentence))
    annotate_sentence(reviewer, sentence, AnnotationEntry(Verdict.verified), 1)
    with pytest.raises(error, match=message):
        restore_version(reviewer, sentence, number, 2)


def test_restore_version_refuses_a_stale_page(sentence, reviewer):
    annotate_sentence(reviewer, sentence, full_entry(sentence))
    annotate_sentence(reviewer, sentence, AnnotationEntry(Verdict.verified), 1)
    with pytest.raises(StaleVersion):
        restore_version(reviewer, sentence, 1, 1)


def test_restore_version_without_an_annotation_is_not_found(sentence, reviewer):
    with pytest.raises(NotFound, match="not annotated"):
        restore_version(reviewer, sentence, 1)


def test_restore_version_after_a_revision_keeps_the_span_on_the_same_words(
    article, sentence, reviewer, make_member
):
    annotate_sentence(reviewer, sentence, full_entry(sentence))
    annotate_sentence(reviewer, sentence, AnnotationEntry(Verdict.verified), 1)
    revise(article, make_member(Role.editor), "Officials met", "Officials first met")
    restored = restore_version(reviewer, sentence, 1)
    assert content(restored)["span"] == "212"
    assert restored.reviewed_text is None


def test_restore_version_after_the_judged_words_changed_puts_no_span_on_other_words(
    article, sentence, reviewer, make_member
):
    annotate_sentence(reviewer, sentence, full_entry(sentence))
    annotate_sentence(reviewer, sentence, AnnotationEntry(Verdict.verified), 1)
    judged = sentence.text_in(article.text)
    revise(article, make_member(Role.editor), "212", "198")
    restored = restore_version(reviewer, sentence, 1)
    assert (restored.has_span, restored.span_quote) == (False, "212")
    assert (restored.reviewed_text, restored.reviewed_version) == (judged, 1)
    assert restored.changed_since_review


def test_restore_version_keeps_the_mark_of_a_version_judged_on_earlier_words(
    article, sentence, reviewer, make_member
):
    annotate_sentence(reviewer, sentence, full_entry(sentence))
    judged = sentence.text_in(article.text)
    revise(article, make_member(Role.editor), "212", "198")
    annotate_sentence(reviewer, sentence, AnnotationEntry(Verdict.verified), 1)  # new words
    restored = restore_version(reviewer, sentence, 1)
    assert (restored.reviewed_text, restored.span_quote) == (judged, "212")
    assert restored.verdict is Verdict.disputed


def test_restore_version_kept_before_placements_on_an_unrevised_article(sentence, reviewer):
    annotate_sentence(reviewer, sentence, full_entry(sentence))
    annotate_sentence(reviewer, sentence, AnnotationEntry(Verdict.verified), 1)
    db.session.execute(sa.update(AnnotationRevision).values(placement=None))
    db.session.expire_all()
    restored = restore_version(reviewer, sentence, 1)
    assert content(restored)["span"] == "212"


def test_restore_version_kept_before_placements_on_a_revised_article_is_refused(
    article, sentence, reviewer, make_member
):
    annotate_sentence(reviewer, sentence, full_entry(sentence))
    annotate_sentence(reviewer, sentence, AnnotationEntry(Verdict.verified), 1)
    db.session.execute(sa.update(AnnotationRevision).values(placement=None))
    db.session.expire_all()
    revise(article, make_member(Role.editor), "Officials met", "Officials first met")
    with pytest.raises(InvalidTransition, match="kept before"):
        restore_version(reviewer, sentence, 1)


# The history in words ---------------------------------------------------------------------


def steps_of(actor, sentence):
    history = listing.sentence_activity(actor, sentence)
    steps = annotation_steps(actor, sentence.article, history.events)
    return [steps[view.id] for view in reversed(history.events) if view.id in steps]


def test_history_says_each_change_of_an_annotation_in_plain_words(sentence, reviewer):
    annotate_sentence(reviewer, sentence, full_entry(sentence))
    annotate_sentence(reviewer, sentence, AnnotationEntry(Verdict.verified), 1)
    clear_verdict(reviewer, sentence, 2)
    undo_change(reviewer, sentence, 3)
    restore_version(reviewer, sentence, 1, 4)
    history = listing.sentence_activity(reviewer, sentence)
    words = word_events(history.events)
    name, number = reviewer.name, sentence.index + 1
    assert [words[view.id] for view in reversed(history.events)] == [
        f"{name} marked sentence {number} disputed",
        f"{name} changed their verdict on sentence {number} to verified",
        f"{name} cleared their verdict on sentence {number}",
        f"{name} undid their last change on sentence {number}",
        f"{name} restored version 1 of their verdict on sentence {number}",
    ]


def test_annotation_steps_show_each_version_whole(sentence, reviewer):
    annotate_sentence(reviewer, sentence, full_entry(sentence))
    clear_verdict(reviewer, sentence, 1)
    marked, cleared = steps_of(reviewer, sentence)
    for step in (marked, cleared):  # a clear shows what it cleared
        shown = step.shown
        assert (shown.number, shown.verdict, shown.note) == (
            1,
            Verdict.disputed,
            "The budget says 198.",
        )
        assert shown.span_words == "212"
        assert [(s["title"], s["quote"]) for s in shown.sources] == [
            ("City budget 2026", "spent 198 on the board"),
            ("Council minutes", "the figure was revised"),
        ]


def test_annotation_steps_offer_restore_on_my_earlier_versions_only(
    sentence, reviewer, make_member
):
    annotate_sentence(reviewer, sentence, full_entry(sentence))
    annotate_sentence(reviewer, sentence, AnnotationEntry(Verdict.verified), 1)
    mate = make_member(Role.reviewer)
    annotate_sentence(mate, sentence, AnnotationEntry(Verdict.verified))
    annotate_sentence(mate, sentence, AnnotationEntry(Verdict.disputed), 1)
    mine = steps_of(reviewer, sentence)
    assert [(s.restore_index, s.based_on) for s in mine] == [
        (sentence.index, 2),  # my version 1
        (None, None),  # my current version
        (None, None),  # a teammate's versions
        (None, None),
    ]
    assert all(step.restore_index is None for step in steps_of(make_member(Role.viewer), sentence))


def test_annotation_steps_offer_no_restore_on_a_published_article(sentence, reviewer):
    annotate_sentence(reviewer, sentence, full_entry(sentence))
    annotate_sentence(reviewer, sentence, AnnotationEntry(Verdict.verified), 1)
    sentence.article.state = ArticleState.published
    assert all(step.restore_index is None for step in steps_of(reviewer, sentence))


def test_annotation_steps_read_spans_in_the_text_of_their_time(
    article, sentence, reviewer, make_member
):
    annotate_sentence(reviewer, sentence, full_entry(sentence))
    revise(article, make_member(Role.editor), "Officials met", "Yesterday, officials met")
    assert steps_of(reviewer, sentence)[0].shown.span_words == "212"


def test_annotation_steps_of_a_history_older_than_any_kept_text_show_no_words(
    article, sentence, reviewer, make_member
):
    annotate_sentence(reviewer, sentence, full_entry(sentence))
    revise(article, make_member(Role.editor), "Officials met", "Yesterday, officials met")
    db.session.execute(
        sa.update(AuditEvent).values(created_at=article.created_at - timedelta(days=1))
    )
    db.session.execute(sa.text("DELETE FROM article_version"))
    db.session.expire_all()
    assert steps_of(reviewer, sentence)[0].shown.span_words == ""
