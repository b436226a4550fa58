"""SQLite's write lock taken late (annotator/storage/locks.py): a read transaction that takes it
after another writer committed can still write; one that does not is refused."""

import sqlite3
import threading

import pytest
import sqlalchemy as sa

from annotator.extensions import db
from annotator.storage.locks import take_write_lock

SCRATCH = sa.table("scratch", sa.column("n", sa.Integer))


@pytest.fixture
def two_connections(app, engine_name):
    if engine_name != "sqlite":
        pytest.skip("PostgreSQL has no database-wide write lock")
    with db.engine.begin() as setup:
        setup.exec_driver_sql("CREATE TABLE scratch (n INTEGER)")
    with db.engine.connect() as reader, db.engine.connect() as writer:
        reader.execute(sa.select(sa.func.count()).select_from(SCRATCH))  # deferred: reads only
        writer.execute(sa.insert(SCRATCH).values(n=1))
        writer.commit()  # another writer got in after the reader's snapshot
        yield reader


def test_a_reader_that_takes_the_lock_writes_after_another_writer(two_connections):
    take_write_lock(two_connections)
    two_connections.execute(sa.insert(SCRATCH).values(n=2))
    two_connections.commit()
    with db.engine.connect() as check:
        assert check.execute(sa.select(SCRATCH.c.n).order_by(SCRATCH.c.n)).scalars().all() == [1, 2]


def test_a_reader_that_does_not_is_refused_at_once(two_connections):
    with pytest.raises(sa.exc.OperationalError, match="locked"):
        two_connections.execute(sa.insert(SCRATCH).values(n=2))
    two_connections.rollback()


def test_a_background_writer_waits_behind_requests_beyond_their_busy_timeout(tmp_path, monkeypatch):
    """A queue worker's writer (yield_to_requests) keeps asking where a request's gives up:
    a task stopped half-way (a message sent, its outcome not recorded) would be redone."""
    from annotator.storage import locks

    path = tmp_path / "locked.sqlite3"
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    waiter = sqlite3.connect(path, isolation_level=None)
    holder.execute("PRAGMA journal_mode=WAL")
    holder.execute("BEGIN IMMEDIATE")
    with pytest.raises(sa.exc.OperationalError, match="locked"):
        locks.begin_immediate(waiter, timeout_ms=50)
    for key, value in locks._waiting.items():
        monkeypatch.setitem(locks._waiting, key, value)  # restored after the test
    locks.yield_to_requests()
    release = threading.Timer(0.3, holder.execute, args=("COMMIT",))
    release.start()
    locks.begin_immediate(waiter, timeout_ms=50)  # waited for the holder's commit
    waiter.execute("COMMIT")
    release.join()
    holder.close()
    waiter.close()
