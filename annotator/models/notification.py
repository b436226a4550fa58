"""Inbox entries: mentions, responses to my flags, assignments, settled verdicts."""

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

    @property
    def label(self) -> str:
        # "Response" alone would not say whose flag was answered.
        return "Response to your flag" if self is NotificationKind.response else super().label


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

    __table_args__ = (sa.Index("ix_notification_user_unread", "user_id", "read_at"),)

    actor: Mapped[User | None] = relationship(foreign_keys=[actor_id])
    article: Mapped[Article] = relationship()
