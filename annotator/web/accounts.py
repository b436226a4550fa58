"""The instance administrators' Accounts page: every account, password resets, who administers.

Anyone else gets 404 here, as for a page that does not exist: the page names every account.
"""

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from annotator.errors import ValidationError
from annotator.extensions import db
from annotator.models import User
from annotator.services import account_admin
from annotator.web.account_forms import InstanceAdminForm, ResetPasswordForm
from annotator.web.refusals import refusals

bp = Blueprint("accounts", __name__, url_prefix="/accounts")


def load_account(user_id: int) -> User:
    """Load any account, for an instance administrator; anyone else finds nothing."""
    account_admin.require_instance_admin(current_user)
    return db.get_or_404(User, user_id)


def render_page(status: int = 200):
    return render_template(
        "accounts/index.html",
        accounts=account_admin.list_accounts(current_user),
        reset_form=ResetPasswordForm(formdata=None),
        admin_form=InstanceAdminForm(formdata=None),
    ), status


@bp.get("/")
@login_required
def index():
    return render_page()


@bp.post("/<int:user_id>/password")
@login_required
def reset_password(user_id: int):
    user = load_account(user_id)
    form = ResetPasswordForm()
    with refusals(about=user.name) as refused:
        if not form.validate_on_submit():
            raise ValidationError(" ".join(form.password.errors) or "Enter a password.")
        revoked = account_admin.reset_account_password(current_user, user, form.password.data)
    if refused:
        return render_page(422)
    db.session.commit()
    flash(
        f"{user.name} has a new password: every session of theirs ended, and {revoked} access "
        f"token{'s' if revoked != 1 else ''} stopped working. Tell them the password in person.",
        "success",
    )
    return redirect(url_for("accounts.index"))


@bp.post("/<int:user_id>/instance-admin")
@login_required
def set_instance_admin(user_id: int):
    user = load_account(user_id)
    form = InstanceAdminForm()
    with refusals(about=user.name) as refused:
        if not form.validate_on_submit():
            raise ValidationError("Choose whether to make or unmake an administrator.")
        account_admin.change_instance_admin(current_user, user, form.change.data == "grant")
    if refused:
        return render_page(422)
    db.session.commit()
    now = "an" if user.is_instance_admin else "no longer an"
    flash(f"{user.name} is {now} instance administrator.", "success")
    if not current_user.is_instance_admin:  # they stepped down: the page is closed to them now
        return redirect(url_for("articles.index"))
    return redirect(url_for("accounts.index"))
