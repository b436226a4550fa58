"""Personal access tokens: how scripts and tools act as a user through the JSON API."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from annotator.models.base import Base, UTCDateTime, utcnow
from annotator.models.user import User


class AccessToken(Base):
    """A named token of one user; only its sha256 is stored, the secret is shown once."""

    __tablename__ = "access_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"), index=True)
    #: What the owner called it, e.g. "CMS plugin".
    name: Mapped[str] = mapped_column(sa.String(100))
    #: Hex sha256 of the secret: a stolen database yields no usable token.
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    #: The secret's first characters, so the owner can tell tokens apart.
    prefix: Mapped[str] = mapped_column(sa.String(16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: NULL: the token never expires.
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()

    def usable_at(self, moment: datetime) -> bool:
        """Tell whether the token still opens the API at this moment."""
        return token_usable(self.expires_at, self.revoked_at, moment)


def token_usable(
    expires_at: datetime | None, revoked_at: datetime | None, moment: datetime
) -> bool:
    """Tell whether a token that expires and was revoked at these times opens the API then."""
    expired = expires_at is not None and expires_at <= moment
    return revoked_at is None and not expired
