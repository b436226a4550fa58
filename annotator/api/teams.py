"""API: who I am, my teams, and (for admins) the team's members; people join by invitation."""

from flask import jsonify

from annotator.api import actor, bodies, bp, present
from annotator.api.inputs import read_body
from annotator.auth.permissions import Action
from annotator.errors import NotFound
from annotator.extensions import db
from annotator.models import Team, User
from annotator.services import agreement, rating_scale, teams
from annotator.services.access import require, role_in_team, teams_of


def load_team(slug: str, action: Action = Action.read) -> Team:
    """Load a team of the caller's by slug; outsiders get 404 as if it did not exist."""
    team = teams.find_team(slug)
    if team is None:
        raise NotFound("No such team.")
    require(actor(), team.id, action)
    return team


@bp.get("/me")
def me():
    return jsonify(present.me(actor(), teams_of(actor())))


@bp.get("/teams")
def list_teams():
    return jsonify({"items": [present.team(team, role) for team, role in teams_of(actor())]})


@bp.get("/teams/<slug>")
def show_team(slug: str):
    team = load_team(slug)
    return jsonify(present.team(team, role_in_team(actor(), team.id)))


@bp.get("/teams/<slug>/rating-scale")
def list_ratings(slug: str):
    team = load_team(slug)
    return jsonify({"items": [present.rating(r) for r in rating_scale.rating_scale(team.id)]})


@bp.get("/teams/<slug>/members")
def list_members(slug: str):
    team = load_team(slug, Action.manage_members)
    return jsonify({"items": [present.member(m.user, m.role) for m in teams.members_of(team)]})


@bp.put("/teams/<slug>/members/<int:user_id>")
def change_member(slug: str, user_id: int):
    team = load_team(slug, Action.manage_members)
    user = load_member(team, user_id)
    role = read_body(bodies.MEMBER_ROLE)["role"]
    teams.set_membership(team, user, role, actor=actor())
    db.session.commit()
    return jsonify(present.member(user, role))


@bp.delete("/teams/<slug>/members/<int:user_id>")
def remove_member(slug: str, user_id: int):
    team = load_team(slug, Action.manage_members)
    teams.remove_membership(team, load_member(team, user_id), actor=actor())
    db.session.commit()
    return "", 204


def load_member(team: Team, user_id: int) -> User:
    """Load a member of the team; any other id, an account's or not, answers the same 404."""
    user = db.session.get(User, user_id)
    if user is None or role_in_team(user, team.id) is None:
        raise NotFound("No such member.")
    return user


@bp.get("/teams/<slug>/agreement")
def team_agreement(slug: str):
    team = load_team(slug)
    return jsonify(present.agreement(agreement.team_agreement(team.id, actor().id)))
