"""The bare stack, for restart and memory (bench/startup.py): Flask, SQLAlchemy Core, gunicorn.

One insert-and-commit endpoint and /healthz, and nothing else: this module imports only Flask
and SQLAlchemy, so a worker serving it holds what the stack itself holds (the floor of
bench/writes.py opens the database with the annotator's own code, and so loads its models).
"""

import os

import sqlalchemy as sa
from flask import Flask, request

HITS = sa.Table("startup_hit", sa.MetaData(), sa.Column("id", sa.Integer, primary_key=True))


def create_app() -> Flask:
    """A Flask app that inserts a row and commits, with SQLAlchemy Core."""
    engine = sa.create_engine(os.environ["ANNOTATOR_DATABASE_URL"])
    app = Flask(__name__)

    @app.get("/healthz")
    def healthz():
        return "ok"

    @app.put("/hit")
    def hit():
        request.get_json()
        with engine.begin() as connection:
            connection.execute(sa.insert(HITS))
        return {"ok": True}

    return app


def create_table(url: str) -> None:
    """Create the floor's table before the server starts (two workers would race for it)."""
    engine = sa.create_engine(url)
    HITS.create(engine)
    engine.dispose()
