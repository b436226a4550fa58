"""Teams, which own articles, and the roles their members hold."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from annotator.models.base import Base, LabelledEnum, UTCDateTime, enum_column, utcnow
from annotator.models.user import User


class Role(LabelledEnum):
    """A member's role in one team, from least to most powerful."""

    viewer = "viewer"
    reviewer = "reviewer"
    editor = "editor"
    admin = "admin"


class Team(Base):
    __tablename__ = "team"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(100))
    #: Kept when the team is renamed, so links and `--team` arguments keep working.
    slug: Mapped[str] = mapped_column(sa.String(64), unique=True)
    #: The seeded demo newsroom: labelled "Demo" wherever teams are listed, and its reports
    #: say they are examples. Set by `flask seed`.
    is_demo: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    #: Who publishes the team's reports (the ClaimReview author); empty: the team's name.
    publisher_name: Mapped[str] = mapped_column(sa.String(200), default="", server_default="")
    #: The publisher's home page and logo, http(s) addresses or empty.
    site_url: Mapped[str] = mapped_column(sa.String(2000), default="", server_default="")
    logo_url: Mapped[str] = mapped_column(sa.String(2000), default="", server_default="")
    #: Public fact-check pages: anyone may read the team's published articles at
    #: /p/<slug>/<article slug>, its list, feed and the sitemap. Off until an admin opts in.
    public_pages: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    #: Whether the public pages name the reviewers of each claim (off: no names).
    public_reviewer_names: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    #: When either public setting last changed: the public pages' Last-Modified heeds it.
    public_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    memberships: Mapped[list["Membership"]] = relationship(
        back_populates="team", cascade="all, delete-orphan"
    )

    def __repr__(self) -> str:
        return f"<Team {self.slug}>"

    @property
    def publisher(self) -> str:
        """Return the name the team's reports are published under."""
        return self.publisher_name or self.name


class Membership(Base):
    __tablename__ = "membership"
    __table_args__ = (sa.UniqueConstraint("team_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(sa.ForeignKey("team.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"), index=True)
    role: Mapped[Role] = mapped_column(enum_column(Role, "role"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    team: Mapped[Team] = relationship(back_populates="memberships")
    user: Mapped[User] = relationship(back_populates="memberships")
