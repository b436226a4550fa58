"""Work given to reviewers: an article assigned to a reviewer, with an optional due date."""

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from annotator.models.article import Article
from annotator.models.base import Base, UTCDateTime, utcnow
from annotator.models.user import User


class Assignment(Base):
    __tablename__ = "assignment"
    __table_args__ = (sa.UniqueConstraint("article_id", "reviewer_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(
        sa.ForeignKey("article.id", ondelete="CASCADE"), index=True
    )
    reviewer_id: Mapped[int] = mapped_column(
        sa.ForeignKey("user.id", ondelete="CASCADE"), index=True
    )
    #: NULL when the reviewer took the article themselves from the open requests.
    assigned_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL")
    )
    due_on: Mapped[date | None]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    article: Mapped[Article] = relationship()
    reviewer: Mapped[User] = relationship(foreign_keys=[reviewer_id])
    assigned_by: Mapped[User | None] = relationship(foreign_keys=[assigned_by_id])
