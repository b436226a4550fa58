"""Team memory: settled sentences indexed for matching, and verdicts adopted from them."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from annotator.models.annotation import Annotation
from annotator.models.base import Base, UTCDateTime, utcnow
from annotator.models.resolution import Resolution


class SettledClaim(Base):
    """A settled sentence's words, kept for full-text candidates (one row per verdict set).

    Only the search for candidates reads ``text``: every match is checked against the
    resolution and sentence as they are now.
    """

    __tablename__ = "settled_claim"

    resolution_id: Mapped[int] = mapped_column(
        sa.ForeignKey("resolution.id", ondelete="CASCADE"), primary_key=True
    )
    team_id: Mapped[int] = mapped_column(sa.ForeignKey("team.id", ondelete="CASCADE"), index=True)
    article_id: Mapped[int] = mapped_column(sa.ForeignKey("article.id", ondelete="CASCADE"))
    text: Mapped[str] = mapped_column(sa.Text)

    resolution: Mapped[Resolution] = relationship()


class Adoption(Base):
    """An annotation whose verdict and sources a reviewer took from a settled sentence."""

    __tablename__ = "adoption"

    annotation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("annotation.id", ondelete="CASCADE"), primary_key=True
    )
    #: Where the verdict came from; NULL once that sentence or article is deleted.
    origin_resolution_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("resolution.id", ondelete="SET NULL")
    )
    origin_article_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("article.id", ondelete="SET NULL")
    )
    #: The origin's sentence index, title and words when adopted, readable after deletion.
    origin_index: Mapped[int]
    origin_title: Mapped[str] = mapped_column(sa.String(300))
    origin_text: Mapped[str] = mapped_column(sa.Text)
    adopted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    annotation: Mapped[Annotation] = relationship()
