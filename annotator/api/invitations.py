"""API: a team's invitations, for its admins (create, list, revoke)."""

from flask import jsonify, url_for

from annotator.api import actor, bodies, bp, present
from annotator.api.inputs import read_body
from annotator.api.teams import load_team
from annotator.auth.permissions import Action
from annotator.extensions import db
from annotator.models import utcnow
from annotator.services import invitations


@bp.get("/teams/<slug>/invitations")
def list_invitations(slug: str):
    team = load_team(slug, Action.manage_members)
    now = utcnow()
    pending = invitations.pending_of_team(actor(), team)
    return jsonify({"items": [present.invitation(invitation, now) for invitation in pending]})


@bp.post("/teams/<slug>/invitations")
def create_invitation(slug: str):
    team = load_team(slug, Action.manage_members)
    body = read_body(bodies.NEW_INVITATION)
    invitation, code = invitations.create_invitation(actor(), team, body["email"], body["role"])
    db.session.commit()
    link = url_for("invitations.open", _external=True) + "#" + code
    return jsonify({**present.invitation(invitation, utcnow()), "code": code, "link": link}), 201


@bp.delete("/teams/<slug>/invitations/<int:invitation_id>")
def revoke_invitation(slug: str, invitation_id: int):
    team = load_team(slug, Action.manage_members)
    invitations.revoke_invitation(actor(), team, invitation_id)
    db.session.commit()
    return "", 204
