"""A reviewer's unsaved words on a sentence, kept on the server as a draft only they see.

A draft holds what the reviewer typed in a sentence's form (note, sources, span) until
they save it with a verdict, discard it, or clear a verdict, whose words land here. It
records no history and no event: nobody but its author ever learns of it.

When a revision of the article loses the sentence, the draft is unplaced (services/
revisions.py): its author finds it in the article's Unplaced list, and discards it or
moves it onto a sentence of their choice.
"""

from dataclasses import dataclass, field

import sqlalchemy as sa

from annotator import limits
from annotator.auth.permissions import Action
from annotator.errors import NotFound, ValidationError
from annotator.extensions import db
from annotator.models import Annotation, Article, Draft, Sentence, User, utcnow
from annotator.services.access import require
from annotator.services.entries import SourceEntry, check_sources, span_inside
from annotator.services.revisions import find_sentence
from annotator.services.workflow import ensure_writable
from annotator.storage.locks import lock_record


@dataclass
class DraftEntry:
    """What the reviewer's form holds while they type."""

    note: str = ""
    span: tuple[int, int] | None = None
    sources: list[SourceEntry] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.note.strip() or self.span or self.sources)


def find_draft(reviewer: User, sentence: Sentence) -> Draft | None:
    """Return the reviewer's own draft on the sentence, if they have one."""
    require(reviewer, sentence.article.team_id, Action.annotate)
    return draft_of(reviewer, sentence)


def keep_draft(reviewer: User, sentence: Sentence, entry: DraftEntry) -> Draft | None:
    """Keep what the reviewer typed as their draft; a form that holds their saved words
    unchanged (none at all, when they have no verdict) keeps none (None)."""
    require(reviewer, sentence.article.team_id, Action.annotate)
    ensure_writable(sentence.article)
    check_draft_entry(sentence, entry)
    lock_record(sentence.id, reviewer.id)
    if says_what_is_saved(reviewer, sentence, entry):
        drop_draft(reviewer, sentence)
        return None
    return put_draft(
        reviewer, sentence, entry.note, entry.span, [s.as_row() for s in entry.sources]
    )


def discard_draft(reviewer: User, sentence: Sentence) -> bool:
    """Drop the reviewer's draft on the sentence; tell whether there was one."""
    require(reviewer, sentence.article.team_id, Action.annotate)
    ensure_writable(sentence.article)
    lock_record(sentence.id, reviewer.id)
    return drop_draft(reviewer, sentence)


def check_draft_entry(sentence: Sentence, entry: DraftEntry) -> None:
    """Raise ValidationError naming every field past its limit (addresses may be half-typed)."""
    errors: dict[str, str] = {}
    if problem := limits.NOTE.problem(entry.note):
        errors["note"] = problem
    if entry.span is not None and not span_inside(sentence, entry.span):
        errors["span"] = "The highlighted words must lie inside the sentence."
    errors.update(check_sources(entry.sources, complete=False))
    if errors:
        raise ValidationError(errors)


def draft_of(reviewer: User, sentence: Sentence) -> Draft | None:
    return db.session.scalar(
        sa.select(Draft).where(Draft.sentence_id == sentence.id, Draft.reviewer_id == reviewer.id)
    )


def drop_draft(reviewer: User, sentence: Sentence) -> bool:
    """Delete the reviewer's draft on the sentence, for callers that authorized already."""
    deleted = db.session.execute(
        sa.delete(Draft).where(Draft.sentence_id == sentence.id, Draft.reviewer_id == reviewer.id)
    )
    return bool(deleted.rowcount)


def put_draft(
    reviewer: User,
    sentence: Sentence,
    note: str,
    span: tuple[int, int] | None,
    sources: list[dict],
) -> Draft:
    """Write the draft, replacing the reviewer's earlier one on the sentence."""
    draft = draft_of(reviewer, sentence)
    if draft is None:
        draft = Draft(
            sentence_id=sentence.id, article_id=sentence.article_id, reviewer_id=reviewer.id
        )
        db.session.add(draft)
    draft.note = note.strip()
    draft.span_start, draft.span_end = span or (None, None)
    draft.sources = sources
    draft.kept_at = utcnow()
    db.session.flush()
    return draft


def hold_cleared_words(annotation: Annotation) -> Draft | None:
    """Keep a cleared annotation's note, span and sources as its reviewer's draft.

    A draft the reviewer already has stays as it is: it holds what their form showed, newer
    than the annotation; the cleared words stay in the annotation's history.
    """
    reviewer, sentence = annotation.reviewer, annotation.sentence
    existing = draft_of(reviewer, sentence)
    if existing is not None:
        return existing
    note, span, sources = words_of(annotation)
    if not (note or span or sources):
        return None
    return put_draft(reviewer, sentence, note, span, sources)


def drop_draft_now_saved(annotation: Annotation) -> None:
    """Drop the reviewer's draft when it holds just what the annotation now says.

    Undoing a clear puts back the words the clear left in the draft: they are saved again,
    so the form must not call them unsaved. A draft with other (newer) words stays.
    """
    draft = draft_of(annotation.reviewer, annotation.sentence)
    if draft is None:
        return
    span = (draft.span_start, draft.span_end) if draft.span_start is not None else None
    if words_of(annotation) == (draft.note, span, draft.sources):
        db.session.delete(draft)


def says_what_is_saved(reviewer: User, sentence: Sentence, entry: DraftEntry) -> bool:
    """Tell whether the form holds the reviewer's saved words unchanged: nothing to keep."""
    annotation = db.session.scalar(
        sa.select(Annotation).where(
            Annotation.sentence_id == sentence.id,
            Annotation.reviewer_id == reviewer.id,
            Annotation.verdict.is_not(None),
        )
    )
    if annotation is None:
        return entry.is_empty
    return words_of(annotation) == (
        entry.note.strip(),
        tuple(entry.span) if entry.span else None,
        [s.as_row() for s in entry.sources],
    )


def words_of(annotation: Annotation) -> tuple[str, tuple[int, int] | None, list[dict]]:
    """Return an annotation's note, span and source rows: what a draft holds."""
    span = (annotation.span_start, annotation.span_end) if annotation.has_span else None
    sources = [{"url": s.url, "title": s.title, "quote": s.quote} for s in annotation.sources]
    return annotation.note, span, sources


def draft_sources(draft: Draft) -> list[SourceEntry]:
    """Return the draft's source rows as entries, for the form."""
    return [SourceEntry(row["url"], row["title"], row["quote"]) for row in draft.sources]


def find_unplaced_draft(reviewer: User, article: Article, draft_id: int) -> Draft:
    """Return the reviewer's own unplaced draft on the article; anyone else's is not found:
    a teammate must not even learn that it exists."""
    require(reviewer, article.team_id, Action.annotate)
    draft = db.session.scalar(
        sa.select(Draft).where(
            Draft.id == draft_id,
            Draft.unplaced_article_id == article.id,
            Draft.reviewer_id == reviewer.id,
        )
    )
    if draft is None:
        raise NotFound("You have no such unplaced draft on this article.")
    return draft


def discard_unplaced_draft(reviewer: User, article: Article, draft_id: int) -> None:
    """Drop the reviewer's unplaced draft, on their own word only."""
    draft = find_unplaced_draft(reviewer, article, draft_id)
    ensure_writable(article)
    db.session.delete(draft)
    db.session.flush()


def attach_unplaced_draft(
    reviewer: User, article: Article, draft_id: int, index: int | None
) -> Draft:
    """Make the reviewer's unplaced draft their draft on the sentence at this position;
    refuse when they have a draft there already (one of the two would be lost)."""
    draft = find_unplaced_draft(reviewer, article, draft_id)
    ensure_writable(article)
    sentence = find_sentence(article, index)
    lock_record(sentence.id, reviewer.id)
    if draft_of(reviewer, sentence) is not None:
        raise ValidationError(
            {
                "sentence": f"You have a draft on sentence {sentence.index + 1} already: "
                "save or discard it first."
            }
        )
    draft.sentence, draft.article = sentence, article
    draft.unplaced_article_id = None
    # The lost sentence's words stay with the unplaced draft only: placed, it is about these.
    draft.reviewed_text = None
    db.session.flush()
    return draft
