"""Plain statements in the session's transaction, and records built from their rows.

A hot path that reads or writes with SQLAlchemy Core skips the ORM's per-statement work
(ADR 23). It runs on the session's connection, so commit and rollback stay the request's;
`run` writes what the session holds first, as the ORM's autoflush would before a query.
"""

from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy.orm import make_transient_to_detached

from annotator.extensions import db

Model = TypeVar("Model")


def run(statement: sa.Executable, parameters: Any = None) -> sa.CursorResult:
    """Execute a Core statement on the session's connection, after flushing the session."""
    session = db.session()
    session.flush()
    return session.connection().execute(statement, parameters)


def record_from_row(model: type[Model], values: dict) -> Model:
    """Return the session's record for a row read whole: the copy it holds, else a new one
    it takes as loaded (unchanged, so nothing is written back)."""
    session = db.session()
    mapper = sa.inspect(model)
    key = mapper.identity_key_from_primary_key([values[c.key] for c in mapper.primary_key])
    held = session.identity_map.get(key)
    if held is not None:
        return held
    record = model(**values)
    make_transient_to_detached(record)
    session.add(record)
    return record


def columns_of(model: type) -> dict[str, sa.Column]:
    """Return the model's column attributes by name, for selecting a whole record as a row."""
    return {prop.key: prop.columns[0] for prop in sa.inspect(model).column_attrs}
