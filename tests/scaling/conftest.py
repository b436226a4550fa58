"""Fixtures for scaling tests: empty databases of the engine under test."""

import pytest


@pytest.fixture
def empty_database(engine_name, tmp_path, request) -> str:
    """Return the URL of an empty database of the engine the tests run on."""
    if engine_name == "postgresql":
        return request.getfixturevalue("empty_postgres")
    return f"sqlite:///{tmp_path / 'empty.sqlite3'}"
