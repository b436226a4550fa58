"""Team pages: switching team and, for admins, members and invitations."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from annotator.auth.permissions import Action
from annotator.errors import ValidationError
from annotator.extensions import db
from annotator.models import Role, Team, User, utcnow
from annotator.services import account_admin, invitations, teams
from annotator.services.access import require
from annotator.web.current import choose_team
from annotator.web.forms import EmptyForm, InviteForm, MemberRoleForm, SetPasswordForm, check_posted
from annotator.web.refusals import refusals

bp = Blueprint("teams", __name__, url_prefix="/teams")


def load_team_for_admin(slug: str) -> Team:
    team = teams.find_team(slug)
    if team is None:
        abort(404)
    require(current_user, team.id, Action.manage_members)
    return team


def load_member(team: Team, user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None or not any(m.team_id == team.id for m in user.memberships):
        abort(404)
    return user


@bp.post("/switch")
@login_required
def switch():
    team_id = request.form.get("team_id", type=int)
    if team_id is None:
        raise ValidationError({"team_id": "Choose one of your teams."})
    if not choose_team(team_id):
        abort(404)  # not a team of theirs: as if it did not exist
    return redirect(url_for("articles.index"))


def invitation_link(code: str) -> str:
    """Return the link to hand over: the code rides in the fragment, which no request carries,
    so no access log, proxy or Referer header ever sees it."""
    return url_for("invitations.open", _external=True) + "#" + code


def render_members(team: Team, form: InviteForm | None = None, status: int = 200, **shown):
    return render_template(
        "teams/members.html",
        team=team,
        form=form or InviteForm(formdata=None),
        memberships=teams.members_of(team),
        invitations=invitations.pending_of_team(current_user, team),
        password_settable=account_admin.fresh_member_ids(team),
        now=utcnow(),
        **shown,
    ), status


@bp.route("/<slug>/members", methods=["GET", "POST"])
@login_required
def members(slug: str):
    team = load_team_for_admin(slug)
    form = InviteForm()
    if not form.validate_on_submit():
        return render_members(team, form, 422 if form.is_submitted() else 200)
    with refusals(form) as refused:
        invitation, code = invitations.create_invitation(
            current_user, team, form.email.data, Role(form.role.data)
        )
    if refused:
        return render_members(team, form, 422)
    db.session.commit()
    # Rendered, not redirected: the code must never travel through the session cookie.
    return render_members(team, invited=invitation, link=invitation_link(code), status=201)


@bp.post("/<slug>/invitations/<int:invitation_id>/revoke")
@login_required
def revoke_invitation(slug: str, invitation_id: int):
    team = load_team_for_admin(slug)
    check_posted()
    invitation = invitations.revoke_invitation(current_user, team, invitation_id)
    db.session.commit()
    flash(f"The invitation to {invitation.email} is revoked; its link no longer works.", "success")
    return redirect(url_for("teams.members", slug=slug))


@bp.post("/<slug>/members/<int:user_id>/role")
@login_required
def change_role(slug: str, user_id: int):
    team = load_team_for_admin(slug)
    user = load_member(team, user_id)
    form = MemberRoleForm()
    if form.validate_on_submit():
        with refusals() as refused:
            teams.set_membership(team, user, Role(form.role.data), actor=current_user)
        if not refused:
            db.session.commit()
            flash(f"{user.name} is now {Role(form.role.data).label.lower()}.", "success")
    return redirect(url_for("teams.members", slug=slug))


@bp.post("/<slug>/members/<int:user_id>/password")
@login_required
def set_password(slug: str, user_id: int):
    team = load_team_for_admin(slug)
    user = load_member(team, user_id)
    if not account_admin.team_admin_may_set_password(team, user):
        abort(404)  # the account is its owner's now: as if no such member
    form = SetPasswordForm()
    with refusals(about=f"Password for {user.name}") as refused:
        if not form.validate_on_submit():
            raise ValidationError(" ".join(form.password.errors) or "Enter a password.")
        account_admin.set_member_password(current_user, team, user, form.password.data)
    if refused:
        return render_members(team, status=422)
    db.session.commit()
    flash(f"{user.name} can log in with the new password.", "success")
    return redirect(url_for("teams.members", slug=slug))


@bp.post("/<slug>/members/<int:user_id>/remove")
@login_required
def remove(slug: str, user_id: int):
    team = load_team_for_admin(slug)
    user = load_member(team, user_id)
    if EmptyForm().validate_on_submit():
        with refusals() as refused:
            teams.remove_membership(team, user, actor=current_user)
        if not refused:
            db.session.commit()
            flash(f"{user.name} left {team.name}.", "success")
    return redirect(url_for("teams.members", slug=slug))
