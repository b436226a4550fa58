"""Copy every row of one Annotator database into another, empty one (SQLite to PostgreSQL)."""

from collections.abc import Callable
from dataclasses import dataclass

import sqlalchemy as sa

from annotator.errors import ValidationError
from annotator.models import Base

#: Rows read and written per round trip: bounds memory whatever the size of the instance.
BATCH_SIZE = 1000


@dataclass(frozen=True)
class TableCopy:
    table: str
    rows: int


def app_tables() -> list[sa.Table]:
    """Return the application's tables, each after the tables its foreign keys point to."""
    return list(Base.metadata.sorted_tables)


def schema_revision(engine: sa.Engine) -> str | None:
    """Return the Alembic revision a database is at, or None when it has none."""
    if not sa.inspect(engine).has_table("alembic_version"):
        return None
    with engine.connect() as connection:
        return connection.scalar(sa.text("SELECT version_num FROM alembic_version"))


def row_count(connection: sa.Connection, table: sa.Table) -> int:
    return connection.scalar(sa.select(sa.func.count()).select_from(table))


def check_target_empty(target: sa.Engine) -> None:
    """Refuse a target that holds any application row: a copy never merges."""
    present = set(sa.inspect(target).get_table_names())
    with target.connect() as connection:
        filled = [t.name for t in app_tables() if t.name in present and row_count(connection, t)]
    if filled:
        raise ValidationError(
            {"to": f"The target database is not empty (rows in {', '.join(filled)})."}
        )


def check_same_revision(source: sa.Engine, target: sa.Engine) -> None:
    """Refuse to copy between schemas of different migrations."""
    theirs, ours = schema_revision(source), schema_revision(target)
    if theirs != ours:
        raise ValidationError(
            {
                "to": f"The source is at migration {theirs} and the target at {ours}: "
                "run `flask db upgrade` on the source first."
            }
        )


def copied_columns(table: sa.Table) -> list[sa.Column]:
    """Return the columns to copy: every stored one, none the database computes itself."""
    return [column for column in table.columns if column.computed is None]


def copy_table(source: sa.Connection, target: sa.Connection, table: sa.Table, batch: int) -> int:
    """Copy one table's rows in primary-key order, a batch at a time; return how many."""
    columns = copied_columns(table)
    query = sa.select(*columns).order_by(*table.primary_key.columns)
    result = source.execute(query.execution_options(yield_per=batch))
    copied = 0
    for rows in result.partitions():
        target.execute(table.insert(), [row._asdict() for row in rows])
        copied += len(rows)
    return copied


def reset_sequences(target: sa.Connection) -> None:
    """Move each PostgreSQL id sequence past the copied ids, so new rows get fresh ones."""
    if target.dialect.name != "postgresql":
        return
    for table in app_tables():
        if "id" not in table.c:  # keyed by another table's id (sentence_triage, adoption ...)
            continue
        quoted = target.dialect.identifier_preparer.quote(table.name)
        target.execute(
            sa.text(
                f"SELECT setval(pg_get_serial_sequence(:table, 'id'), "  # noqa: S608 - our names
                f"COALESCE(MAX(id), 1), MAX(id) IS NOT NULL) FROM {quoted}"
            ),
            {"table": quoted},
        )


def verify_counts(source: sa.Connection, target: sa.Connection) -> None:
    """Fail loudly if any table holds a different number of rows on each side."""
    for table in app_tables():
        theirs, ours = row_count(source, table), row_count(target, table)
        if theirs != ours:
            raise RuntimeError(f"Copy of {table.name} has {ours} rows instead of {theirs}.")


def copy_database(
    source: sa.Engine,
    target: sa.Engine,
    batch: int = BATCH_SIZE,
    progress: Callable[[TableCopy], None] = lambda _copy: None,
) -> list[TableCopy]:
    """Copy every application row from source to target in one target transaction.

    The target must already have the schema at the source's migration (see the CLI) and no
    rows; if anything fails, the transaction rolls back and the target stays empty.
    """
    check_same_revision(source, target)
    check_target_empty(target)
    copies = []
    with source.connect() as reading, target.begin() as writing:
        for table in app_tables():
            copies.append(TableCopy(table.name, copy_table(reading, writing, table, batch)))
            progress(copies[-1])
        reset_sequences(writing)
        verify_counts(reading, writing)
    return copies
