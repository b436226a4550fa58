"""The JSON API at /api/v1: token or session authentication, then the same services as the web."""

from flask import Blueprint, Flask, current_app, g, request
from flask_login import current_user

from annotator.api.openapi import query_parameters
from annotator.errors import MalformedRequest, error_response
from annotator.extensions import csrf, db
from annotator.services.tokens import user_for_secret
from annotator.storage.locks import take_write_lock
from annotator.web.ratelimits import limit_api_calls

bp = Blueprint("api", __name__, url_prefix="/api/v1")

#: Endpoints anyone may read: the description of the API itself.
PUBLIC_ENDPOINTS = {"api.openapi_document_view", "api.reference"}
UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
limit_api_calls(bp, PUBLIC_ENDPOINTS)


def unauthorized(message: str):
    response, status = error_response(401, "unauthorized", message)
    response.headers["WWW-Authenticate"] = 'Bearer realm="annotator"'
    return response, status


@bp.before_request
def authenticate():
    """Find who is calling: a bearer token, else the logged-in session (with its CSRF token)."""
    header = request.headers.get("Authorization", "")
    if header:
        scheme, _, secret = header.partition(" ")
        user = user_for_secret(secret.strip()) if scheme.lower() == "bearer" else None
        if user is None:
            return unauthorized("The access token is unknown, expired or revoked.")
        if db.session.dirty:  # the token's last use changed: keep it whatever happens next
            take_write_lock(db.session.connection())
            db.session.commit()
        g.api_user = user
        return None
    if request.endpoint in PUBLIC_ENDPOINTS:
        return None
    if not current_user.is_authenticated:
        return unauthorized("Send a personal access token: Authorization: Bearer <token>.")
    if request.method in UNSAFE_METHODS and current_app.config.get("WTF_CSRF_ENABLED", True):
        # Cookies ride along on cross-site requests; the header proves the call is ours.
        csrf.protect()
    g.api_user = current_user._get_current_object()
    return None


@bp.before_request
def refuse_unknown_parameters():
    """Answer 400 for a query parameter the operation does not take, as the document says."""
    if request.url_rule is None or request.method == "OPTIONS":
        return
    known = query_parameters(request.url_rule.rule, request.method)
    unknown = sorted(set(request.args) - known)
    if unknown:
        takes = ", ".join(sorted(known)) or "none"
        message = f"This operation takes no such query parameter (it takes: {takes})."
        raise MalformedRequest(dict.fromkeys(unknown, message))


@bp.after_request
def no_caching(response):
    response.headers.setdefault("Cache-Control", "no-store")
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def actor():
    """Return the user the request acts for."""
    return g.api_user


def register(app: Flask) -> None:
    """Register the API; token requests carry no cookie to forge (session calls are checked
    in `authenticate`), so CSRF's form check is off for it."""
    app.register_blueprint(csrf.exempt(bp))


from annotator.api import (  # noqa: E402 (the routes attach themselves to bp)
    annotations,
    articles,
    describe,
    exports,
    invitations,
    review,
    teams,
)

__all__ = [
    "annotations",
    "articles",
    "bp",
    "describe",
    "exports",
    "invitations",
    "register",
    "review",
    "teams",
]
