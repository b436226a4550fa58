"""Teams and their members."""

import re
import unicodedata

import sqlalchemy as sa

from annotator.errors import ValidationError
from annotator.extensions import db
from annotator.limits import TEAM_NAME
from annotator.models import Membership, Role, Team, User
from annotator.services.audit import record_event
from annotator.services.rating_scale import give_default_scale

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_NOT_IN_SLUG = re.compile(r"[^a-z0-9]+")
SLUG_LENGTH = 64


def find_team(slug: str) -> Team | None:
    """Return the team with this slug, if any."""
    return db.session.scalar(sa.select(Team).where(Team.slug == slug))


def create_team(name: str, slug: str) -> Team:
    """Create a team; the slug is its name in URLs and on the command line."""
    name = check_team_name(name)
    if not _SLUG.match(slug) or len(slug) > SLUG_LENGTH:
        raise ValidationError({"slug": "Use lower-case letters, digits and single hyphens."})
    if find_team(slug):
        raise ValidationError({"slug": "A team with this slug exists already."})
    team = Team(name=name, slug=slug)
    db.session.add(team)
    db.session.flush()
    give_default_scale(team.id)
    return team


def create_named_team(name: str) -> Team:
    """Create a team under a name, its slug made from the name (and a number if taken)."""
    return create_team(name, free_slug(slug_of(check_team_name(name))))


def check_team_name(name: str, renamed: Team | None = None) -> str:
    """Return the trimmed name, or raise: empty, too long, or another team's name already.

    Names are compared without case: two teams called "Night desk" and "night desk" would
    be told apart by nobody reading a report or the team menu.
    """
    name = name.strip()
    if problem := TEAM_NAME.required_problem(name, "a team name"):
        raise ValidationError({"name": problem})
    query = sa.select(Team.name).where(sa.func.lower(Team.name) == name.lower())
    if renamed is not None:
        query = query.where(Team.id != renamed.id)
    if db.session.scalar(query.limit(1)) is not None:
        raise ValidationError({"name": f"A team named “{name}” exists already; choose another."})
    return name


def slug_of(name: str) -> str:
    """Return a URL slug for a team name: ASCII letters and digits joined by hyphens."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = _NOT_IN_SLUG.sub("-", ascii_name.lower()).strip("-")
    return slug[: SLUG_LENGTH - 8].strip("-") or "team"


def free_slug(slug: str) -> str:
    """Return the slug, or the slug with the lowest number appended that no team has."""
    taken = set(
        db.session.scalars(
            sa.select(Team.slug).where(sa.or_(Team.slug == slug, Team.slug.like(f"{slug}-%")))
        )
    )
    number = 1
    candidate = slug
    while candidate in taken:
        number += 1
        candidate = f"{slug}-{number}"
    return candidate


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
