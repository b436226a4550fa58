"""Teammates' review of annotations: agree/disagree responses and per-sentence discussion."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from annotator.models.annotation import Annotation
from annotator.models.base import Base, LabelledEnum, UTCDateTime, enum_column, utcnow
from annotator.models.placement import Placement
from annotator.models.user import User


class Stance(LabelledEnum):
    agree = "agree"
    disagree = "disagree"


class Response(Base):
    """A teammate's current agreement or disagreement with one annotation."""

    __tablename__ = "response"
    __table_args__ = (sa.UniqueConstraint("annotation_id", "responder_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    annotation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("annotation.id", ondelete="CASCADE"), index=True
    )
    #: Copied from the annotation so that article-wide reads need no join through it;
    #: NULL, like the annotation's, while the annotation is unplaced.
    article_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("article.id", ondelete="CASCADE"), index=True
    )
    responder_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id"), index=True)
    stance: Mapped[Stance] = mapped_column(enum_column(Stance, "stance"))
    #: Markdown; required when disagreeing.
    comment: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    annotation: Mapped[Annotation] = relationship()
    responder: Mapped[User] = relationship()


class Comment(Placement, Base):
    """A comment in a sentence's discussion; replies point to the thread's first comment."""

    __tablename__ = "comment"
    __table_args__ = (sa.Index("ix_comment_sentence_id", "sentence_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    author_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id"))
    #: NULL for the comment that opens a thread.
    parent_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("comment.id", ondelete="CASCADE"), index=True
    )
    #: Markdown; rendered sanitised.
    body: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: Set on a thread's first comment when someone marks the thread resolved.
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resolved_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id"))

    author: Mapped[User] = relationship(foreign_keys=[author_id])
    resolved_by: Mapped[User | None] = relationship(foreign_keys=[resolved_by_id])
    replies: Mapped[list["Comment"]] = relationship(
        order_by="Comment.created_at, Comment.id", passive_deletes=True
    )

    @property
    def resolved(self) -> bool:
        return self.resolved_at is not None
