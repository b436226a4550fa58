"""Rate limits: failed logins per account and per address, API calls per token or user."""

import hashlib
import math
import time

from flask import Blueprint, Flask, current_app, request
from flask_limiter.util import get_remote_address
from flask_login import current_user

from annotator.extensions import limiter
from annotator.services.accounts import normalise_email

API_LIMIT_MESSAGE = (
    "Too many requests for this token or account; wait as many seconds as the Retry-After "
    "header says, then try again."
)


def register_rate_limits(app: Flask) -> None:
    """Attach the limiter to the app; the limits themselves are read from config per request."""
    limiter.init_app(app)


@limiter.request_filter
def limits_switched_off() -> bool:
    # Our own switch, read per request: Flask-Limiter's RATELIMIT_ENABLED lives on the one
    # shared extension object and only takes effect when an app is built.
    return not current_app.config["RATE_LIMITS_ENABLED"]


def client_address() -> str:
    return f"address:{get_remote_address()}"


def login_account() -> str:
    # Normalised as accounts are stored, so "ADA@x.org " and "ada@x.org" share one count;
    # unknown addresses are counted alike, so the limit tells nothing about who exists.
    return f"account:{normalise_email(request.form.get('email', ''))}"


def failed_login(response) -> bool:
    """Tell whether the login was refused: only failures count towards the limit."""
    return response.status_code == 401


def limit_failed_logins(view):
    """Refuse logins (429) after too many failures for one account or from one address."""
    per_account = limiter.limit(
        lambda: current_app.config["LOGIN_RATE_LIMIT"],
        key_func=login_account,
        methods=["POST"],
        deduct_when=failed_login,
    )
    per_address = limiter.limit(
        lambda: current_app.config["LOGIN_ADDRESS_RATE_LIMIT"],
        key_func=client_address,
        methods=["POST"],
        deduct_when=failed_login,
    )
    return per_account(per_address(view))


def seconds_until_retry() -> int:
    """Return how long the client must wait before the limit it hit lets it through."""
    breached = limiter.current_limit
    if breached is None:
        return 60
    return max(1, math.ceil(breached.reset_at - time.time()))


def api_caller() -> str:
    """Name the caller an API limit counts for: its token, its logged-in user, or its address."""
    header = request.headers.get("Authorization", "")
    if header:
        # The limit runs before the token is looked up: count per secret, never store it.
        return "token:" + hashlib.sha256(header.encode("utf-8")).hexdigest()
    if current_user.is_authenticated:
        return f"user:{current_user.id}"
    return client_address()


def limit_api_calls(bp: Blueprint, public_endpoints: set[str]) -> None:
    """Limit every route of the API blueprint per caller, except its own description."""
    limiter.limit(
        lambda: current_app.config["API_RATE_LIMIT"],
        key_func=api_caller,
        error_message=API_LIMIT_MESSAGE,
        exempt_when=lambda: request.endpoint in public_endpoints,
    )(bp)
