"""User accounts."""

import secrets
from datetime import datetime

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship

from annotator.models.base import Base, UTCDateTime, utcnow


def new_session_token() -> str:
    """Return a fresh random token that ties login sessions to the current password."""
    return secrets.token_urlsafe(16)


class User(UserMixin, Base):
    __tablename__ = "user"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    name: Mapped[str] = mapped_column(sa.String(100))
    #: Argon2 hash; NULL for accounts that cannot log in until a password is set (the demo
    #: reviewers).
    password_hash: Mapped[str | None] = mapped_column(sa.String(255))
    #: Part of the login cookie: changing it (password change, logout everywhere) ends every
    #: other session of this user.
    session_token: Mapped[str] = mapped_column(sa.String(32), default=new_session_token)
    active: Mapped[bool] = mapped_column(default=True)
    #: May reset any account's password and name other instance administrators; the first
    #: administrator (at /setup) is one. Team roles give no power over accounts.
    is_instance_admin: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: NULL until the owner first logs in: only then may no team admin set the password.
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    memberships: Mapped[list["Membership"]] = relationship(  # noqa: F821
        back_populates="user", cascade="all, delete-orphan"
    )

    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def can_log_in(self) -> bool:
        return self.active and self.password_hash is not None

    def get_id(self) -> str:
        return f"{self.id}:{self.session_token}"

    def __repr__(self) -> str:
        return f"<User {self.id} {self.email}>"
