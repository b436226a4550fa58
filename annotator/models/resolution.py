"""The team's final verdict on a sentence, settled by an editor."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from annotator.models.annotation import Verdict
from annotator.models.base import Base, UTCDateTime, enum_column, utcnow
from annotator.models.placement import VersionedPlacement
from annotator.models.rating import ClaimantKind, RatingEntry
from annotator.models.user import User


class Resolution(VersionedPlacement, Base):
    """One per sentence once an editor has settled it; reopening clears the verdict."""

    __tablename__ = "resolution"
    __table_args__ = (sa.UniqueConstraint("sentence_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The final verdict; NULL while the sentence is reopened.
    verdict: Mapped[Verdict | None] = mapped_column(enum_column(Verdict, "verdict"))
    #: Why the editor settled it so: shown in reports beside the reviewers' verdicts.
    rationale: Mapped[str] = mapped_column(sa.Text, default="")
    #: True while the rationale is the default one written from the reviewers' findings
    #: (a one-click settlement): pages prompt the editor to write their own, and reports
    #: present it as what the reviewers found, not as the editor's reasoning.
    rationale_is_default: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    settled_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id"))
    settled_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: Incremented on every settle or reopen; a stale write is refused.
    version: Mapped[int] = mapped_column(default=1)

    #: The words readers see for the verdict, from the team's scale (NULL while reopened).
    rating_id: Mapped[int | None] = mapped_column(sa.ForeignKey("rating_entry.id"))
    #: Who made the claim (the ClaimReview's ``itemReviewed.author``); empty: nobody named.
    claimant_name: Mapped[str] = mapped_column(sa.String(200), default="", server_default="")
    claimant_kind: Mapped[ClaimantKind] = mapped_column(
        enum_column(ClaimantKind, "claimant_kind"),
        default=ClaimantKind.organization,
        server_default=ClaimantKind.organization.value,
    )
    #: Where the claim appeared (``itemReviewed.appearance``); empty: the article itself.
    claim_url: Mapped[str] = mapped_column(sa.String(2000), default="", server_default="")

    settled_by: Mapped[User | None] = relationship()
    rating: Mapped[RatingEntry | None] = relationship()
