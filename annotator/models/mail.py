"""What a member chose to receive by e-mail, and the articles they follow."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from annotator.models.base import Base, LabelledEnum, UTCDateTime, enum_column, utcnow
from annotator.models.notification import NotificationKind


class MailCadence(LabelledEnum):
    immediately = "immediately"
    daily = "daily"
    never = "never"

    @property
    def label(self) -> str:
        return "In a daily digest" if self is MailCadence.daily else super().label


class MailPreference(Base):
    """How often one member is mailed about one kind of news; no row: the kind's default."""

    __tablename__ = "mail_preference"

    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("user.id", ondelete="CASCADE"), primary_key=True
    )
    kind: Mapped[NotificationKind] = mapped_column(
        enum_column(NotificationKind, "kind"), primary_key=True
    )
    cadence: Mapped[MailCadence] = mapped_column(enum_column(MailCadence, "cadence"))


class Follow(Base):
    """A member following an article: they hear when it is published."""

    __tablename__ = "follow"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"))
    article_id: Mapped[int] = mapped_column(
        sa.ForeignKey("article.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (sa.UniqueConstraint("user_id", "article_id"),)
