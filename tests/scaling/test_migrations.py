"""Every migration applies and reverts on the engine under test (schema match: test_database)."""

import pytest
import sqlalchemy as sa
from alembic.script import ScriptDirectory
from flask_migrate import downgrade, upgrade

from annotator import create_app
from annotator.extensions import db
from annotator.storage.database import MIGRATIONS
from tests.conftest import base_config

#: Every revision, oldest first (the migrations others add are checked too).
REVISIONS = [
    script.revision for script in reversed(list(ScriptDirectory(str(MIGRATIONS)).walk_revisions()))
]


@pytest.fixture
def bare_app(empty_database):
    app = create_app(base_config(empty_database))
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


def table_names() -> set[str]:
    return set(sa.inspect(db.engine).get_table_names()) - {"alembic_version"}


def test_migrations_apply_and_revert_one_at_a_time(bare_app):
    for revision in REVISIONS:
        upgrade(revision=revision)
    for previous in reversed(["base", *REVISIONS[:-1]]):
        downgrade(revision=previous)
    assert table_names() == set()


def test_migrations_apply_again_after_a_full_downgrade(bare_app):
    upgrade()
    downgrade(revision="base")
    upgrade()
    assert table_names() >= set(db.metadata.tables)
