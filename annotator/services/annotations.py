"""Annotating sentences: a reviewer's verdict, note, span and sources, with history."""

from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from annotator import limits
from annotator.auth.permissions import Action
from annotator.errors import StaleVersion, ValidationError
from annotator.extensions import db
from annotator.models import (
    Annotation,
    AnnotationRevision,
    Article,
    Sentence,
    Source,
    User,
    Verdict,
    utcnow,
)
from annotator.services.access import require
from annotator.services.audit import record_event_in
from annotator.services.drafts import drop_draft, hold_cleared_words
from annotator.services.entries import SourceEntry, check_sources, span_inside
from annotator.services.workflow import ensure_writable
from annotator.storage.locks import lock_record


@dataclass
class AnnotationEntry:
    """What a reviewer submits for one sentence."""

    verdict: Verdict
    note: str = ""
    span: tuple[int, int] | None = None
    sources: list[SourceEntry] = field(default_factory=list)


def find_annotation(sentence: Sentence, reviewer: User) -> Annotation | None:
    """Return the reviewer's current annotation on the sentence (sources loaded), if any."""
    query = (
        sa.select(Annotation)
        .options(joinedload(Annotation.sources))
        .where(Annotation.sentence_id == sentence.id, Annotation.reviewer_id == reviewer.id)
    )
    return db.session.scalars(query).unique().first()


def find_annotation_to_change(sentence: Sentence, reviewer: User) -> Annotation | None:
    """Like find_annotation, once other writers of this annotation wait for the commit.

    Without the lock, two writes based on the same version could both pass the version
    check on PostgreSQL, and the second would silently overwrite the first.
    """
    lock_record(sentence.id, reviewer.id)
    return find_annotation(sentence, reviewer)


def check_entry(sentence: Sentence, entry: AnnotationEntry) -> None:
    """Raise ValidationError naming every field of the entry that breaks a rule."""
    errors: dict[str, str] = {}
    if not isinstance(entry.verdict, Verdict):
        errors["verdict"] = "Choose Verified, Unverified or Disputed."
    if problem := limits.NOTE.problem(entry.note):
        errors["note"] = problem
    if entry.span is not None and not span_inside(sentence, entry.span):
        errors["span"] = "The highlighted words must lie inside the sentence."
    errors.update(check_sources(entry.sources))
    if errors:
        raise ValidationError(errors)


def check_version(annotation: Annotation | None, expected_version: int | None) -> None:
    """Refuse a write based on a version other than the current one (None: don't check)."""
    if expected_version is None:
        return
    current = annotation.version if annotation else 0
    if expected_version != current:
        raise StaleVersion(
            "Someone changed this annotation since you opened it: "
            f"you edited version {expected_version}, the current one is {current}.",
            current=annotation,
        )


def annotate_sentence(
    reviewer: User,
    sentence: Sentence,
    entry: AnnotationEntry,
    expected_version: int | None = None,
    *,
    from_draft: bool = True,
) -> Annotation:
    """Set the reviewer's verdict, note, span and sources on a sentence.

    ``expected_version`` is the version the reviewer's form was based on (0: no annotation
    yet); a different current version raises StaleVersion instead of overwriting.
    ``from_draft`` says the entry is what the reviewer typed, so their draft is used up;
    words that come from elsewhere (an adopted settlement) leave the draft alone.
    """
    require(reviewer, sentence.article.team_id, Action.annotate)
    ensure_writable(sentence.article)
    check_entry(sentence, entry)
    annotation = find_annotation_to_change(sentence, reviewer)
    check_version(annotation, expected_version)
    if from_draft:
        # The draft becomes the annotation: one transaction, so the words live in one place.
        drop_draft(reviewer, sentence)
    before = audit_state(annotation) if annotation else None
    if annotation is None:
        annotation = Annotation(
            sentence=sentence, article_id=sentence.article_id, reviewer=reviewer
        )
        db.session.add(annotation)
        apply_entry(annotation, entry)
    elif snapshot(annotation) != snapshot_of_entry(entry) or annotation.reviewed_text:
        # Saved again after a revision changed the words, even unchanged: the reviewer
        # now judges the words the sentence has.
        record_revision(annotation)
        apply_entry(annotation, entry)
        annotation.reviewed_text = annotation.reviewed_version = None
    else:
        return annotation
    db.session.flush()
    first = before is None or before["verdict"] is None
    action = "annotation.set" if first else "annotation.change"
    record_annotation_event(reviewer, annotation, action, before)
    return annotation


def clear_verdict(
    reviewer: User, sentence: Sentence, expected_version: int | None = None
) -> Annotation | None:
    """Withdraw the reviewer's verdict on the sentence; the history keeps what it was.

    Only the verdict goes: the note, span and sources move to the reviewer's draft, for
    them to save again with another verdict or to discard.
    """
    require(reviewer, sentence.article.team_id, Action.annotate)
    ensure_writable(sentence.article)
    annotation = find_annotation_to_change(sentence, reviewer)
    check_version(annotation, expected_version)
    if annotation is None or annotation.verdict is None:
        return annotation
    before = audit_state(annotation)
    record_revision(annotation)
    hold_cleared_words(annotation)
    annotation.verdict, annotation.note = None, ""
    annotation.span_start = annotation.span_end = None
    annotation.sources = []
    annotation.updated_at = utcnow()
    db.session.flush()
    record_annotation_event(reviewer, annotation, "annotation.clear", before)
    return annotation


def audit_state(annotation: Annotation) -> dict:
    """Return the annotation's content as JSON values, for the history."""
    state = snapshot(annotation)
    return {
        **state,
        "verdict": annotation.verdict.value if annotation.verdict else None,
        "span": list(state["span"]) if state["span"] else None,
        # The history offers "Restore this version" on the event that made it.
        "version": annotation.version,
    }


def record_annotation_event(
    reviewer: User, annotation: Annotation, action: str, before: dict | None
) -> None:
    """Append the change of an annotation to the history."""
    record_event_in(
        reviewer,
        annotation.sentence,
        action,
        subject=f"annotation:{annotation.id}",
        before=before,
        after=audit_state(annotation),
    )


def apply_entry(annotation: Annotation, entry: AnnotationEntry) -> None:
    """Copy the entry onto the annotation."""
    annotation.verdict = entry.verdict
    annotation.note = entry.note.strip()
    annotation.span_start, annotation.span_end = entry.span or (None, None)
    annotation.sources = [
        Source(position=number, url=s.url.strip(), title=s.title.strip(), quote=s.quote.strip())
        for number, s in enumerate(entry.sources)
    ]
    annotation.updated_at = utcnow()


def record_revision(annotation: Annotation) -> None:
    """Keep the annotation's current state in its history and bump its version."""
    state = snapshot(annotation)
    db.session.add(
        AnnotationRevision(
            annotation=annotation,
            version=annotation.version,
            verdict=annotation.verdict,
            note=annotation.note,
            span_start=annotation.span_start,
            span_end=annotation.span_end,
            sources=state["sources"],
            placement=placement_of(annotation),
            recorded_at=annotation.updated_at,
        )
    )
    annotation.version += 1


def placement_of(annotation: Annotation) -> dict:
    """Return where the annotation's span offsets sit now, for putting the version back.

    Offsets index the article text of this moment; a later revision of the article moves
    the current annotation's span but not its kept versions, so undo and restore need the
    sentence's words and start as they are now (services/annotation_history.py).
    """
    sentence = annotation.sentence
    # Cut in SQL: a write to a sentence does not load the article's text (up to megabytes).
    words, version = db.session.execute(
        sa.select(
            sa.func.substr(Article.text, sentence.start + 1, sentence.end - sentence.start),
            Article.version,
        ).where(Article.id == sentence.article_id)
    ).one()
    return {
        "words": words,
        "start": sentence.start,
        "version": version,
        "span_quote": annotation.span_quote,
        "reviewed_text": annotation.reviewed_text,
        "reviewed_version": annotation.reviewed_version,
    }


def snapshot(annotation: Annotation) -> dict:
    """Return the annotation's reviewable content as plain values, for comparing."""
    return {
        "verdict": annotation.verdict,
        "note": annotation.note,
        "span": (annotation.span_start, annotation.span_end) if annotation.has_span else None,
        "sources": [{"url": s.url, "title": s.title, "quote": s.quote} for s in annotation.sources],
    }


def snapshot_of_entry(entry: AnnotationEntry) -> dict:
    """Return an entry's content in the shape of ``snapshot``."""
    return {
        "verdict": entry.verdict,
        "note": entry.note.strip(),
        "span": tuple(entry.span) if entry.span else None,
        "sources": [
            {"url": s.url.strip(), "title": s.title.strip(), "quote": s.quote.strip()}
            for s in entry.sources
        ],
    }
