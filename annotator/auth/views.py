"""Login, logout, first run and password change pages."""

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user

from annotator.extensions import db
from annotator.services import accounts
from annotator.web.current import choose_team
from annotator.web.forms import ChangePasswordForm, FirstAdminForm, LoginForm
from annotator.web.local_paths import local_path
from annotator.web.ratelimits import limit_failed_logins, seconds_until_retry
from annotator.web.refusals import refusals

bp = Blueprint("auth", __name__)


def after_login() -> str:
    """Return the page to open after login: the ``next`` path on this site, else the articles."""
    return local_path(request.args.get("next"), url_for("articles.index"))


def start_session(user, remember: bool) -> None:
    """Log the user in with a fresh session, so a planted session id is worthless."""
    session.clear()
    login_user(user, remember=remember)


@bp.route("/setup", methods=["GET", "POST"])
def setup():
    if accounts.user_count():
        return redirect(url_for("auth.login"))
    form = FirstAdminForm()
    if form.validate_on_submit():
        with refusals(form) as refused:
            user, team = accounts.set_up_instance(
                form.email.data, form.name.data, form.password.data, form.newsroom.data
            )
            accounts.record_login(user)
        if not refused:
            db.session.commit()
            start_session(user, remember=False)
            choose_team(team.id)
            flash(f"Welcome! You are the administrator of {team.name}.", "success")
            return redirect(url_for("articles.index"))
    return render_template("auth/setup.html", form=form), 422 if form.errors else 200


@bp.route("/login", methods=["GET", "POST"])
@limit_failed_logins
def login():
    if current_user.is_authenticated:
        return redirect(after_login())
    form = LoginForm()
    if form.validate_on_submit():
        user = accounts.authenticate(form.email.data, form.password.data)
        if user is not None:
            accounts.record_login(user)
            db.session.commit()
            start_session(user, remember=form.remember.data)
            return redirect(after_login())
        form.form_errors.append("Wrong e-mail address or password.")
    status = 401 if request.method == "POST" else 200
    return render_template("auth/login.html", form=form), status


@bp.errorhandler(429)
def too_many_failed_logins(error):
    minutes = max(1, round(seconds_until_retry() / 60))  # Retry-After has the exact seconds
    form = LoginForm()
    form.form_errors.append(
        f"Too many failed logins for this account or from this address. Wait {minutes} "
        f"minute{'s' if minutes != 1 else ''}, then try again."
    )
    return render_template("auth/login.html", form=form), 429


@bp.post("/logout")
@login_required
def logout():
    # Logging out on one device logs out everywhere: a forgotten session elsewhere ends too.
    accounts.end_sessions(current_user._get_current_object())
    db.session.commit()
    logout_user()
    session.clear()
    flash("You are logged out.", "info")
    return redirect(url_for("auth.login"))


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password():
    form = ChangePasswordForm()
    user = current_user._get_current_object()
    if form.validate_on_submit():
        with refusals(form) as refused:
            revoked = accounts.change_password(user, form.current_password.data, form.password.data)
        if not refused:
            db.session.commit()
            start_session(user, remember=False)
            tokens = f"{revoked} access token{'s' if revoked != 1 else ''}"
            flash(
                f"Your password is changed: your other sessions were logged out and {tokens} "
                "revoked.",
                "success",
            )
            return redirect(url_for("articles.index"))
    status = 422 if form.errors else 200
    return render_template("auth/password.html", form=form), status
