"""The live change feed of an article, read from the audit log so every app server sees it."""

from dataclasses import dataclass, field

import sqlalchemy as sa

from annotator.auth.permissions import Action
from annotator.extensions import db
from annotator.models import Article, AuditEvent, Sentence, User
from annotator.services.access import require
from annotator.services.event_words import word_event
from annotator.services.visibility import event_hidden, visibility_for

#: At most this many events per answer; a client that is further behind asks again.
BATCH = 200

#: The event of a workflow move: the page's summary shows the new state, and says so.
MOVE = "article.transition"


@dataclass
class Changes:
    """What changed on an article after an event: the sentences to redraw, and who did what."""

    last_event_id: int
    #: Positions of the sentences whose marks or panel changed.
    sentence_indexes: list[int] = field(default_factory=list)
    announcements: list[str] = field(default_factory=list)


def latest_event_id(article: Article) -> int:
    """Return the id of the article's newest event (0 when it has none)."""
    newest = sa.select(sa.func.max(AuditEvent.id)).where(AuditEvent.article_id == article.id)
    return db.session.scalar(newest) or 0


def changes_since(actor: User, article: Article, after: int) -> Changes:
    """Return the changes others made to the article's sentences after the given event."""
    require(actor, article.team_id, Action.read)
    events = list(
        db.session.scalars(
            sa.select(AuditEvent)
            .where(AuditEvent.article_id == article.id, AuditEvent.id > after)
            .order_by(AuditEvent.id)
            .limit(BATCH)
        )
    )
    changes = Changes(events[-1].id if events else after)
    others = [e for e in events if e.actor_id != actor.id]
    changes.announcements.extend(describe_move(e) for e in others if e.action == MOVE)
    theirs = [e for e in others if e.sentence_id is not None]
    if not theirs:
        return changes
    positions = sentence_positions({e.sentence_id for e in theirs})
    visibility = visibility_for(actor, article)
    for event in theirs:
        index = positions.get(event.sentence_id)
        if index is None:  # a revision of the text dropped the sentence
            continue
        if index not in changes.sentence_indexes:
            changes.sentence_indexes.append(index)
        if not event_hidden(visibility, event):
            changes.announcements.append(describe(event, index))
    return changes


def sentence_positions(sentence_ids: set[int]) -> dict[int, int]:
    """Return the position in its article of each sentence."""
    rows = db.session.execute(
        sa.select(Sentence.id, Sentence.index).where(Sentence.id.in_(sentence_ids))
    )
    return dict(rows.all())


def describe(event: AuditEvent, index: int) -> str:
    """Say in words what a teammate did, for the page's live announcement."""
    return f"{word_event(event, index + 1)}."


def describe_move(event: AuditEvent) -> str:
    """Say in words which workflow state a teammate moved the article to."""
    return f"{word_event(event)}."
