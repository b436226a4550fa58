"""Opening, naming and describing teams: the instance's Teams page and a team's settings."""

from dataclasses import dataclass

import sqlalchemy as sa

from annotator import limits
from annotator.auth.permissions import Action
from annotator.errors import ValidationError
from annotator.extensions import db
from annotator.models import Membership, Role, Team, User, utcnow
from annotator.services.access import require
from annotator.services.account_admin import require_instance_admin
from annotator.services.audit import record_event
from annotator.services.public_pages import address_published_articles
from annotator.services.sources import check_web_url
from annotator.services.teams import check_team_name, create_named_team, set_membership


@dataclass(frozen=True)
class PublisherSettings:
    """Who publishes the team's reports: a name (empty: the team's) and two web addresses."""

    name: str = ""
    site_url: str = ""
    logo_url: str = ""


@dataclass(frozen=True)
class PublicSettings:
    """Whether anyone may read the team's published articles, and whether those pages name
    the reviewers of each claim. Both off until an admin opts in."""

    pages: bool = False
    reviewer_names: bool = False


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


def public_settings_of(team: Team) -> PublicSettings:
    """Return the team's public page settings as stored."""
    return PublicSettings(team.public_pages, team.public_reviewer_names)


def change_public_settings(actor: User, team: Team, settings: PublicSettings) -> bool:
    """Open or close the team's public pages, as its admin; True if anything changed.

    Opening them gives the articles published before their public address."""
    require_team_admin(actor, team)
    before = public_settings_of(team)
    if settings == before:
        return False
    record_event(
        actor,
        team.id,
        "team.public_pages",
        subject=f"team:{team.id}",
        before=vars(before),
        after=vars(settings),
    )
    team.public_pages, team.public_reviewer_names = settings.pages, settings.reviewer_names
    team.public_changed_at = utcnow()
    if settings.pages:
        address_published_articles(team)
    db.session.flush()
    return True


def change_team_settings(
    actor: User,
    team: Team,
    name: str,
    settings: PublisherSettings,
    public: PublicSettings | None = None,
) -> bool:
    """Rename the team, set its publisher and its public pages, refusing with every problem
    at once (``public`` None: left as they are)."""
    require_team_admin(actor, team)
    check_team_settings(team, name, settings)
    renamed = rename_team(actor, team, name)
    published = change_publisher(actor, team, settings)
    opened = change_public_settings(actor, team, public or public_settings_of(team))
    if (renamed or published) and team.public_pages:
        team.public_changed_at = utcnow()  # the public pages name the team's publisher
        db.session.flush()
    return renamed or published or opened


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
