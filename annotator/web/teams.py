"""Team pages: switching team and, for admins, managing members."""

from contextlib import contextmanager

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from annotator.auth.permissions import Action
from annotator.errors import ValidationError
from annotator.extensions import db
from annotator.models import Role, Team, User
from annotator.services import accounts, teams
from annotator.services.access import require
from annotator.web.current import choose_team
from annotator.web.formerrors import copy_errors
from annotator.web.forms import AddMemberForm, EmptyForm, MemberRoleForm, SetPasswordForm

bp = Blueprint("teams", __name__, url_prefix="/teams")


@contextmanager
def flash_errors():
    """Show a service's refusal as a message on the members page instead of an error page."""
    try:
        yield
    except ValidationError as error:
        db.session.rollback()
        flash(error.message, "error")


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


@bp.route("/<slug>/members", methods=["GET", "POST"])
@login_required
def members(slug: str):
    team = load_team_for_admin(slug)
    form = AddMemberForm()
    if form.validate_on_submit():
        try:
            user = accounts.find_user_by_email(form.email.data) or accounts.create_user(
                form.email.data, form.name.data, form.password.data or None
            )
            teams.set_membership(team, user, Role(form.role.data), actor=current_user)
        except ValidationError as error:
            db.session.rollback()
            copy_errors(form, error)
        else:
            db.session.commit()
            flash(f"{user.name} can now log in as {user.email}.", "success")
            return redirect(url_for("teams.members", slug=slug))
    return render_template(
        "teams/members.html",
        team=team,
        form=form,
        memberships=teams.members_of(team),
    ), 422 if form.is_submitted() else 200


@bp.post("/<slug>/members/<int:user_id>/role")
@login_required
def change_role(slug: str, user_id: int):
    team = load_team_for_admin(slug)
    user = load_member(team, user_id)
    form = MemberRoleForm()
    if form.validate_on_submit():
        with flash_errors():
            teams.set_membership(team, user, Role(form.role.data), actor=current_user)
            db.session.commit()
            flash(f"{user.name} is now {Role(form.role.data).label.lower()}.", "success")
    return redirect(url_for("teams.members", slug=slug))


@bp.post("/<slug>/members/<int:user_id>/password")
@login_required
def set_password(slug: str, user_id: int):
    team = load_team_for_admin(slug)
    user = load_member(team, user_id)
    form = SetPasswordForm()
    if form.validate_on_submit():
        with flash_errors():
            accounts.set_password(user, form.password.data)
            db.session.commit()
            flash(f"{user.name} can log in with the new password.", "success")
    return redirect(url_for("teams.members", slug=slug))


@bp.post("/<slug>/members/<int:user_id>/remove")
@login_required
def remove(slug: str, user_id: int):
    team = load_team_for_admin(slug)
    user = load_member(team, user_id)
    if EmptyForm().validate_on_submit():
        with flash_errors():
            teams.remove_membership(team, user, actor=current_user)
            db.session.commit()
            flash(f"{user.name} left {team.name}.", "success")
    return redirect(url_for("teams.members", slug=slug))
