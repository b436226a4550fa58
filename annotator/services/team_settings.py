"""Opening, naming and describing teams: the instance's Teams page and a team's settings."""

from dataclasses import dataclass

import sqlalchemy as sa

from annotator import limits
from annotator.auth.permissions import Action
from annotator.errors import ValidationError
from annotator.extensions import db
from annotator.models import Membership, Role, Team, User
from annotator.services.access import require
from annotator.services.account_admin import require_instance_admin
from annotator.services.audit import record_event
from annotator.services.sources import check_web_url
from annotator.services.teams import check_team_name, create_named_team, set_membership


@dataclass(frozen=True)
class PublisherSettings:
    """Who publishes the team's reports: a name (empty: the team's) and two web addresses."""

    name: str = ""
    site_url: str = ""
    logo_url: str = ""


def list_teams(actor: User) -> list[tuple[Team, int]]:
    """Return every team with its number of members, by name, for an instance administrator."""
    require_instance_admin(actor)
    members = (
        sa.select(sa.func.count(Membership.id))
        .where(Membership.team_id == Team.id)
        .scalar_subquery()
    )
    rows = db.session.execute(sa.select(Team, members).order_by(sa.func.lower(Team.name)))
    return [(team, count) for team, count in rows]


def open_team(actor: User, name: str) -> Team:
    """Create a team as instance administrator, who becomes its first admin."""
    require_instance_admin(actor)
    team = create_named_team(name)
    record_event(
        actor, team.id, "team.create", subject=f"team:{team.id}", after={"name": team.name}
    )
    set_membership(team, actor, Role.admin, actor=actor)
    return team


def require_team_admin(actor: User, team: Team) -> None:
    """Raise unless the actor administers the team or the instance (others: not found)."""
    if not actor.is_instance_admin:
        require(actor, team.id, Action.manage_members)


def rename_team(actor: User, team: Team, name: str) -> bool:
    """Give the team a new name (its slug, and so every link, stays); True if it changed."""
    require_team_admin(actor, team)
    name = check_team_name(name, renamed=team)
    if name == team.name:
        return False
    record_event(
        actor,
        team.id,
        "team.rename",
        subject=f"team:{team.id}",
        before={"name": team.name},
        after={"name": name},
    )
    team.name = name
    db.session.flush()
    return True


def check_publisher(settings: PublisherSettings) -> PublisherSettings:
    """Return the settings trimmed, or raise with every field's problem at once."""
    trimmed = PublisherSettings(*(value.strip() for value in vars(settings).values()))
    errors = {}
    if problem := limits.PUBLISHER.problem(trimmed.name):
        errors["publisher_name"] = problem
    for field in ("site_url", "logo_url"):
        address = getattr(trimmed, field)
        if address and (problem := check_web_url(address)):
            errors[field] = problem
    if errors:
        raise ValidationError(errors)
    return trimmed


def change_publisher(actor: User, team: Team, settings: PublisherSettings) -> bool:
    """Set who publishes the team's reports, as its admin; True if anything changed."""
    require_team_admin(actor, team)
    settings = check_publisher(settings)
    before = publisher_of(team)
    if settings == before:
        return False
    record_event(
        actor,
        team.id,
        "team.publisher",
        subject=f"team:{team.id}",
        before=vars(before),
        after=vars(settings),
    )
    team.publisher_name, team.site_url, team.logo_url = vars(settings).values()
    db.session.flush()
    return True


def change_team_settings(actor: User, team: Team, name: str, settings: PublisherSettings) -> bool:
    """Rename the team and set its publisher, refusing with every problem at once."""
    require_team_admin(actor, team)
    check_team_settings(team, name, settings)
    renamed = rename_team(actor, team, name)
    return change_publisher(actor, team, settings) or renamed


def check_team_settings(team: Team, name: str, settings: PublisherSettings) -> None:
    """Raise ValidationError with every problem of the team's new name and publisher."""
    problems = {}
    try:
        check_team_name(name, renamed=team)
    except ValidationError as error:
        problems.update(error.fields)
    try:
        check_publisher(settings)
    except ValidationError as error:
        problems.update(error.fields)
    if problems:
        raise ValidationError(problems)


def publisher_of(team: Team) -> PublisherSettings:
    """Return the team's publisher settings as stored."""
    return PublisherSettings(team.publisher_name, team.site_url, team.logo_url)


def mark_demo(team: Team) -> None:
    """Mark the team as the demo newsroom: its lists and reports say it is not a real one."""
    team.is_demo = True
    db.session.flush()
