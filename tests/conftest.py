"""Fixtures: an app on a real migrated database (SQLite file or PostgreSQL), clients, users.

What keeps the suite quick (CI runs it on both engines side by side in 30 minutes):

- each test's SQLite file is a copy of one migrated template; on PostgreSQL the tests share
  one migrated database and each test's rows are deleted after it;
- records that many tests start from are built by the first of them and snapshotted; the
  others get the snapshot's rows back (``take_snapshot``/``restore_snapshot``, used by the
  security worlds in tests/security/conftest.py);
- test passwords are hashed with the cheapest Argon2 settings;
- the PostgreSQL run leaves to the SQLite run the tests that reach no database, and those
  marked ``sqlite_only`` (a database they need, but nothing they check depends on its engine).
"""

import gc
import os
import shutil
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from flask_migrate import upgrade
from jinja2.bccache import Bucket, BytecodeCache
from werkzeug.routing.rules import Rule

from annotator import create_app
from annotator.extensions import db
from annotator.models import Role
from annotator.services import accounts, teams

PASSWORD = "a long enough password"
POSTGRES_URL = os.environ.get(
    "ANNOTATOR_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
#: The checkout the tests run in (the package itself reads nothing outside annotator/).
REPOSITORY = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session", autouse=True)
def cheap_password_hashing():
    """Hash test passwords with the cheapest Argon2 settings: same code, less waiting."""
    from argon2 import PasswordHasher

    original = accounts._hasher
    accounts._hasher = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    yield
    accounts._hasher = original


@pytest.fixture(scope="session", autouse=True)
def dispose_leftover_engines():
    """Close the pooled connections of every engine a test left behind, before exit.

    Tests that build extra apps (two servers, copying, CSRF) each own an engine; one left
    undisposed would otherwise close its PostgreSQL connections at garbage collection.
    """
    yield
    gc.collect()
    for candidate in gc.get_objects():
        if isinstance(candidate, sa.engine.Engine):
            candidate.dispose()


class TemplatesCompiledOnce(BytecodeCache):
    """Jinja's compiled templates, shared by every app the tests build (keyed by each
    template's name and checked against its source, as Jinja's own caches are)."""

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if (code := self.compiled.get(bucket.key)) is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


@pytest.fixture(scope="session", autouse=True)
def compile_once_for_every_app():
    """Compile URL rules and templates once for the thousands of apps the tests build.

    A production process builds one app; a test run builds one per test, and werkzeug's two
    generated functions per URL rule were two thirds of ``create_app`` (0.05 s of 0.075 s),
    and Jinja recompiled every page's templates for each new app. The generated code depends
    only on the rule's text and defaults (werkzeug binds it to each rule), and Jinja checks a
    cached template against its source, so every app still routes and renders as its own.
    """
    compile_builder = Rule._compile_builder
    builders: dict[tuple, object] = {}

    def builder_compiled_once(rule: Rule, append_unknown: bool = True):
        key = (rule.rule, tuple(rule._trace), repr(sorted((rule.defaults or {}).items())))
        key += (append_unknown,)
        if key not in builders:
            builders[key] = compile_builder(rule, append_unknown)
        return builders[key]

    create_jinja_environment = Flask.create_jinja_environment
    templates = TemplatesCompiledOnce()

    def environment_with_shared_templates(flask_app: Flask):
        environment = create_jinja_environment(flask_app)
        environment.bytecode_cache = templates
        return environment

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Rule, "_compile_builder", builder_compiled_once)
        patch.setattr(Flask, "create_jinja_environment", environment_with_shared_templates)
        yield


def pytest_addoption(parser):
    parser.addoption(
        "--db",
        choices=["sqlite", "postgresql"],
        default="sqlite",
        help="database engine the tests run on (default: an SQLite file per test)",
    )


#: Fixtures through which a test reaches a database. A test that uses none of them runs
#: the same on either engine, so the PostgreSQL run leaves it to the SQLite run (CI time).
DATABASE_FIXTURES = {
    "database_url",
    "engine_name",
    "postgres_database",
    "empty_postgres",
    "sqlite_template",
}


def pytest_collection_modifyitems(config, items):
    if config.getoption("--db") != "postgresql":
        return
    engine_free = [item for item in items if not runs_on_postgresql(item)]
    if engine_free:
        config.hook.pytest_deselected(items=engine_free)
        items[:] = [item for item in items if runs_on_postgresql(item)]


def runs_on_postgresql(item) -> bool:
    """Tell whether the test's answer may depend on the engine: it reaches a database and is
    not marked ``sqlite_only`` (a database it needs, but what it checks is the app's own)."""
    uses_database = bool(DATABASE_FIXTURES & set(item.fixturenames))
    return uses_database and item.get_closest_marker("sqlite_only") is None


def unavailable(reason: str):
    """Skip on a developer's machine; fail in CI, where every part must run."""
    if IN_CI:
        pytest.fail(f"{reason} (CI=true: nothing may be skipped)", pytrace=False)
    pytest.skip(reason)


def base_config(database_url: str) -> dict:
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "WTF_CSRF_ENABLED": False,
    }


@pytest.fixture(scope="session")
def engine_name(request) -> str:
    return request.config.getoption("--db")


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> Path:
    """An SQLite file with every migration applied, copied for each test."""
    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    app = create_app(base_config(f"sqlite:///{path}"))
    with app.app_context():
        upgrade()
        db.engine.dispose()
    return path


@pytest.fixture(scope="session")
def postgres_database(engine_name):
    """A fresh PostgreSQL database for this test run, migrated, dropped at the end."""
    if engine_name != "postgresql":
        yield None
        return
    with new_postgres_database("annotator_test") as url:
        app = create_app(base_config(url))
        with app.app_context():
            upgrade()
            db.engine.dispose()
        yield url


@contextmanager
def new_postgres_database(prefix: str):
    """Create an empty PostgreSQL database, yield its URL, drop it afterwards."""
    server = sa.make_url(POSTGRES_URL)
    admin = sa.create_engine(
        server, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 3}
    )
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    try:
        with admin.connect() as connection:
            connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    except sa.exc.OperationalError as error:
        unavailable(f"PostgreSQL is not reachable at {server.render_as_string()}: {error.orig}")
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@contextmanager
def database_of_its_own(engine_name: str, sqlite_template: Path, folder: Path, prefix: str):
    """Yield the URL of a database apart from the per-test one, for a module's shared world:
    a copy of the migrated SQLite template in folder, or a new, empty PostgreSQL database."""
    if engine_name == "postgresql":
        with new_postgres_database(prefix) as url:
            yield url
        return
    path = folder / "annotator.sqlite3"
    shutil.copyfile(sqlite_template, path)
    yield f"sqlite:///{path}"


@pytest.fixture
def empty_postgres():
    """Return the URL of a new, empty PostgreSQL database, dropped after the test."""
    with new_postgres_database("annotator_empty") as url:
        yield url


@pytest.fixture
def database_url(engine_name, sqlite_template, postgres_database, tmp_path) -> str:
    if engine_name == "postgresql":
        return postgres_database
    path = tmp_path / "annotator.sqlite3"
    shutil.copyfile(sqlite_template, path)
    return f"sqlite:///{path}"


@pytest.fixture
def app(database_url, engine_name):
    app = create_app(base_config(database_url))
    with app.app_context():
        yield app
        db.session.remove()
        if engine_name == "postgresql":
            empty_all_tables()
        db.engine.dispose()


def empty_all_tables() -> None:
    # DELETE is much faster than TRUNCATE on tables this small; on PostgreSQL the statements
    # go together, in one round trip (psycopg sends a query without parameters as it is).
    tables = reversed(db.metadata.sorted_tables)
    with db.engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            deletes = (str(table.delete().compile(dialect=connection.dialect)) for table in tables)
            connection.exec_driver_sql("; ".join(deletes))
            return
        for table in tables:
            connection.execute(table.delete())


@dataclass
class Snapshot:
    """The rows of a database a fixture built, to be put back for later tests in a moment.

    On SQLite it is a copy of the database file (search index and all); on PostgreSQL, every
    table's rows (there the tests share one database and each test's rows are deleted after
    it). Restoring moves every timestamp forward by the snapshot's age, so that records look
    as new as if they had just been built (an undo window, an invitation's expiry).
    """

    taken_at: datetime
    sqlite_file: Path | None = None
    rows: dict[str, list[dict]] = field(default_factory=dict)


def database_is_empty() -> bool:
    """Return whether no table of the test's database holds a row (a snapshot fills it)."""
    return not db.session.scalar(any_row_query())


@cache
def any_row_query() -> sa.Select:
    return sa.select(sa.or_(*(sa.select(table).exists() for table in db.metadata.sorted_tables)))


def take_snapshot(folder: Path) -> Snapshot:
    """Snapshot the test's database, as the test has committed it, into folder (SQLite)."""
    db.session.commit()
    snapshot = Snapshot(taken_at=datetime.now(UTC))
    if db.engine.dialect.name == "sqlite":
        db.session.remove()
        db.engine.dispose()
        snapshot.sqlite_file = folder / "snapshot.sqlite3"
        copy_closed_sqlite(Path(db.engine.url.database), snapshot.sqlite_file)
        return snapshot
    with db.engine.connect() as connection:
        for table in db.metadata.sorted_tables:
            query = table.select().order_by(*table.primary_key.columns)
            snapshot.rows[table.name] = [dict(row._mapping) for row in connection.execute(query)]
    return snapshot


def restore_snapshot(snapshot: Snapshot) -> None:
    """Put the snapshot's rows in the test's empty database, their timestamps moved forward."""
    age = datetime.now(UTC) - snapshot.taken_at
    db.session.remove()
    if snapshot.sqlite_file is not None:
        db.engine.dispose()
        copy_closed_sqlite(snapshot.sqlite_file, Path(db.engine.url.database))
        with db.engine.begin() as connection:
            for table in db.metadata.sorted_tables:
                move_timestamps_forward(connection, table, age)
        return
    with db.engine.begin() as connection:
        for table in db.metadata.sorted_tables:
            if rows := snapshot.rows[table.name]:
                stamps = timestamp_columns(table)
                moved = [
                    row | {name: row[name] and row[name] + age for name in stamps} for row in rows
                ]
                connection.execute(table.insert(), moved)


def copy_closed_sqlite(source: Path, target: Path) -> None:
    """Copy a closed SQLite database (WAL mode: its last connection folded the log in)."""
    for suffix in ("-wal", "-shm"):
        assert not Path(f"{source}{suffix}").exists(), f"{source} is still open"
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(source, target)


def timestamp_columns(table: sa.Table) -> list[str]:
    return [
        column.key
        for column in table.columns
        if isinstance(column.type, sa.DateTime)
        or isinstance(getattr(column.type, "impl_instance", None), sa.DateTime)
    ]


def move_timestamps_forward(connection, table: sa.Table, age) -> None:
    stamps = timestamp_columns(table)
    if not stamps:
        return
    keys = list(table.primary_key.columns)
    rows = connection.execute(sa.select(*keys, *(table.c[name] for name in stamps))).all()
    if not rows:
        return
    where = sa.and_(*(key == sa.bindparam(f"key_{key.key}") for key in keys))
    values = {name: sa.bindparam(f"new_{name}") for name in stamps}
    params = [
        {f"key_{key.key}": row._mapping[key] for key in keys}
        | {
            f"new_{name}": row._mapping[table.c[name]] and row._mapping[table.c[name]] + age
            for name in stamps
        }
        for row in rows
    ]
    connection.execute(table.update().where(where).values(values), params)


class IsolatedClient(FlaskClient):
    """A test client whose every request runs in its own app context, as on a real server.

    Without this, requests would share the test's app context: its ``g`` (where Flask-Login
    caches the user) and its database session.
    """

    def open(self, *args, **kwargs):
        # End the test's own transaction first: on SQLite it may hold the write lock, and a
        # real request never shares a transaction with anyone.
        db.session.commit()
        with self.application.app_context():
            response = super().open(*args, **kwargs)
        db.session.expire_all()  # the test's own session must not serve stale rows
        return response


def row_counts() -> dict[str, int]:
    """Count every table's rows: the audit log records each change, so edits show here too."""
    return {
        table.name: db.session.scalar(sa.select(sa.func.count()).select_from(table))
        for table in db.metadata.sorted_tables
    }


@pytest.fixture
def client(app):
    app.test_client_class = IsolatedClient
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def team(app):
    team = teams.create_team("Demo newsroom", "demo-newsroom")
    db.session.commit()
    return team


@pytest.fixture
def make_member(app, team):
    """Create an account with a password and a role in the team (default: the team)."""
    return member_maker(team)


def member_maker(team):
    """Return make_member's function for the given default team (fixtures that build records
    before make_member exists use it too)."""

    def make(role: Role | str = Role.reviewer, name: str | None = None, in_team=None):
        role = Role(role)
        name = name or f"{role.value.capitalize()} {uuid.uuid4().hex[:4]}"
        email = f"{name.lower().replace(' ', '.')}@example.org"
        user = accounts.create_user(email, name, PASSWORD)
        teams.set_membership(in_team or team, user, role)
        db.session.commit()
        return user

    return make


@pytest.fixture
def login(client):
    """Log a user in through the real login form."""

    def log_in(user, password: str = PASSWORD):
        response = client.post("/login", data={"email": user.email, "password": password})
        assert response.status_code == 302, response.text
        return user

    return log_in
