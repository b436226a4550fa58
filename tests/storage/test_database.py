"""Migrations and the SQLite connection settings."""

import shutil

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import migrate

from annotator.extensions import db
from annotator.services.fulltext import compared_with_models
from annotator.storage.database import MIGRATIONS


def test_migrations_match_the_models(app):
    with db.engine.connect() as connection:
        opts = {"compare_type": True, "include_name": compared_with_models}
        context = MigrationContext.configure(connection, opts=opts)
        assert compare_metadata(context, db.metadata) == []


def test_autogenerate_on_a_migrated_database_writes_no_migration(app, tmp_path):
    # `flask db migrate` as a developer runs it, into a copy of the migrations folder.
    folder = shutil.copytree(MIGRATIONS, tmp_path / "migrations")
    before = sorted(path.name for path in (folder / "versions").glob("*.py"))
    migrate(directory=str(folder), message="nothing")
    assert sorted(path.name for path in (folder / "versions").glob("*.py")) == before


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
