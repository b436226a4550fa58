"""Fixtures for scaling tests: empty databases of the engine under test."""

import uuid

import pytest
import sqlalchemy as sa

from tests.conftest import POSTGRES_URL, unavailable


@pytest.fixture
def empty_postgres():
    """Return the URL of a new, empty PostgreSQL database, dropped after the test."""
    server = sa.make_url(POSTGRES_URL)
    admin = sa.create_engine(server, isolation_level="AUTOCOMMIT")
    name = f"annotator_scaling_{uuid.uuid4().hex[:10]}"
    try:
        with admin.connect() as connection:
            connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    except sa.exc.OperationalError as error:
        unavailable(f"PostgreSQL is not reachable: {error.orig}")
    yield server.set(database=name).render_as_string(hide_password=False)
    with admin.connect() as connection:
        connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def empty_database(engine_name, tmp_path, request) -> str:
    """Return the URL of an empty database of the engine the tests run on."""
    if engine_name == "postgresql":
        return request.getfixturevalue("empty_postgres")
    return f"sqlite:///{tmp_path / 'empty.sqlite3'}"
