"""The append-only history: one hash-chained event per change."""

import hashlib
import json
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from annotator.models.base import Base, UTCDateTime, utcnow

#: The ``previous_hash`` of the first event.
GENESIS_HASH = "0" * 64


class AuditEvent(Base):
    """Who did what, when, with the state before and after.

    Deliberately without foreign keys: the history must outlive what it describes.
    """

    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int | None] = mapped_column(index=True)
    actor_id: Mapped[int | None]
    #: The actor's name at the time, so the history reads the same after renames.
    actor_name: Mapped[str] = mapped_column(sa.String(100), default="")
    #: Dotted name such as ``annotation.set`` or ``article.transition``.
    action: Mapped[str] = mapped_column(sa.String(40))
    article_id: Mapped[int | None] = mapped_column(index=True)
    sentence_id: Mapped[int | None] = mapped_column(index=True)
    #: What the change concerns, e.g. ``annotation:12``.
    subject: Mapped[str] = mapped_column(sa.String(80), default="")
    before: Mapped[dict | None] = mapped_column(sa.JSON)
    after: Mapped[dict | None] = mapped_column(sa.JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: Unique, so two writers cannot both extend the chain from the same event.
    previous_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    hash: Mapped[str] = mapped_column(sa.String(64))

    def content(self) -> dict:
        """Return every recorded field except the event's own hash, as plain values."""
        return {
            "team_id": self.team_id,
            "actor_id": self.actor_id,
            "actor_name": self.actor_name,
            "action": self.action,
            "article_id": self.article_id,
            "sentence_id": self.sentence_id,
            "subject": self.subject,
            "before": self.before,
            "after": self.after,
            "created_at": self.created_at.isoformat(timespec="microseconds"),
            "previous_hash": self.previous_hash,
        }

    def compute_hash(self) -> str:
        """Return the sha256 of the event's content in a canonical JSON form."""
        return hash_content(self.content())


def hash_content(content: dict) -> str:
    """Return the sha256 of an event's content (see AuditEvent.content), canonically."""
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
