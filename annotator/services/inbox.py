"""The inbox: news for a member about their flags, mentions, assignments and settlements."""

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from annotator.errors import NotFound
from annotator.extensions import db
from annotator.models import Article, Notification, NotificationKind, User, utcnow
from annotator.services.mail_outbox import queue_mail
from annotator.text.quoting import shortened

#: The inbox quotes what was said up to this many characters: enough to know what it is about.
QUOTED_UP_TO = 280


def notify(
    user_id: int,
    kind: NotificationKind,
    actor: User | None,
    article: Article,
    message: str,
    sentence_index: int | None = None,
    said: str = "",
) -> Notification | None:
    """Put a message in a member's inbox, quoting what was ``said`` (shortened); nobody is
    told about their own actions."""
    if actor is not None and actor.id == user_id:
        return None
    notification = Notification(
        user_id=user_id,
        kind=kind,
        actor_id=actor.id if actor else None,
        article_id=article.id,
        sentence_index=sentence_index,
        message=message[:500],
        quote=shortened(said, QUOTED_UP_TO),
    )
    db.session.add(notification)
    db.session.flush()
    queue_mail(notification)
    return notification


def inbox_of(user: User, unread_only: bool = False, limit: int = 200) -> list[Notification]:
    """Return the user's notifications, newest first."""
    query = (
        sa.select(Notification)
        .where(Notification.user_id == user.id)
        .options(selectinload(Notification.actor), selectinload(Notification.article))
        .order_by(Notification.id.desc())
        .limit(limit)
    )
    if unread_only:
        query = query.where(Notification.read_at.is_(None))
    return list(db.session.scalars(query))


def unread_count(user: User) -> int:
    """Return how many of the user's notifications are unread."""
    return (
        db.session.scalar(
            sa.select(sa.func.count(Notification.id)).where(
                Notification.user_id == user.id, Notification.read_at.is_(None)
            )
        )
        or 0
    )


def mark_read(user: User, notification_id: int) -> Notification:
    """Mark one of the user's notifications read."""
    notification = db.session.get(Notification, notification_id)
    if notification is None or notification.user_id != user.id:
        raise NotFound("No such notification.")
    notification.read_at = notification.read_at or utcnow()
    db.session.flush()
    return notification


def mark_all_read(user: User) -> int:
    """Mark every unread notification of the user read; return how many."""
    result = db.session.execute(
        sa.update(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
        .values(read_at=utcnow())
    )
    return result.rowcount
