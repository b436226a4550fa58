"""Invitations: how an address joins a team, accepted by the person who holds the link."""

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from annotator.models.base import Base, UTCDateTime, enum_column, utcnow
from annotator.models.team import Role, Team
from annotator.models.user import User


class InvitationState(enum.Enum):
    """Where an invitation stands; only a pending one can still be answered."""

    pending = "pending"
    accepted = "accepted"
    declined = "declined"
    revoked = "revoked"


class Invitation(Base):
    """A team's offer of a role to an e-mail address; the secret code is shown once."""

    __tablename__ = "invitation"

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(sa.ForeignKey("team.id", ondelete="CASCADE"), index=True)
    #: Normalised (trimmed, lower-case), as accounts store theirs; no account is looked up.
    email: Mapped[str] = mapped_column(sa.String(254), index=True)
    role: Mapped[Role] = mapped_column(enum_column(Role, "role"))
    invited_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))
    #: Hex sha256 of the code in the link: a stolen database yields no usable invitation.
    code_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    state: Mapped[InvitationState] = mapped_column(
        enum_column(InvitationState, "invitation_state"), default=InvitationState.pending
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    #: When it was accepted, declined or revoked.
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    team: Mapped[Team] = relationship()
    invited_by: Mapped[User | None] = relationship()

    def open_at(self, moment: datetime) -> bool:
        """Tell whether the invitation can still be accepted at this moment."""
        return self.state is InvitationState.pending and moment < self.expires_at
