"""A reviewer's verdict on one sentence, its evidence sources and its earlier versions."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from annotator.models.base import Base, LabelledEnum, UTCDateTime, enum_column, span_check, utcnow
from annotator.models.placement import VersionedPlacement
from annotator.models.user import User


class Verdict(LabelledEnum):
    verified = "verified"
    unverified = "unverified"
    disputed = "disputed"


class Annotation(VersionedPlacement, Base):
    """The current annotation of one reviewer on one sentence (earlier ones are revisions)."""

    __tablename__ = "annotation"
    __table_args__ = (
        sa.UniqueConstraint("sentence_id", "reviewer_id"),
        span_check(),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The highlighted words, kept when a revision lost them; NULL otherwise.
    span_quote: Mapped[str | None] = mapped_column(sa.Text)
    reviewer_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id"), index=True)
    #: NULL once the reviewer has cleared their verdict; the row stays for its history.
    verdict: Mapped[Verdict | None] = mapped_column(enum_column(Verdict, "verdict"))
    #: Markdown written by the reviewer; rendered sanitised.
    note: Mapped[str] = mapped_column(sa.Text, default="")
    #: Article offsets of the words at fault; always inside the sentence.
    span_start: Mapped[int | None]
    span_end: Mapped[int | None]
    #: Incremented on every change; a write based on an older version is refused.
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    reviewer: Mapped[User] = relationship()
    sources: Mapped[list["Source"]] = relationship(
        back_populates="annotation",
        order_by="Source.position",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )
    revisions: Mapped[list["AnnotationRevision"]] = relationship(
        back_populates="annotation",
        order_by="AnnotationRevision.version",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )

    @property
    def has_span(self) -> bool:
        return self.span_start is not None

    @property
    def changed_since_review(self) -> bool:
        return self.reviewed_text is not None


class Source(Base):
    """A piece of evidence cited by an annotation."""

    __tablename__ = "source"

    id: Mapped[int] = mapped_column(primary_key=True)
    annotation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("annotation.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)
    url: Mapped[str] = mapped_column(sa.String(2000))
    title: Mapped[str] = mapped_column(sa.String(300), default="")
    #: The passage of the source that supports or refutes the sentence.
    quote: Mapped[str] = mapped_column(sa.Text, default="")

    annotation: Mapped[Annotation] = relationship(back_populates="sources")


class AnnotationRevision(Base):
    """A snapshot of an annotation as it was before a change: its version history."""

    __tablename__ = "annotation_revision"
    __table_args__ = (sa.UniqueConstraint("annotation_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    annotation_id: Mapped[int] = mapped_column(sa.ForeignKey("annotation.id", ondelete="CASCADE"))
    version: Mapped[int]
    verdict: Mapped[Verdict | None] = mapped_column(enum_column(Verdict, "verdict"))
    note: Mapped[str] = mapped_column(sa.Text, default="")
    span_start: Mapped[int | None]
    span_end: Mapped[int | None]
    #: The sources as they were: a list of {"url", "title", "quote"}.
    sources: Mapped[list] = mapped_column(sa.JSON, default=list)
    #: Where the span's offsets sat when this version was replaced: {"words", "start",
    #: "version"} of the sentence then, plus "span_quote", "reviewed_text" and
    #: "reviewed_version" as the annotation had them. NULL on versions kept before 0009.
    placement: Mapped[dict | None] = mapped_column(sa.JSON)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    annotation: Mapped[Annotation] = relationship(back_populates="revisions")
