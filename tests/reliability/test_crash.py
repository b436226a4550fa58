"""Killing the server in the middle of an import leaves the whole article or nothing."""

import os
import signal
import sqlite3
import threading
import time
from contextlib import closing

import pytest
import requests

from bench.concurrency import CSRF, PASSWORD, free_port, prepare, start_server

PARAGRAPH = "The council said it spent {n} pounds on the bridge in {year}, up {n} percent. "


@pytest.fixture
def served(tmp_path, engine_name):
    if engine_name != "sqlite":
        pytest.skip("the crash test checks an SQLite file")
    database = tmp_path / "crash.sqlite3"
    prepare(database, writers=1, sentences=1, role="editor")
    port = free_port()
    server = start_server(database, port, workers=1)
    yield database, f"http://127.0.0.1:{port}", server
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGKILL)
    server.wait(timeout=30)


def large_article() -> str:
    chunks = [PARAGRAPH.format(n=n, year=1900 + n % 120) for n in range(19_500)]
    return "\n\n".join("".join(chunks[i : i + 5]) for i in range(0, len(chunks), 5))


def wait_while_the_import_writes(database) -> None:
    """Return as soon as the server holds the database's write lock: the import is writing.

    A fixed pause raced the import: on a fast machine it had committed before the kill.
    """
    deadline = time.monotonic() + 60
    with closing(sqlite3.connect(database, timeout=0, isolation_level=None)) as probe:
        while time.monotonic() < deadline:
            try:
                probe.execute("BEGIN IMMEDIATE")
                probe.execute("ROLLBACK")
            except sqlite3.OperationalError:  # locked: the import's transaction is open
                return
            time.sleep(0.002)
    raise AssertionError("the import never took the write lock")


def test_killed_import_leaves_whole_article_or_nothing(served):
    database, base, server = served
    session = requests.Session()
    token = CSRF.search(session.get(f"{base}/login", timeout=30).text).group(1)
    data = {"csrf_token": token, "email": "writer0@example.org", "password": PASSWORD}
    session.post(f"{base}/login", data=data, timeout=30)
    token = CSRF.search(session.get(f"{base}/", timeout=30).text).group(1)
    text = large_article()
    assert len(text.encode()) > 1_500_000
    form = {"csrf_token": token, "title": "Big one", "text": text, "language": "en"}

    answers = []

    def post():
        try:
            answers.append(session.post(f"{base}/articles/new", data=form, timeout=60))
        except requests.RequestException:
            answers.append("cut off")  # the server died under it: that is the point

    thread = threading.Thread(target=post)
    thread.start()
    wait_while_the_import_writes(database)
    os.killpg(server.pid, signal.SIGKILL)  # the master and the worker importing
    thread.join(timeout=60)
    assert answers == ["cut off"], "the import finished before the kill: make it larger"
    with sqlite3.connect(database) as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        articles = copy.execute("SELECT id FROM article WHERE title = 'Big one'").fetchall()
        if articles:
            (article_id,) = articles[0]
            last_end = copy.execute(
                "SELECT max(end) FROM sentence WHERE article_id = ?", (article_id,)
            ).fetchone()[0]
            (stored,) = copy.execute("SELECT text FROM article WHERE id = ?", (article_id,))
            assert last_end == len(stored[0])
