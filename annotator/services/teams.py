"""Teams and their members."""

import re

import sqlalchemy as sa

from annotator.errors import ValidationError
from annotator.extensions import db
from annotator.limits import TEAM_NAME
from annotator.models import Membership, Role, Team, User
from annotator.services.audit import record_event

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def find_team(slug: str) -> Team | None:
    """Return the team with this slug, if any."""
    return db.session.scalar(sa.select(Team).where(Team.slug == slug))


def create_team(name: str, slug: str) -> Team:
    """Create a team; the slug is its name in URLs and on the command line."""
    name = name.strip()
    if not _SLUG.match(slug) or len(slug) > 64:
        raise ValidationError({"slug": "Use lower-case letters, digits and single hyphens."})
    if problem := TEAM_NAME.required_problem(name, "a name"):
        raise ValidationError({"name": problem})
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


def set_membership(team: Team, user: User, role: Role, actor: User | None = None) -> Membership:
    """Make the user a member of the team with this role (changing it if already a member)."""
    membership = db.session.scalar(
        sa.select(Membership).where(Membership.team_id == team.id, Membership.user_id == user.id)
    )
    before = {"role": membership.role.value} if membership else None
    if membership is None:
        membership = Membership(team=team, user=user, role=role)
        db.session.add(membership)
    elif membership.role is Role.admin and role is not Role.admin:
        ensure_other_admin(team, user)
    membership.role = role
    db.session.flush()
    if before != {"role": role.value}:
        record_membership(actor, team, user, before, {"role": role.value})
    return membership


def record_membership(actor, team: Team, user: User, before, after) -> None:
    """Append a membership or role change to the history."""
    action = "membership.add" if before is None else "membership.role"
    if after is None:
        action = "membership.remove"
    record_event(
        actor,
        team.id,
        action,
        subject=f"user:{user.id}",
        before={**before, "member": user.name} if before else None,
        after={**after, "member": user.name} if after else None,
    )


def remove_membership(team: Team, user: User, actor: User | None = None) -> None:
    """Take the user out of the team; the last admin cannot leave."""
    membership = db.session.scalar(
        sa.select(Membership).where(Membership.team_id == team.id, Membership.user_id == user.id)
    )
    if membership is None:
        return
    if membership.role is Role.admin:
        ensure_other_admin(team, user)
    record_membership(actor, team, user, {"role": membership.role.value}, None)
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
