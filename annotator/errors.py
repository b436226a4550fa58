"""Domain exceptions and their single mapping to HTTP answers."""

from flask import Flask, jsonify, render_template, request
from werkzeug.exceptions import HTTPException


class DomainError(Exception):
    """Base of every error a service raises on purpose."""

    status = 400

    def __init__(self, message: str = ""):
        super().__init__(message)
        self.message = message


class MalformedRequest(DomainError):
    """The request's JSON, form or parameters do not have the documented shape."""

    status = 400

    def __init__(self, fields: dict[str, str]):
        super().__init__("; ".join(f"{name}: {text}" for name, text in fields.items()))
        self.fields = fields


class NotFound(DomainError):
    status = 404


class Withdrawn(DomainError):
    """A public page that was published and has been taken back: gone, not missing."""

    status = 410


class PermissionDenied(DomainError):
    status = 403


class InvalidTransition(DomainError):
    status = 409


class StaleVersion(DomainError):
    """A write was based on a version that someone else has since replaced."""

    status = 409

    def __init__(self, message: str, current: object = None):
        super().__init__(message)
        self.current = current


class ValidationError(DomainError):
    """Bad input, with messages per field (the key "" holds form-wide messages)."""

    status = 422

    def __init__(self, fields: dict[str, str] | str):
        if isinstance(fields, str):
            fields = {"": fields}
        super().__init__("; ".join(fields.values()))
        self.fields = fields


def wants_json() -> bool:
    """Tell whether the client asked for JSON rather than a page."""
    if request.path.startswith("/api/"):
        return True
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json"


def error_response(status: int, code: str, message: str, fields: dict | None = None):
    """Answer an error as JSON or as a page, whichever the client asked for."""
    if wants_json():
        body = {"error": {"code": code, "message": message, "fields": fields or {}}}
        return jsonify(body), status
    return render_template("errors/error.html", status=status, message=message), status


def handle_domain_error(error: DomainError):
    code = type(error).__name__.lower()
    return error_response(error.status, code, error.message, getattr(error, "fields", None))


#: Envelope codes that differ from werkzeug's name for the status.
HTTP_ERROR_CODES = {429: "rate_limited"}


def handle_http_error(error: HTTPException):
    code = HTTP_ERROR_CODES.get(error.code) or (error.name or "error").lower().replace(" ", "_")
    return error_response(error.code or 500, code, error.description or error.name)


def handle_unexpected_error(error: Exception):
    # The traceback goes to the log; the user gets a page without internals.
    from flask import current_app

    current_app.logger.exception("Unhandled error")
    return error_response(500, "internal_error", "Something went wrong on our side.")


def register_error_handlers(app: Flask) -> None:
    """Map domain exceptions and HTTP errors to one JSON envelope or one error page."""
    app.register_error_handler(DomainError, handle_domain_error)
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(Exception, handle_unexpected_error)
