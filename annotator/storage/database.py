"""Database set-up: Flask-SQLAlchemy, Alembic migrations and SQLite's pragmas."""

import os
import sys
import weakref
from collections.abc import Callable
from pathlib import Path

from flask import Flask
from sqlalchemy import event

from annotator.extensions import db
from annotator.storage.locks import BUSY_TIMEOUT_MS, begin_transactions

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"
#: PostgreSQL connections per worker process (instance/config.py may override them):
#: pre-ping replaces connections a server restart or a failover to the standby has cut.
POSTGRES_POOL = {"pool_pre_ping": True, "pool_size": 5, "max_overflow": 5, "pool_recycle": 1800}


def never() -> bool:
    return False


def register_database(app: Flask, takes_write_lock: Callable[[], bool] = never) -> None:
    """Bind the database (and migrations, where they run); tune SQLite connections.

    On SQLite, a transaction for which ``takes_write_lock()`` answers True takes the write
    lock as it begins (the caller knows which are going to write; the data layer does not).
    """
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        chosen = app.config.get("SQLALCHEMY_ENGINE_OPTIONS", {})
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {**POSTGRES_POOL, **chosen}
    db.init_app(app)
    # A process that imported Flask-Migrate (tests, benchmarks, `db copy`) is going to
    # migrate; a web worker never imports it and so never loads Alembic.
    if "flask_migrate" in sys.modules:
        bind_migrations(app)
    with app.app_context():
        engine = db.engine
        forget_connections_when_forked(engine)
        if engine.dialect.name == "sqlite":
            timeout = app.config["SQLITE_BUSY_TIMEOUT_MS"]
            event.listen(engine, "connect", sqlite_pragmas(timeout))
            begin_transactions(engine, takes_write_lock)


def forget_connections_when_forked(engine) -> None:
    """Start a forked child's pool empty: gunicorn's workers are forked from a master that has
    built the app (ADR 22), and a connection must never be shared by two processes. The
    child leaves the parent's connections open, for the parent (SQLAlchemy's advice)."""
    reference = weakref.ref(engine)

    def forget() -> None:
        if (alive := reference()) is not None:
            alive.dispose(close=False)

    os.register_at_fork(after_in_child=forget)


def bind_migrations(app: Flask) -> None:
    """Attach Flask-Migrate to the app, once: its commands and upgrade() read it there."""
    if "migrate" not in app.extensions:
        from flask_migrate import Migrate

        Migrate(app, db, directory=str(MIGRATIONS), render_as_batch=True)


def sqlite_pragmas(busy_timeout_ms: int):
    """Return a connect hook: WAL journal, enforced foreign keys, a busy timeout."""

    def on_connect(dbapi_connection, record) -> None:
        # Let SQLAlchemy's "begin" event issue BEGIN itself (see storage.locks.begin_transactions).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        record.info[BUSY_TIMEOUT_MS] = int(busy_timeout_ms)
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    return on_connect
