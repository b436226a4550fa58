"""Writers waiting for each other: SQLite's write lock, PostgreSQL's advisory locks.

SQLite lets one transaction write at a time. A transaction that is going to write takes
the lock when it begins; which ones are is the caller's decision, passed in as a function
(the web layer's: a writing request, unless its view locks late). A transaction begun
without the lock reads freely, and its service takes the lock with `lock_record` just
before it reads what it is about to change: writers then queue for the short part of a
request only. On PostgreSQL, `lock_record` serialises the writers of one record, which a
version check alone does not do there.
"""

import sqlite3
import time
from collections.abc import Callable

import sqlalchemy as sa

from annotator.extensions import db

#: Keys of a SQLite connection's info: its busy timeout, whether its transaction holds the
#: write lock, and the connection's count of changed rows when the transaction began.
BUSY_TIMEOUT_MS = "annotator.busy_timeout_ms"
WRITE_LOCKED = "annotator.write_locked"
CHANGES_AT_BEGIN = "annotator.changes_at_begin"
#: How often a writer asks for SQLite's lock again while another holds it.
POLL_SECONDS = 0.0005
#: How often, and at least how long, a background worker's writer asks (`yield_to_requests`).
BACKGROUND_POLL_SECONDS = 0.005
BACKGROUND_WAIT_MS = 60_000
#: This process's way of waiting: a web server's, unless it does background work.
_waiting = {"poll_seconds": POLL_SECONDS, "least_wait_ms": 0}


def yield_to_requests() -> None:
    """SQLite: let this process's writers (a queue worker's) wait behind the web requests'.

    They ask for the lock ten times less often, so a request asking at the same time
    mostly gets it first, and they wait longer before giving up: background work may be
    late, but a task that gave up half-way (a message sent and not yet recorded) would
    have to be done again.
    """
    _waiting.update(poll_seconds=BACKGROUND_POLL_SECONDS, least_wait_ms=BACKGROUND_WAIT_MS)


def begin_transactions(engine: sa.Engine, takes_write_lock: Callable[[], bool]) -> None:
    """SQLite: begin every transaction of the engine; those the function picks, locked."""
    sa.event.listen(
        engine, "begin", lambda connection: begin_sqlite_transaction(connection, takes_write_lock())
    )


def begin_sqlite_transaction(connection: sa.Connection, immediate: bool) -> None:
    """Open a transaction; one that is going to write takes the write lock straight away.

    A deferred transaction that reads first and writes later cannot wait for the lock
    when another writer got in between (SQLite answers "database is locked" at once,
    whatever the busy timeout): reading a version, checking it and writing must happen
    under one lock. Readers keep a deferred transaction and never wait.
    """
    driver = connection.connection.driver_connection
    if immediate:
        begin_immediate(driver, connection.info.get(BUSY_TIMEOUT_MS, 5000))
    else:
        driver.execute("BEGIN")
    connection.info[WRITE_LOCKED] = immediate
    connection.info[CHANGES_AT_BEGIN] = driver.total_changes


def lock_record(first_id: int, second_id: int) -> None:
    """Make writers of one record, named by two ids, wait for each other until the commit.

    PostgreSQL: a transaction-scoped advisory lock on the two ids, which works before the
    record exists (a row lock would not). SQLite: the database's write lock; a transaction
    that has only read so far is ended and begun again (its earlier reads are then as old
    as a PostgreSQL statement's may be). Either way, what the caller reads next is what
    it may overwrite.
    """
    lock_record_on(db.session.connection(), first_id, second_id)


def lock_record_on(connection: sa.Connection, first_id: int, second_id: int) -> None:
    """`lock_record` on a given connection (the write benchmark's floor uses it too)."""
    if connection.dialect.name == "postgresql":
        advisory_lock(connection, first_id, second_id)
    else:
        take_write_lock(connection)


def take_write_lock(connection: sa.Connection) -> None:
    """SQLite: hold the write lock from here to the commit (PostgreSQL needs nothing).

    A transaction begun without the lock that writes something before its service locks
    a record (an access token's time of last use) calls this first: upgrading a read
    transaction to a write one fails at once when another writer committed since it began.
    """
    if connection.dialect.name != "sqlite" or connection.info.get(WRITE_LOCKED, True):
        return
    driver = connection.connection.driver_connection
    if driver.total_changes == connection.info[CHANGES_AT_BEGIN]:  # nothing written: may end
        driver.execute("COMMIT")
        begin_immediate(driver, connection.info.get(BUSY_TIMEOUT_MS, 5000))
    connection.info[WRITE_LOCKED] = True  # (a transaction that wrote holds the lock already)


#: The statements that take an advisory lock on a key of one or of two integers.
ADVISORY_LOCK = {
    1: sa.text("SELECT pg_advisory_xact_lock(:key0)"),
    2: sa.text("SELECT pg_advisory_xact_lock(:key0, :key1)"),
}


def advisory_lock(connection: sa.Connection, *key: int) -> None:
    """PostgreSQL: wait for a lock on a key of one or two integers, held until the commit.

    The one-integer and two-integer key spaces do not overlap.
    """
    arguments = {f"key{n}": value for n, value in enumerate(key)}
    connection.execute(ADVISORY_LOCK[len(key)], arguments)


def begin_immediate(driver: sqlite3.Connection, timeout_ms: int) -> None:
    """BEGIN IMMEDIATE, asking again every half millisecond while another writer holds on.

    SQLite's own busy handler sleeps ever longer between tries: behind a short write, the
    next writer would sleep several times as long as it needs (ADR 12).
    Gives up as the busy timeout would, with the error a retry expects.
    """
    poll_seconds = _waiting["poll_seconds"]
    deadline = time.monotonic() + max(timeout_ms, _waiting["least_wait_ms"]) / 1000
    driver.execute("PRAGMA busy_timeout=0")
    try:
        while True:
            try:
                driver.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as error:
                if "locked" not in str(error) or time.monotonic() > deadline:
                    raise sa.exc.OperationalError("BEGIN IMMEDIATE", None, error) from error
                time.sleep(poll_seconds)
    finally:
        driver.execute(f"PRAGMA busy_timeout={int(timeout_ms)}")
