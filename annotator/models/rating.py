"""A team's rating scale: the words readers see for a final verdict, and who made a claim."""

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from annotator.models.annotation import Verdict
from annotator.models.base import Base, LabelledEnum, enum_column


class ClaimantKind(LabelledEnum):
    """Who made a claim, as schema.org types it (the ClaimReview's ``itemReviewed.author``)."""

    person = "person"
    organization = "organization"

    @property
    def schema_type(self) -> str:
        return self.value.capitalize()


class RatingEntry(Base):
    """One textual rating of a team's scale ("Misleading"), and the verdict it stands for."""

    __tablename__ = "rating_entry"
    __table_args__ = (
        sa.CheckConstraint("value IS NULL OR (value >= 1 AND value <= 5)", name="value"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(sa.ForeignKey("team.id", ondelete="CASCADE"), index=True)
    #: The words readers see: the ClaimReview's ``alternateName``.
    label: Mapped[str] = mapped_column(sa.String(60))
    #: What the label means, published with the scale.
    description: Mapped[str] = mapped_column(sa.String(500), default="")
    #: The three-way verdict this label stands for; a settlement's label matches its verdict.
    verdict: Mapped[Verdict] = mapped_column(enum_column(Verdict, "verdict"))
    #: schema.org ``ratingValue`` on a 1 (worst) to 5 (best) scale; NULL: a text-only rating.
    value: Mapped[int | None]
    #: Place in the scale, from 0: the first entry of a verdict is the one suggested.
    position: Mapped[int] = mapped_column(default=0)

    def __repr__(self) -> str:
        return f"<RatingEntry {self.label} ({self.verdict.value})>"
