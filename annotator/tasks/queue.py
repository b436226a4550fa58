"""The task queue (huey): one instance whose storage the app's QUEUE_URL chooses.

- ``sqlite:///path`` (the default, instance/queue.sqlite3): one machine, no other service;
  the web server and `flask worker` share the file.
- ``redis://host:port/db`` or ``postgresql://...``: shared by every app server, so that any
  number of workers take tasks from one queue.
- ``memory://``: the tests' default; tasks wait in this process until a consumer runs.

Tasks are defined once, at import, on ``queue``; ``configure_queue`` swaps its storage when
an app is built. Every task runs inside the app's context (``run_in_app``), so it uses the
database as a request does, and commits its own work.
"""

import logging
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from urllib.parse import urlsplit

from flask import Flask
from huey import Huey
from huey.storage import MemoryStorage, PostgresStorage, RedisStorage, SqliteStorage

log = logging.getLogger(__name__)

#: The one queue of the process; its storage follows the last app configured.
queue = Huey("annotator", results=False, storage_class=MemoryStorage, utc=True)
#: The app whose context tasks run in (the one `flask worker` or a test configured).
_app: Flask | None = None


def storage_for(url: str):
    """Return the huey storage that a QUEUE_URL names."""
    scheme = urlsplit(url).scheme.split("+", 1)[0]
    if scheme == "sqlite":
        # No fsync per enqueue (it was most of an enqueue's time inside a user's request):
        # the messages owed are rows of the app's own, durable database, and the periodic
        # sweep queues again whatever a queue file lost in a power cut.
        filename = url.removeprefix("sqlite:///")
        Path(filename).parent.mkdir(parents=True, exist_ok=True)  # a new instance folder
        return SqliteStorage("annotator", filename=filename, timeout=10, fsync=False)
    if scheme in ("redis", "rediss"):
        return RedisStorage("annotator", url=url, read_timeout=1)
    if scheme in ("postgresql", "postgres"):
        return PostgresStorage("annotator", dsn=libpq_url(url), read_timeout=1)
    if scheme == "memory":
        return MemoryStorage("annotator")
    raise ValueError(f"QUEUE_URL must be sqlite:///, redis://, postgresql:// or memory://: {url}")


def libpq_url(url: str) -> str:
    """Return an SQLAlchemy PostgreSQL URL (``postgresql+psycopg://``) as libpq reads it."""
    scheme, rest = url.split("://", 1)
    return f"postgresql://{rest}" if scheme.startswith("postgres") else url


def configure_queue(app: Flask) -> None:
    """Point the queue at the app's QUEUE_URL and run its tasks in the app's context."""
    global _app
    _app = app
    queue.storage = storage_for(app.config["QUEUE_URL"])
    app.extensions["task_queue"] = queue


def run_in_app(function: Callable) -> Callable:
    """Run a task's body in the configured app's context; its session is removed after."""

    @wraps(function)
    def task_body(*args, **kwargs):
        from annotator.extensions import db

        if _app is None:
            raise RuntimeError("The task queue has no app: call configure_queue(app) first.")
        with _app.app_context():
            try:
                return function(*args, **kwargs)
            finally:
                db.session.remove()

    return task_body
