"""`flask db copy --to URL`: the command around the copy service."""

import sqlalchemy as sa

from annotator.extensions import db
from annotator.services.copying import app_tables


def copy_to(runner, url: str):
    return runner.invoke(args=["db", "copy", "--to", url])


def test_db_copy_fills_an_empty_database_and_lists_each_table(runner, team, tmp_path):
    target_url = f"sqlite:///{tmp_path / 'copy.sqlite3'}"
    result = copy_to(runner, target_url)
    assert result.exit_code == 0, result.output
    assert "team                           1 rows" in result.output
    target = sa.create_engine(target_url)
    with target.connect() as connection:
        assert connection.scalar(sa.text("SELECT slug FROM team")) == "demo-newsroom"
    target.dispose()


def test_db_copy_names_the_tables_of_a_target_with_rows(runner, team, tmp_path):
    target_url = f"sqlite:///{tmp_path / 'copy.sqlite3'}"
    copy_to(runner, target_url)
    result = copy_to(runner, target_url)
    assert result.exit_code == 1
    assert "not empty (rows in team, rating_entry)" in result.output


def test_db_copy_refuses_its_own_database(runner, app):
    result = copy_to(runner, db.engine.url.render_as_string(hide_password=False))
    assert result.exit_code == 2
    assert "own database" in result.output


def test_db_copy_refuses_a_malformed_url(runner, app):
    result = copy_to(runner, "not a url")
    assert result.exit_code == 2
    assert "--to" in result.output


def test_db_copy_reports_an_unreachable_server(runner, app):
    result = copy_to(runner, "postgresql+psycopg://nobody@127.0.0.1:1/none")
    assert result.exit_code == 1
    assert "Cannot use the target database" in result.output


def test_every_model_table_is_copied(app):
    assert {t.name for t in app_tables()} == set(db.metadata.tables)
