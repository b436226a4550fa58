"""Backups: a consistent copy while the app runs, and a checked restore."""

import sqlite3
from contextlib import closing
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from annotator.errors import ValidationError
from annotator.extensions import db
from annotator.services import backups
from annotator.services.articles import ArticleDraft, import_article
from annotator.services.teams import create_team


@pytest.fixture
def sqlite_only(engine_name):
    if engine_name != "sqlite":
        pytest.skip("backups copy SQLite files; PostgreSQL uses pg_dump")


def reflected(connection, name: str) -> sa.Table:
    return sa.Table(name, sa.MetaData(), autoload_with=connection)


def every_table() -> dict[str, list[tuple]]:
    """Return each table's rows, sorted, as plain tuples."""
    with db.engine.connect() as connection:
        names = sa.inspect(connection).get_table_names()
        return {
            name: sorted(
                (tuple(row) for row in connection.execute(reflected(connection, name).select())),
                key=repr,
            )
            for name in names
        }


@pytest.fixture
def filled(app, team, make_member):
    editor = make_member("editor")
    import_article(team, editor, ArticleDraft("Budget", "The council spent more. It said so."))
    db.session.commit()
    return editor


@pytest.mark.usefixtures("sqlite_only", "filled")
def test_restore_brings_back_every_table_as_it_was_backed_up(app, runner, tmp_path, team):
    target = tmp_path / "copy.sqlite3"
    assert runner.invoke(args=["backup", str(target)]).exit_code == 0
    before = every_table()
    create_team("Later desk", "later-desk")
    db.session.commit()
    assert every_table() != before
    result = runner.invoke(args=["restore", "--yes", str(target)])
    assert result.exit_code == 0, result.output
    assert every_table() == before


@pytest.mark.usefixtures("sqlite_only", "filled")
def test_restore_keeps_the_database_it_replaces(app, tmp_path):
    target = tmp_path / "copy.sqlite3"
    backups.back_up(db.engine.url, target)
    db.session.remove()
    kept = backups.restore(db.engine.url, target, now=datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC))
    assert kept.name == "annotator.before-restore-20260102T030405.sqlite3"
    assert backups.check_backup(kept).sound


@pytest.mark.usefixtures("sqlite_only", "filled")
def test_restore_onto_a_missing_database_creates_it_and_keeps_nothing(app, tmp_path):
    backup = tmp_path / "copy.sqlite3"
    backups.back_up(db.engine.url, backup)
    target = tmp_path / "new-machine" / "annotator.sqlite3"
    target.parent.mkdir()
    assert backups.restore(f"sqlite:///{target}", backup) is None
    assert backups.check_backup(target).sound
    assert not list(target.parent.glob("*before-restore*"))


@pytest.mark.usefixtures("sqlite_only")
def test_backup_refuses_an_existing_file(app, tmp_path):
    target = tmp_path / "copy.sqlite3"
    target.write_bytes(b"precious")
    with pytest.raises(ValidationError, match="exists already"):
        backups.back_up(db.engine.url, target)
    assert target.read_bytes() == b"precious"


def damaged(path):
    path.write_bytes(b"SQLite format 3\x00" + b"\x00" * 200)


def not_annotator(path):
    with sqlite3.connect(path) as other:
        other.execute("CREATE TABLE notes (body TEXT)")


def wrong_migration(path):
    backups.back_up(db.engine.url, path)
    with sqlite3.connect(path) as copy:
        copy.execute("UPDATE alembic_version SET version_num = '0001'")


def damaged_index(path):
    """An Annotator database whose index no longer matches its table's rows."""
    backups.back_up(db.engine.url, path)
    with closing(sqlite3.connect(path)) as copy:
        copy.execute("CREATE TABLE tally (a, b)")
        copy.execute("CREATE INDEX tally_a ON tally (a)")
        copy.execute("INSERT INTO tally VALUES (1, 2)")
        copy.commit()
        copy.execute("PRAGMA writable_schema = ON")
        copy.execute(
            "UPDATE sqlite_master SET sql = 'CREATE INDEX tally_a ON tally (b)' "
            "WHERE name = 'tally_a'"
        )
        copy.commit()


@pytest.mark.usefixtures("sqlite_only", "filled")
@pytest.mark.parametrize(
    ("make_file", "problem"),
    [
        (lambda path: path.write_text("name,verdict\n"), "not an Annotator database"),
        (damaged, "not an Annotator database"),
        (damaged_index, r"the file is damaged \(row 1 missing from index tally_a\)"),
        (not_annotator, "not an Annotator database"),
        (wrong_migration, "at migration 0001"),
        (lambda path: None, "no file"),
    ],
)
def test_restore_refuses_a_file_that_fails_its_check(app, tmp_path, make_file, problem):
    before = every_table()
    bad = tmp_path / "bad.sqlite3"
    make_file(bad)
    with pytest.raises(ValidationError, match=problem):
        backups.restore(db.engine.url, bad)
    assert every_table() == before


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("postgresql+psycopg://u@127.0.0.1/annotator", "pg_dump"),
        ("sqlite://", "in memory"),
    ],
)
def test_backup_refuses_a_database_that_is_not_an_sqlite_file(url, problem, tmp_path):
    with pytest.raises(ValidationError, match=problem):
        backups.back_up(url, tmp_path / "copy.sqlite3")


def test_backup_refuses_a_missing_database(tmp_path):
    with pytest.raises(ValidationError, match="no database"):
        backups.back_up(f"sqlite:///{tmp_path}/absent.sqlite3", tmp_path / "copy.sqlite3")


@pytest.mark.usefixtures("sqlite_only")
def test_backup_command_reports_a_refusal(runner, tmp_path):
    (tmp_path / "copy.sqlite3").write_text("x")
    result = runner.invoke(args=["backup", str(tmp_path / "copy.sqlite3")])
    assert result.exit_code == 1
    assert "exists already" in result.output


@pytest.mark.usefixtures("sqlite_only")
def test_restore_command_reports_a_refusal(runner, tmp_path):
    result = runner.invoke(args=["restore", "--yes", str(tmp_path / "none.sqlite3")])
    assert result.exit_code == 1
    assert "no file" in result.output
