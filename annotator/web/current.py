"""The team the logged-in user is working in, kept in the session."""

from flask import g, session
from flask_login import current_user

from annotator.models import Role, Team
from annotator.services.access import role_in_team, teams_of


def my_teams() -> list[tuple[Team, Role]]:
    """Return the current user's teams with roles, once per request."""
    if "my_teams" not in g:
        g.my_teams = teams_of(current_user) if current_user.is_authenticated else []
    return g.my_teams


def current_team() -> tuple[Team, Role] | tuple[None, None]:
    """Return the team chosen in the session, else the user's first team."""
    teams = my_teams()
    chosen = session.get("team_id")
    for team, role in teams:
        if team.id == chosen:
            return team, role
    return teams[0] if teams else (None, None)


def choose_team(team_id: int) -> bool:
    """Make a team of the user's the current one; False when they are not a member."""
    if any(team.id == team_id for team, _ in my_teams()):
        session["team_id"] = team_id
        return True
    return False


def my_role_in(team_id: int) -> Role | None:
    """Return the current user's role in a team (None: not a member), read once a request.

    A page asks several times (the view, its panels, the template's controls). The pages
    that change the user's own memberships (accepting an invitation, leaving a team)
    answer with a redirect, so no request reads a role it has itself changed.
    """
    roles = g.setdefault("my_roles", {})
    if team_id not in roles:
        roles[team_id] = (
            role_in_team(current_user, team_id) if current_user.is_authenticated else None
        )
    return roles[team_id]
