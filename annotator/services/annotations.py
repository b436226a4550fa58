"""Annotating sentences: a reviewer's verdict, note, span and sources, with history."""

from dataclasses import dataclass, field
from types import SimpleNamespace

import sqlalchemy as sa
from sqlalchemy.orm import joinedload
from sqlalchemy.orm.util import identity_key

from annotator import limits
from annotator.auth.permissions import Action
from annotator.errors import StaleVersion, ValidationError
from annotator.extensions import db
from annotator.models import (
    Annotation,
    AnnotationRevision,
    Article,
    Draft,
    Sentence,
    Source,
    User,
    Verdict,
    utcnow,
)
from annotator.services.access import require
from annotator.services.audit import append_event, record_event_in
from annotator.services.drafts import drop_draft, hold_cleared_words
from annotator.services.entries import SourceEntry, check_sources, span_inside
from annotator.services.whole_article import AnnotationRow
from annotator.services.workflow import ensure_writable
from annotator.storage.locks import lock_record, lock_record_on


@dataclass
class AnnotationEntry:
    """What a reviewer submits for one sentence."""

    verdict: Verdict
    note: str = ""
    span: tuple[int, int] | None = None
    sources: list[SourceEntry] = field(default_factory=list)


ANNOTATION, SOURCE = Annotation.__table__, Source.__table__
#: The reviewer's annotation of a sentence, a row per source in order (one with no source).
CURRENT = (
    sa.select(
        ANNOTATION,
        SOURCE.c.url.label("source_url"),
        SOURCE.c.title.label("source_title"),
        SOURCE.c.quote.label("source_quote"),
    )
    .outerjoin(SOURCE, SOURCE.c.annotation_id == ANNOTATION.c.id)
    .where(
        ANNOTATION.c.sentence_id == sa.bindparam("sentence_id"),
        ANNOTATION.c.reviewer_id == sa.bindparam("reviewer_id"),
    )
    .order_by(SOURCE.c.position)
)
ADD_ANNOTATION = sa.insert(ANNOTATION)
CHANGE_ANNOTATION = sa.update(ANNOTATION).where(ANNOTATION.c.id == sa.bindparam("annotation_id"))
KEEP_REVISION = sa.insert(AnnotationRevision.__table__)
ADD_SOURCES = sa.insert(SOURCE)
DROP_SOURCES = sa.delete(SOURCE).where(SOURCE.c.annotation_id == sa.bindparam("annotation_id"))
DROP_DRAFT = sa.delete(Draft.__table__).where(
    Draft.__table__.c.sentence_id == sa.bindparam("sentence_id"),
    Draft.__table__.c.reviewer_id == sa.bindparam("reviewer_id"),
)
#: The sentence's words in the article now, and the article's version.
WORDS_NOW = sa.select(
    sa.func.substr(Article.__table__.c.text, sa.bindparam("from"), sa.bindparam("length")),
    Article.__table__.c.version,
).where(Article.__table__.c.id == sa.bindparam("article_id"))


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


def check_version(annotation, expected_version: int | None) -> None:
    """Refuse a write based on a version other than the current one (None: don't check).

    ``annotation`` is the current record, or its row, or None when there is none yet.
    """
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
    saved = save_annotation(reviewer, sentence, entry, expected_version, from_draft=from_draft)
    return db.session.get(Annotation, saved.id)


def save_annotation(
    reviewer: User,
    sentence: Sentence,
    entry: AnnotationEntry,
    expected_version: int | None = None,
    *,
    from_draft: bool = True,
) -> AnnotationRow:
    """`annotate_sentence`, returning the annotation as a row (what the API answers with).

    The write runs as plain statements on the session's connection, in its transaction
    (ADR 23): the ORM's unit of work cost more than the statements themselves. Whatever
    the session holds is written first, and a copy of the annotation it holds is expired,
    so ORM readers later in the transaction see the write.
    """
    require(reviewer, sentence.article.team_id, Action.annotate)
    ensure_writable(sentence.article)
    check_entry(sentence, entry)
    db.session.flush()
    connection = db.session.connection()
    lock_record_on(connection, sentence.id, reviewer.id)
    mine = {"sentence_id": sentence.id, "reviewer_id": reviewer.id}
    rows = connection.execute(CURRENT, mine).all()
    current = rows[0] if rows else None
    try:
        check_version(current, expected_version)
    except StaleVersion as stale:
        stale.current = find_annotation(sentence, reviewer)  # the 409 shows the record
        raise
    if from_draft:
        # The draft becomes the annotation: one transaction, so the words live in one place.
        drop_draft_on(connection, reviewer, sentence)
    wanted = snapshot_of_entry(entry)
    now = utcnow()
    values = {
        "verdict": entry.verdict,
        "note": wanted["note"],
        "span_start": entry.span[0] if entry.span else None,
        "span_end": entry.span[1] if entry.span else None,
        "updated_at": now,
    }
    if current is None:
        before = None
        created_at, version = now, 1
        written = {**mine, **values, "article_id": sentence.article_id, "version": 1}
        inserted = connection.execute(ADD_ANNOTATION, {**written, "created_at": now})
        annotation_id = inserted.inserted_primary_key[0]
    else:
        kept = [
            {"url": row.source_url, "title": row.source_title, "quote": row.source_quote}
            for row in rows
            if row.source_url is not None
        ]
        content = content_of(current, kept)
        if content == wanted and not current.reviewed_text:
            return annotation_row(current, sentence, reviewer, kept)
        # Saved again after a revision changed the words, even unchanged: the reviewer
        # now judges the words the sentence has.
        before = history_state(content, current.version)
        annotation_id, created_at, version = current.id, current.created_at, current.version + 1
        keep_revision_of(connection, sentence, current, kept)
        changed = {**values, "version": version, "reviewed_text": None, "reviewed_version": None}
        connection.execute(CHANGE_ANNOTATION, {**changed, "annotation_id": annotation_id})
        connection.execute(DROP_SOURCES, {"annotation_id": annotation_id})
    sources = wanted["sources"]
    if sources:
        connection.execute(
            ADD_SOURCES,
            [
                {"annotation_id": annotation_id, "position": number, **source}
                for number, source in enumerate(sources)
            ],
        )
    expire_loaded(annotation_id)
    first = before is None or before["verdict"] is None
    append_event(
        connection,
        {
            "team_id": sentence.article.team_id,
            "actor_id": reviewer.id,
            "actor_name": reviewer.name,
            "action": "annotation.set" if first else "annotation.change",
            "article_id": sentence.article_id,
            "sentence_id": sentence.id,
            "subject": f"annotation:{annotation_id}",
            "before": before,
            "after": history_state(wanted, version),
        },
    )
    saved = {**values, "id": annotation_id, "version": version, "created_at": created_at}
    return annotation_row(SimpleNamespace(**saved), sentence, reviewer, sources)


def annotation_row(record, sentence: Sentence, reviewer: User, sources: list[dict]):
    """Return an annotation written or read as plain values, with its sources, as a row."""
    return AnnotationRow(
        id=record.id,
        article_id=sentence.article_id,
        sentence_index=sentence.index,
        reviewer_id=reviewer.id,
        reviewer_name=reviewer.name,
        verdict=record.verdict,
        note=record.note,
        span_start=record.span_start,
        span_end=record.span_end,
        version=record.version,
        created_at=record.created_at,
        updated_at=record.updated_at,
        sources=tuple(SourceEntry(**source) for source in sources),
    )


def drop_draft_on(connection: sa.Connection, reviewer: User, sentence: Sentence) -> None:
    """Delete the reviewer's draft on the sentence; a session that holds drafts drops its
    copy too (the ORM's delete does that), one that holds none needs only the statement."""
    session = db.session()
    if any(isinstance(record, Draft) for record in session.identity_map.values()):
        drop_draft(reviewer, sentence)
    else:
        connection.execute(DROP_DRAFT, {"sentence_id": sentence.id, "reviewer_id": reviewer.id})


def keep_revision_of(connection: sa.Connection, sentence: Sentence, current, sources: list) -> None:
    """Keep the annotation's current state (a row) in its history, as `record_revision` does."""
    connection.execute(
        KEEP_REVISION,
        {
            "annotation_id": current.id,
            "version": current.version,
            "verdict": current.verdict,
            "note": current.note,
            "span_start": current.span_start,
            "span_end": current.span_end,
            "sources": sources,
            "placement": placement_in(connection.execute, sentence, current),
            "recorded_at": current.updated_at,
        },
    )


def expire_loaded(annotation_id: int) -> None:
    """Make the session read the annotation again, if it holds a copy (with its sources)."""
    session = db.session()
    loaded = session.identity_map.get(identity_key(Annotation, annotation_id))
    if loaded is not None:
        session.expire(loaded)


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
    return history_state(snapshot(annotation), annotation.version)


def history_state(content: dict, version: int) -> dict:
    """Return content in the shape of ``snapshot`` as JSON values, with its version."""
    return {
        **content,
        "verdict": content["verdict"].value if content["verdict"] else None,
        "span": list(content["span"]) if content["span"] else None,
        # The history offers "Restore this version" on the event that made it.
        "version": version,
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
    return placement_in(db.session.execute, annotation.sentence, annotation)


def placement_in(execute, sentence: Sentence, record) -> dict:
    """`placement_of` for an annotation read as a record or a row, run by ``execute``."""
    # Cut in SQL: a write to a sentence does not load the article's text (up to megabytes).
    cut = {"article_id": sentence.article_id, "from": sentence.start + 1}
    words, version = execute(WORDS_NOW, {**cut, "length": sentence.end - sentence.start}).one()
    return {
        "words": words,
        "start": sentence.start,
        "version": version,
        "span_quote": record.span_quote,
        "reviewed_text": record.reviewed_text,
        "reviewed_version": record.reviewed_version,
    }


def snapshot(annotation: Annotation) -> dict:
    """Return the annotation's reviewable content as plain values, for comparing."""
    sources = [{"url": s.url, "title": s.title, "quote": s.quote} for s in annotation.sources]
    return content_of(annotation, sources)


def content_of(record, sources: list[dict]) -> dict:
    """Return the content of an annotation (a record or a row) and its sources, as ``snapshot``."""
    span = (record.span_start, record.span_end) if record.span_start is not None else None
    return {"verdict": record.verdict, "note": record.note, "span": span, "sources": sources}


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
