"""The floor of a write: a bare Flask endpoint that inserts one row and commits.

`bench/writes.py` serves it with the same gunicorn settings, on the same database engine
and with the same connection set-up as the annotator (SQLite: WAL, busy timeout, the
write lock asked for as the annotator asks; PostgreSQL: the same pool), so the two
throughputs differ only by what the annotator does per write: token lookup, permission,
validation, history, audit.
"""

import json
import os

import sqlalchemy as sa
from flask import Flask, jsonify, request

from annotator.storage.database import POSTGRES_POOL, sqlite_pragmas
from annotator.storage.locks import begin_transactions
from annotator.web.transactions import request_takes_write_lock
from bench.write_floor import register_write_floor

metadata = sa.MetaData()
hit = sa.Table(
    "bare_hit",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("body", sa.Text, nullable=False),
)


def make_engine(url: str) -> sa.Engine:
    """Open the database as the annotator does."""
    if url.startswith("postgresql"):
        return sa.create_engine(url, **POSTGRES_POOL)
    engine = sa.create_engine(url)
    sa.event.listen(engine, "connect", sqlite_pragmas(5000))
    begin_transactions(engine, request_takes_write_lock)
    return engine


def create_table(url: str) -> None:
    """Create the one table (before the server starts: two workers would race for it)."""
    engine = make_engine(url)
    metadata.create_all(engine)
    engine.dispose()


def create_app() -> Flask:
    app = Flask(__name__)
    engine = make_engine(os.environ["ANNOTATOR_DATABASE_URL"])

    @app.get("/healthz")
    def healthz():
        return "ok"

    @app.put("/hit")
    def put_hit():
        body = json.dumps(request.get_json())
        with engine.begin() as connection:
            new = connection.execute(sa.insert(hit).values(body=body)).inserted_primary_key
        return jsonify({"id": new[0]})

    if engine.dialect.name == "postgresql":
        register_psycopg_floor(app, os.environ["ANNOTATOR_DATABASE_URL"])
    register_write_floor(app, engine)
    return app


def register_psycopg_floor(app: Flask, url: str) -> None:
    """PUT /hit-psycopg: the same insert and commit with psycopg alone, no SQLAlchemy (the
    PostgreSQL floor of issue 20); one connection per worker, opened on the first write."""
    import psycopg

    dsn = sa.make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    connections: list = []

    @app.put("/hit-psycopg")
    def put_hit_psycopg():
        body = json.dumps(request.get_json())
        if not connections:
            connections.append(psycopg.connect(dsn))
        connection = connections[0]
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO bare_hit (body) VALUES (%s) RETURNING id", (body,))
            new = cursor.fetchone()[0]
        connection.commit()
        return jsonify({"id": new})
