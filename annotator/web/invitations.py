"""Invitation pages: open a link, create one's own account with it, accept or decline."""

from functools import partial

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from annotator.auth.views import start_session
from annotator.errors import NotFound
from annotator.extensions import db
from annotator.models import Invitation
from annotator.services import accounts, invitations
from annotator.web.account_forms import AcceptInvitationForm, JoinForm, OpenInvitationForm
from annotator.web.current import choose_team
from annotator.web.forms import EmptyForm, check_posted, validate_all
from annotator.web.refusals import refusals

bp = Blueprint("invitations", __name__, url_prefix="/invitations")


def render_invitation(invitation: Invitation, code: str, join_form=None, status: int = 200):
    """Show the invitation: to its address's account, accept or decline; to a visitor, sign up."""
    if join_form is None and not current_user.is_authenticated:
        join_form = JoinForm(formdata=None, code=code)
    return render_template(
        "invitations/show.html",
        invitation=invitation,
        accept_form=AcceptInvitationForm(formdata=None, code=code),
        join_form=join_form,
        decline_form=EmptyForm(formdata=None),
    ), status


@bp.route("/open", methods=["GET", "POST"], endpoint="open")
def open_link():
    form = OpenInvitationForm()
    if not form.validate_on_submit():
        status = 422 if form.is_submitted() else 200
        return render_template("invitations/open.html", form=form), status
    try:
        if current_user.is_authenticated:
            invitation = invitations.invitation_for(current_user, form.code.data)
        else:
            invitation = invitations.find_open_invitation(form.code.data)
    except NotFound as error:
        form.code.errors = [error.message]
        return render_template("invitations/open.html", form=form), 404
    return render_invitation(invitation, invitations.code_of(form.code.data))


@bp.post("/join")
def join():
    if current_user.is_authenticated:
        flash("You are logged in: accept the invitation with this account instead.", "info")
        return redirect(url_for("articles.index"))
    form = JoinForm()
    check = partial(
        accounts.check_new_account, None, form.name.data or "", form.password.data or ""
    )
    if validate_all(form, check):
        with refusals(form) as refused:
            user, invitation = invitations.join_with_invitation(
                form.code.data, form.name.data, form.password.data
            )
        if not refused:
            db.session.commit()
            start_session(user, remember=False)
            return joined(invitation)
    if not form.code.data:
        open_form = OpenInvitationForm(formdata=None)
        open_form.code.errors = form.code.errors
        return render_template("invitations/open.html", form=open_form), 422
    invitation = invitations.find_open_invitation(form.code.data)
    return render_invitation(invitation, invitations.code_of(form.code.data), form, 422)


def joined(invitation: Invitation):
    choose_team(invitation.team_id)
    role = invitation.role.label.lower()
    flash(f"Welcome to {invitation.team.name}: you joined as {role}.", "success")
    return redirect(url_for("articles.index"))


@bp.post("/accept")
@login_required
def accept():
    form = AcceptInvitationForm()
    if not form.validate_on_submit():
        open_form = OpenInvitationForm(formdata=None)
        open_form.code.errors = form.code.errors
        return render_template("invitations/open.html", form=open_form), 422
    invitation = invitations.accept_invitation(current_user, form.code.data)
    db.session.commit()
    return joined(invitation)


@bp.post("/<int:invitation_id>/decline")
@login_required
def decline(invitation_id: int):
    check_posted()
    invitation = invitations.decline_invitation(current_user, invitation_id)
    db.session.commit()
    flash(f"You declined the invitation to {invitation.team.name}.", "success")
    return redirect(url_for("inbox.index"))
