"""Webhooks: a team's endpoints, the messages owed to each (an outbox) and every attempt.

A message row is written in the same transaction as the change it tells of, so a change
that is rolled back owes nothing, and a change that is committed owes its message even if
the process dies before the queue hears of it (the worker's sweep finds it).
"""

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from annotator.models.base import Base, LabelledEnum, UTCDateTime, enum_column, utcnow
from annotator.models.team import Team


class WebhookEndpoint(Base):
    """An address a team's admins registered, the events it wants and its signing secret."""

    __tablename__ = "webhook_endpoint"

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(sa.ForeignKey("team.id", ondelete="CASCADE"), index=True)
    url: Mapped[str] = mapped_column(sa.String(2000))
    description: Mapped[str] = mapped_column(sa.String(200), default="")
    #: The event types it receives, e.g. ["article.published", "comment.posted"].
    events: Mapped[list] = mapped_column(sa.JSON, default=list)
    #: ``whsec_`` + base64 of 32 random bytes. Kept as is: signing needs it (shown once).
    secret: Mapped[str] = mapped_column(sa.String(100))
    active: Mapped[bool] = mapped_column(default=True)
    #: Why it was switched off by the server ("" when an admin did, or while active).
    disabled_reason: Mapped[str] = mapped_column(sa.String(200), default="")
    #: When its current run of failures began (None: its last attempt succeeded).
    failing_since: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    team: Mapped[Team] = relationship()


class DeliveryState(LabelledEnum):
    pending = "pending"  # waiting for its next attempt (next_attempt_at)
    sending = "sending"  # claimed by a worker until lease_until
    delivered = "delivered"
    failed = "failed"  # every retry failed; an admin may redeliver it


class WebhookDelivery(Base):
    """One message owed to one endpoint: its exact body, its state and its retry schedule."""

    __tablename__ = "webhook_delivery"
    __table_args__ = (sa.Index("ix_webhook_delivery_due", "state", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    endpoint_id: Mapped[int] = mapped_column(
        sa.ForeignKey("webhook_endpoint.id", ondelete="CASCADE"), index=True
    )
    #: The Standard Webhooks ``webhook-id``: the same on every attempt and redelivery.
    message_id: Mapped[str] = mapped_column(sa.String(40), unique=True)
    event_type: Mapped[str] = mapped_column(sa.String(40))
    #: The JSON body exactly as signed and sent.
    body: Mapped[str] = mapped_column(sa.Text)
    state: Mapped[DeliveryState] = mapped_column(
        enum_column(DeliveryState, "delivery_state"), default=DeliveryState.pending
    )
    #: Attempts since the message was written or last redelivered (picks the next delay).
    round_attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    endpoint: Mapped[WebhookEndpoint] = relationship()
    attempts: Mapped[list["WebhookAttempt"]] = relationship(
        order_by="WebhookAttempt.id.desc()", back_populates="delivery"
    )


class WebhookAttempt(Base):
    """One try at sending a message: when, how long, what the endpoint answered."""

    __tablename__ = "webhook_attempt"

    id: Mapped[int] = mapped_column(primary_key=True)
    delivery_id: Mapped[int] = mapped_column(
        sa.ForeignKey("webhook_delivery.id", ondelete="CASCADE"), index=True
    )
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    duration_ms: Mapped[int] = mapped_column(default=0)
    #: The HTTP status (None: no answer: refused, timed out, blocked address).
    status_code: Mapped[int | None] = mapped_column()
    error: Mapped[str] = mapped_column(sa.String(300), default="")
    #: The start of what the endpoint answered, for the log.
    response_body: Mapped[str] = mapped_column(sa.String(500), default="")

    delivery: Mapped[WebhookDelivery] = relationship(back_populates="attempts")

    @property
    def succeeded(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


class WebhookEvent(enum.Enum):
    """The events an endpoint may subscribe to, with the words the form shows."""

    article_imported = "article.imported"
    article_revised = "article.revised"
    article_state_changed = "article.state_changed"
    article_published = "article.published"
    annotation_set = "annotation.set"
    response_set = "response.set"
    comment_posted = "comment.posted"
    final_verdict_set = "final_verdict.set"

    @property
    def label(self) -> str:
        return EVENT_LABELS[self]


EVENT_LABELS = {
    WebhookEvent.article_imported: "An article is imported",
    WebhookEvent.article_revised: "An article's text is revised",
    WebhookEvent.article_state_changed: "An article moves to another workflow state",
    WebhookEvent.article_published: "An article is published",
    WebhookEvent.annotation_set: "A reviewer sets, changes or clears a verdict",
    WebhookEvent.response_set: "A member agrees or disagrees with a flag",
    WebhookEvent.comment_posted: "A member comments on a sentence",
    WebhookEvent.final_verdict_set: "An editor settles, confirms or reopens a final verdict",
}
