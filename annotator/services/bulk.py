"""Inserting thousands of rows inside the session's transaction, as fast as the engine allows."""

import sqlalchemy as sa

from annotator.extensions import db


def insert_rows(table: sa.Table, columns: tuple[str, ...], rows: list[tuple]) -> None:
    """Insert rows of integers (tuples in the order of ``columns``) in the current transaction.

    Per-row work in Python, not the database, was the cost of an import: the ORM built a
    state per row, and even Core's executemany processed each row's parameters. So
    PostgreSQL takes the rows by COPY, and SQLite as tuples straight to the driver's
    executemany (a loop in C over one prepared statement).
    """
    connection = db.session.connection()
    quote = connection.dialect.identifier_preparer.quote
    names = ", ".join(quote(column) for column in columns)
    if connection.dialect.name == "postgresql":
        cursor = connection.connection.driver_connection.cursor()
        with cursor.copy(f"COPY {quote(table.name)} ({names}) FROM STDIN") as copy:
            copy.write(copy_text(rows))
    else:
        marks = ", ".join("?" for _ in columns)  # SQLite's paramstyle
        insert = f"INSERT INTO {quote(table.name)} ({names}) VALUES ({marks})"  # noqa: S608 - our names
        connection.exec_driver_sql(insert, rows)


def copy_text(rows: list[tuple]) -> bytes:
    """Return the rows in COPY's text format, in one piece (a write per row cost more than
    the database's own work). Only for rows of integers: text would need escaping."""
    if not all(type(value) is int for row in rows for value in row):
        raise TypeError("copy_text takes rows of integers only")
    lines = ["\t".join(map(str, row)) for row in rows]
    return ("\n".join(lines) + "\n").encode()
