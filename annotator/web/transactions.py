"""Each request is one transaction: whether it takes SQLite's write lock as it begins, and
running it again, whole, when SQLite reports its database locked.

These hooks hold what the data layer must not know (the request); the locks themselves
and the retry policy are in `annotator/storage/`.
"""

import time

from flask import Flask, current_app, has_request_context, request
from sqlalchemy.exc import OperationalError

from annotator.extensions import db
from annotator.storage.retry import ATTEMPTS, is_lock_error, pause_after

#: Requests that may write: their transaction takes SQLite's write lock when it begins.
WRITING_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def locks_late(view):
    """Mark a writing view whose service calls `lock_record` before it reads for writing."""
    view.locks_late = True
    return view


def request_takes_write_lock() -> bool:
    """Tell whether this transaction begins with SQLite's write lock: a writing request's
    does, unless its view locks late. Pages that only read keep a deferred transaction and
    never wait; so do commands and tests, which run one at a time.
    """
    if not has_request_context() or request.method not in WRITING_METHODS:
        return False
    view = current_app.view_functions.get(request.endpoint)
    return not getattr(view, "locks_late", False)


class DatabaseLocked(Exception):
    """SQLite gave up waiting for its lock; the request's transaction was rolled back."""


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


def register_request_retry(app: Flask) -> None:
    """SQLite: run each request (before-request hooks, view, commit) again when locked.

    The whole request is one transaction and rolled back before the next attempt, so an
    attempt either commits everything or nothing; after the last one the user is asked
    to try again (503), never shown "database is locked".
    """
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        return
    run_request = app.full_dispatch_request

    def run_request_with_retry():
        for attempt in range(ATTEMPTS):
            try:
                return run_request()
            except DatabaseLocked:
                db.session.rollback()
                app.logger.warning("Database locked; running the request again (%d)", attempt)
                time.sleep(pause_after(attempt))
                rewind_uploads()
        return app.finalize_request(answer_busy())

    app.full_dispatch_request = run_request_with_retry
    app.register_error_handler(OperationalError, escalate_lock_errors)
