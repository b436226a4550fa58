"""Migrations and the SQLite connection settings."""

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from annotator.extensions import db
from annotator.services.fulltext import compared_with_models


def test_migrations_match_the_models(app):
    with db.engine.connect() as connection:
        opts = {"compare_type": True, "include_name": compared_with_models}
        context = MigrationContext.configure(connection, opts=opts)
        assert compare_metadata(context, db.metadata) == []


def test_sqlite_connections_use_wal_foreign_keys_and_busy_timeout(app, engine_name):
    if engine_name != "sqlite":
        return
    with db.engine.connect() as connection:
        pragma = lambda name: connection.exec_driver_sql(f"PRAGMA {name}").scalar()  # noqa: E731
        assert pragma("journal_mode") == "wal"
        assert pragma("foreign_keys") == 1
        assert pragma("busy_timeout") == 5000


def test_health_answers_ok(client):
    assert client.get("/healthz").json == {"status": "ok"}


def test_foreign_keys_are_enforced(app):
    from annotator.models import Membership

    db.session.add(Membership(team_id=999, user_id=999, role="admin"))
    with pytest.raises(sa.exc.IntegrityError):
        db.session.flush()
