"""A reviewer's words on a sentence not yet saved with a verdict: private to their author."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from annotator.models.base import Base, UTCDateTime, span_check, utcnow
from annotator.models.placement import Placement


class Draft(Placement, Base):
    """What one reviewer typed in a sentence's form and has not saved yet.

    Only its author ever reads it: no panel of a teammate, export, agreement figure, search
    or history shows it, which is why it is a table of its own and not an annotation without
    a verdict.

    Like the annotations it follows revisions of the article: when a revision loses its
    sentence it is unplaced (``Placement``), its span dropped and the sentence's words kept
    in ``reviewed_text``, and only its author finds it in the article's "Unplaced" list.
    """

    __tablename__ = "draft"
    __table_args__ = (
        sa.UniqueConstraint("sentence_id", "reviewer_id"),
        span_check(),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    reviewer_id: Mapped[int] = mapped_column(
        sa.ForeignKey("user.id", ondelete="CASCADE"), index=True
    )
    note: Mapped[str] = mapped_column(sa.Text, default="")
    #: Article offsets of the words at fault; always inside the sentence.
    span_start: Mapped[int | None]
    span_end: Mapped[int | None]
    #: The source rows as typed: a list of {"url", "title", "quote"}; an address may be
    #: half-typed, so it is checked for its length only until the draft is saved.
    sources: Mapped[list] = mapped_column(sa.JSON, default=list)
    kept_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    @property
    def has_span(self) -> bool:
        return self.span_start is not None
