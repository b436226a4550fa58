"""The append-only history: recording events in a hash chain and checking the chain."""

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import make_transient_to_detached

from annotator.extensions import db
from annotator.models import Article, AuditEvent, Sentence, User, utcnow
from annotator.models.audit import GENESIS_HASH, hash_content
from annotator.services.webhooks import capture_event
from annotator.storage.locks import advisory_lock

#: Key of the PostgreSQL advisory lock that serialises appends to the chain.
CHAIN_LOCK = 4_242_001


def lock_chain(connection: sa.Connection) -> None:
    """Make concurrent writers append one after another (SQLite already serialises writes)."""
    if connection.dialect.name == "postgresql":
        advisory_lock(connection, CHAIN_LOCK)


#: The newest event's hash, which the next event chains to.
LAST_HASH = (
    sa.select(AuditEvent.__table__.c.hash).order_by(AuditEvent.__table__.c.id.desc()).limit(1)
)
APPEND = sa.insert(AuditEvent.__table__)


def record_event(
    actor: User | None,
    team_id: int | None,
    action: str,
    *,
    subject: str = "",
    article_id: int | None = None,
    sentence_id: int | None = None,
    before: dict | None = None,
    after: dict | None = None,
) -> AuditEvent:
    """Append one event to the history, chained to the hash of the event before it."""
    db.session.flush()  # what the session holds is written before the event that tells of it
    values = append_event(
        db.session.connection(),
        {
            "team_id": team_id,
            "actor_id": actor.id if actor else None,
            "actor_name": actor.name if actor else "",
            "action": action,
            "article_id": article_id,
            "sentence_id": sentence_id,
            "subject": subject,
            "before": before,
            "after": after,
        },
    )
    # The row is written: the session takes the event as loaded, without reading it back.
    event = AuditEvent(**values)
    make_transient_to_detached(event)
    db.session.add(event)
    return event


def append_event(connection: sa.Connection, fields: dict) -> dict:
    """Write one event on the connection, in its transaction; return the row's values.

    Every event of the history is written here (`record_event`, and the annotation writes
    that run as plain statements: services/annotations.py), so whatever must be written
    with each event, in the same transaction, belongs here. ``fields`` are the content of
    AuditEvent.content() but for the time and the previous hash, which this adds.
    """
    lock_chain(connection)
    previous = connection.execute(LAST_HASH).scalar() or GENESIS_HASH
    now = utcnow()
    content = {
        **fields,
        "created_at": now.isoformat(timespec="microseconds"),
        "previous_hash": previous,
    }
    values = {**content, "created_at": now, "hash": hash_content(content)}
    values["id"] = connection.execute(APPEND, values).inserted_primary_key[0]
    capture_event(connection, values)
    return values


def record_event_in(
    actor: User,
    place: Article | Sentence,
    action: str,
    *,
    subject: str = "",
    before: dict | None = None,
    after: dict | None = None,
) -> AuditEvent:
    """Append an event that happened in an article or in one of its sentences.

    The place gives the team, article and sentence, and is the subject unless the event is
    about a record in it (``annotation:7``).
    """
    sentence = place if isinstance(place, Sentence) else None
    article = sentence.article if sentence else place
    return record_event(
        actor,
        article.team_id,
        action,
        subject=subject or f"{'sentence' if sentence else 'article'}:{place.id}",
        article_id=article.id,
        sentence_id=sentence.id if sentence else None,
        before=before,
        after=after,
    )


def record_setting_change(
    actor: User, article: Article, setting: str, before: object, after: object
) -> None:
    """Append the change of one of the article's settings, named as its attribute is."""
    record_event_in(
        actor, article, f"article.{setting}", before={setting: before}, after={setting: after}
    )


@dataclass(frozen=True)
class ChainCheck:
    """The outcome of checking the history: how many events, and the first bad one."""

    checked: int
    first_tampered: AuditEvent | None = None
    problem: str = ""

    @property
    def intact(self) -> bool:
        return self.first_tampered is None


def verify_chain() -> ChainCheck:
    """Recompute every event's hash in order and report the first that does not match."""
    expected_previous = GENESIS_HASH
    checked = 0
    events = db.session.scalars(
        sa.select(AuditEvent).order_by(AuditEvent.id).execution_options(yield_per=500)
    )
    try:
        for event in events:
            if event.previous_hash != expected_previous:
                return ChainCheck(checked, event, "does not follow the event before it")
            if event.compute_hash() != event.hash:
                return ChainCheck(checked, event, "was changed after it was recorded")
            expected_previous = event.hash
            checked += 1
    finally:
        # Stopping at a tampered event leaves a server-side cursor open otherwise.
        events.close()
    return ChainCheck(checked)


def article_history(article_id: int) -> list[AuditEvent]:
    """Return the article's events, newest first."""
    return history_where(AuditEvent.article_id == article_id)


def sentence_history(sentence_id: int) -> list[AuditEvent]:
    """Return the sentence's events, newest first."""
    return history_where(AuditEvent.sentence_id == sentence_id)


def history_where(condition: sa.ColumnElement[bool]) -> list[AuditEvent]:
    """Return the events that meet the condition, newest first."""
    query = sa.select(AuditEvent).where(condition).order_by(AuditEvent.id.desc())
    return list(db.session.scalars(query))
