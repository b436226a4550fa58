"""The floor of an annotation write: the same SQL statements, without the application.

`bench/writes.py` serves this beside the bare insert (bench/bare_app.py): one endpoint
that takes the same JSON body and bearer token as the API's annotation PUT and runs the
statements that write runs, one after another, with SQLAlchemy Core. It has no ORM, no
Flask extensions, no input checking and no error handling: it only tells how close the
stack's own cost of this work comes to the one-row insert, so that the gap between it and
the annotator is what the application adds.

Statements, as the annotator issues them: the token with its owner; the sentence with its
article and the caller's role; the record lock (ADR 12); the current annotation with its
sources; then either the annotation inserted, or its revision kept, the annotation updated
and its sources removed; the sources inserted; the chain lock (PostgreSQL), the last
event's hash and the new event; the commit.
"""

import sqlalchemy as sa
from flask import Flask, jsonify, request

from annotator.models import (
    AccessToken,
    Annotation,
    AnnotationRevision,
    Article,
    AuditEvent,
    Membership,
    Sentence,
    Source,
    User,
    Verdict,
    utcnow,
)
from annotator.models.audit import GENESIS_HASH, hash_content
from annotator.services.audit import lock_chain
from annotator.services.tokens import hash_secret
from annotator.storage.locks import lock_record_on
from annotator.web.transactions import locks_late

ANNOTATION, SOURCE, REVISION = Annotation.__table__, Source.__table__, AnnotationRevision.__table__
EVENT = AuditEvent.__table__

FIND_CALLER = (
    sa.select(User.__table__.c.id, User.__table__.c.name)
    .join(AccessToken.__table__, AccessToken.__table__.c.user_id == User.__table__.c.id)
    .where(AccessToken.__table__.c.token_hash == sa.bindparam("hash"))
)
FIND_SENTENCE = (
    sa.select(
        Sentence.__table__.c.id,
        Sentence.__table__.c.article_id,
        Article.__table__.c.team_id,
        Membership.__table__.c.role,
    )
    .join(Article.__table__, Article.__table__.c.id == Sentence.__table__.c.article_id)
    .join(Membership.__table__, Membership.__table__.c.team_id == Article.__table__.c.team_id)
    .where(
        Article.__table__.c.id == sa.bindparam("article_id"),
        Sentence.__table__.c.index == sa.bindparam("index"),
        Membership.__table__.c.user_id == sa.bindparam("user_id"),
    )
)
FIND_ANNOTATION = (
    sa.select(ANNOTATION, SOURCE.c.url, SOURCE.c.title, SOURCE.c.quote)
    .outerjoin(SOURCE, SOURCE.c.annotation_id == ANNOTATION.c.id)
    .where(
        ANNOTATION.c.sentence_id == sa.bindparam("sentence_id"),
        ANNOTATION.c.reviewer_id == sa.bindparam("reviewer_id"),
    )
)
LAST_HASH = sa.select(EVENT.c.hash).order_by(EVENT.c.id.desc()).limit(1)


def register_write_floor(app: Flask, engine: sa.Engine) -> None:
    """Add PUT /floor/articles/<id>/sentences/<index>/annotation to the bare app."""

    @app.put("/floor/articles/<int:article_id>/sentences/<int:index>/annotation")
    @locks_late
    def put_annotation_floor(article_id: int, index: int):
        body = request.get_json()
        secret = request.headers["Authorization"].removeprefix("Bearer ")
        with engine.begin() as connection:
            caller = connection.execute(FIND_CALLER, {"hash": hash_secret(secret)}).one()
            found = {"article_id": article_id, "index": index, "user_id": caller.id}
            sentence = connection.execute(FIND_SENTENCE, found).one()
            lock_record_on(connection, sentence.id, caller.id)
            mine = {"sentence_id": sentence.id, "reviewer_id": caller.id}
            current = connection.execute(FIND_ANNOTATION, mine).all()
            annotation_id, version = write_annotation(connection, article_id, mine, current, body)
            write_sources(connection, annotation_id, body["sources"])
            write_event(connection, caller, sentence, annotation_id, current, body)
        return jsonify({"id": annotation_id, "version": version})


def write_annotation(connection, article_id: int, mine: dict, current: list, body: dict):
    """Insert the annotation, or keep its revision, update it and drop its sources."""
    now = utcnow()
    values = {"verdict": Verdict(body["verdict"]), "note": body["note"], "updated_at": now}
    if not current:
        inserted = connection.execute(
            sa.insert(ANNOTATION).values(**mine, **values, article_id=article_id, created_at=now)
        )
        return inserted.inserted_primary_key[0], 1
    row = current[0]
    sources = [{"url": r.url, "title": r.title, "quote": r.quote} for r in current if r.url]
    connection.execute(
        sa.insert(REVISION).values(
            annotation_id=row.id,
            version=row.version,
            verdict=row.verdict,
            note=row.note,
            sources=sources,
            recorded_at=row.updated_at,
        )
    )
    connection.execute(
        sa.update(ANNOTATION)
        .where(ANNOTATION.c.id == row.id)
        .values(**values, version=row.version + 1)
    )
    connection.execute(sa.delete(SOURCE).where(SOURCE.c.annotation_id == row.id))
    return row.id, row.version + 1


def write_sources(connection, annotation_id: int, sources: list[dict]) -> None:
    rows = [
        {"annotation_id": annotation_id, "position": n, "title": "", "quote": "", **source}
        for n, source in enumerate(sources)
    ]
    if rows:
        connection.execute(sa.insert(SOURCE), rows)


def write_event(connection, caller, sentence, annotation_id: int, current: list, body: dict):
    """Append the event to the hash chain, as services.audit.record_event does."""
    lock_chain(connection)
    previous = connection.execute(LAST_HASH).scalar() or GENESIS_HASH
    now = utcnow()
    before = {"verdict": current[0].verdict.value, "note": current[0].note} if current else None
    content = {
        "team_id": sentence.team_id,
        "actor_id": caller.id,
        "actor_name": caller.name,
        "action": "annotation.change" if current else "annotation.set",
        "article_id": sentence.article_id,
        "sentence_id": sentence.id,
        "subject": f"annotation:{annotation_id}",
        "before": before,
        "after": {"verdict": body["verdict"], "note": body["note"], "sources": body["sources"]},
        "created_at": now.isoformat(timespec="microseconds"),
        "previous_hash": previous,
    }
    event = {**content, "created_at": now, "hash": hash_content(content)}
    connection.execute(sa.insert(EVENT).values(**event))
