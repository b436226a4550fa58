"""Run a request again, whole, when SQLite reports its database locked."""

import random
import time

from flask import Flask, request
from sqlalchemy.exc import OperationalError

from annotator.extensions import db

#: How many times a request is run in all before the user is told to try again.
ATTEMPTS = 4
#: First pause between attempts, in seconds; it doubles each time, with jitter.
FIRST_PAUSE = 0.05


class DatabaseLocked(Exception):
    """SQLite gave up waiting for its lock; the request's transaction was rolled back."""


def is_lock_error(error: OperationalError) -> bool:
    """Tell whether SQLite refused because another connection holds the lock."""
    text = str(error.orig).lower()
    return "database is locked" in text or "database is busy" in text


def escalate_lock_errors(error: OperationalError):
    """Turn a lock error into a retry of the request; answer any other as a 500."""
    if is_lock_error(error):
        raise DatabaseLocked from error
    from annotator.errors import handle_unexpected_error

    return handle_unexpected_error(error)


def rewind_uploads() -> None:
    """Put uploaded files back at their start, so the next attempt reads them whole."""
    for upload in request.files.values():
        upload.stream.seek(0)


def answer_busy():
    from annotator.errors import error_response

    response, status = error_response(
        503, "database_busy", "The server is very busy; please try again in a moment."
    )
    response = response if hasattr(response, "headers") else Flask.response_class(response)
    response.status_code = status
    response.headers["Retry-After"] = "2"
    return response


def retry_when_locked(app: Flask) -> None:
    """Run each request (before-request hooks, view, commit) again when SQLite was locked.

    The whole request is one transaction and rolled back before the next attempt, so an
    attempt either commits everything or nothing; after the last one the user is asked
    to try again (503), never shown "database is locked".
    """
    run_request = app.full_dispatch_request

    def run_request_with_retry():
        for attempt in range(ATTEMPTS):
            try:
                return run_request()
            except DatabaseLocked:
                db.session.rollback()
                app.logger.warning("Database locked; running the request again (%d)", attempt)
                time.sleep(FIRST_PAUSE * 2**attempt * (1 + random.random()))  # noqa: S311
                rewind_uploads()
        return app.finalize_request(answer_busy())

    app.full_dispatch_request = run_request_with_retry
    app.register_error_handler(OperationalError, escalate_lock_errors)
