"""Logged-in user loading and the first-run gate."""

from flask import Flask, redirect, request, url_for
from flask_login import current_user

from annotator.extensions import db, login_manager
from annotator.models import User
from annotator.services.accounts import user_count

# Endpoints that must answer before the first administrator exists.
_OPEN_ENDPOINTS = {"auth.setup", "static", "health.health", "icons.favicon"}


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    """Return the user named by the session cookie, if its token is still current."""
    number, _, token = user_id.partition(":")
    if not number.isdigit():
        return None
    user = db.session.get(User, int(number))
    if user is None or not user.can_log_in or user.session_token != token:
        return None
    return user


def redirect_to_setup_when_no_user():
    """Send every request to the first-administrator form until an account exists."""
    # API clients get 401 from the API itself, not a page; asked first, so a call with a
    # token loads no session user it does not use (ADR 23). Public pages read no session:
    # they are the same for every visitor.
    if request.blueprint in ("api", "public") or request.endpoint in _OPEN_ENDPOINTS:
        return None
    if current_user.is_authenticated:
        return None
    if user_count() == 0:
        return redirect(url_for("auth.setup"))
    return None


def register_session(app: Flask) -> None:
    """Attach Flask-Login and the first-run gate to the app."""
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Please log in to see this page."
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"
    app.before_request(redirect_to_setup_when_no_user)
