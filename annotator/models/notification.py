"""Inbox entries (mentions, responses to my flags, assignments, settled verdicts, followed
articles published) and the state of the e-mail each one may be sent as."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from annotator.models.article import Article
from annotator.models.base import Base, LabelledEnum, UTCDateTime, enum_column, utcnow
from annotator.models.user import User


class NotificationKind(LabelledEnum):
    mention = "mention"
    response = "response"
    assignment = "assignment"
    settled = "settled"
    published = "published"

    @property
    def label(self) -> str:
        # "Response" alone would not say whose flag was answered.
        if self is NotificationKind.published:
            return "Followed article published"
        return "Response to your flag" if self is NotificationKind.response else super().label


class MailState(LabelledEnum):
    """Where a notification's e-mail is: the notification row is the outbox (ADR 0020)."""

    pending = "pending"
    sending = "sending"
    sent = "sent"
    failed = "failed"
    #: Not sent: the recipient chose "never" since, or left the team, or it waited too long.
    cancelled = "cancelled"


class Notification(Base):
    __tablename__ = "notification"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"))
    kind: Mapped[NotificationKind] = mapped_column(enum_column(NotificationKind, "kind"))
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))
    article_id: Mapped[int] = mapped_column(sa.ForeignKey("article.id", ondelete="CASCADE"))
    #: Position of the sentence concerned, for the link; NULL for article-wide news.
    sentence_index: Mapped[int | None]
    #: One line, plain text, written when the event happened.
    message: Mapped[str] = mapped_column(sa.String(500))
    #: What was said (a comment, a response's comment, a rationale), shortened, as Markdown;
    #: "" when the news quotes nothing or blind review kept the words back.
    quote: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: NULL when no e-mail is to be sent about it (a kind never mailed, or "never" chosen).
    mail_state: Mapped[MailState | None] = mapped_column(enum_column(MailState, "mail_state"))
    #: Sent in the recipient's daily digest rather than on its own.
    mail_digest: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    #: When the e-mail may go out next (later after each failed attempt).
    mail_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    mail_attempts: Mapped[int] = mapped_column(default=0, server_default="0")
    #: Random mark of the worker that claimed the e-mail (pending -> sending).
    mail_claim: Mapped[str | None] = mapped_column(sa.String(32))
    mail_claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    mail_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: The last failure, for the administrator.
    mail_error: Mapped[str | None] = mapped_column(sa.String(500))

    __table_args__ = (
        sa.Index("ix_notification_user_unread", "user_id", "read_at"),
        sa.Index("ix_notification_mail_due", "mail_state", "mail_due_at"),
    )

    actor: Mapped[User | None] = relationship(foreign_keys=[actor_id])
    article: Mapped[Article] = relationship()
