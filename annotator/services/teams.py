"""Teams and their members."""

import re

import sqlalchemy as sa

from annotator.errors import ValidationError
from annotator.extensions import db
from annotator.models import Membership, Role, Team, User

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def find_team(slug: str) -> Team | None:
    """Return the team with this slug, if any."""
    return db.session.scalar(sa.select(Team).where(Team.slug == slug))


def create_team(name: str, slug: str) -> Team:
    """Create a team; the slug is its name in URLs and on the command line."""
    name = name.strip()
    if not _SLUG.match(slug) or len(slug) > 64:
        raise ValidationError({"slug": "Use lower-case letters, digits and single hyphens."})
    if not name or len(name) > 100:
        raise ValidationError({"name": "Enter a name of 1 to 100 characters."})
    if find_team(slug):
        raise ValidationError({"slug": "A team with this slug exists already."})
    team = Team(name=name, slug=slug)
    db.session.add(team)
    db.session.flush()
    return team


def ensure_team(slug: str, name: str | None = None) -> Team:
    """Return the team with this slug, creating it (named after the slug) if needed."""
    team = find_team(slug)
    if team is None:
        team = create_team(name or slug.replace("-", " ").capitalize(), slug)
    return team


def set_membership(team: Team, user: User, role: Role) -> Membership:
    """Make the user a member of the team with this role (changing it if already a member)."""
    membership = db.session.scalar(
        sa.select(Membership).where(Membership.team_id == team.id, Membership.user_id == user.id)
    )
    if membership is None:
        membership = Membership(team=team, user=user, role=role)
        db.session.add(membership)
    elif membership.role is Role.admin and role is not Role.admin:
        ensure_other_admin(team, user)
    membership.role = role
    db.session.flush()
    return membership


def remove_membership(team: Team, user: User) -> None:
    """Take the user out of the team; the last admin cannot leave."""
    membership = db.session.scalar(
        sa.select(Membership).where(Membership.team_id == team.id, Membership.user_id == user.id)
    )
    if membership is None:
        return
    if membership.role is Role.admin:
        ensure_other_admin(team, user)
    db.session.delete(membership)
    db.session.flush()


def ensure_other_admin(team: Team, user: User) -> None:
    """Raise unless the team keeps an admin other than this user."""
    others = db.session.scalar(
        sa.select(sa.func.count(Membership.id)).where(
            Membership.team_id == team.id,
            Membership.role == Role.admin,
            Membership.user_id != user.id,
        )
    )
    if not others:
        raise ValidationError({"role": "A team needs at least one admin."})


def members_of(team: Team) -> list[Membership]:
    """Return the team's memberships, by member name."""
    return list(
        db.session.scalars(
            sa.select(Membership)
            .join(User)
            .where(Membership.team_id == team.id)
            .order_by(User.name)
            .options(sa.orm.contains_eager(Membership.user))
        )
    )
