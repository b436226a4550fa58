"""Load test: many reviewers saving verdicts at once through gunicorn on one SQLite file."""

from __future__ import annotations

import argparse
import multiprocessing
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import requests  # noqa: E402

PASSWORD = "bench password, long enough"  # noqa: S105 - a throwaway account on a temp file
CSRF = re.compile(r'name="csrf-token" content="([^"]+)"')


@dataclass
class Outcome:
    """What one client process saw: status counts and how long each request took."""

    statuses: Counter = field(default_factory=Counter)
    seconds: list[float] = field(default_factory=list)
    first_error: str = ""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def environment(database: Path) -> dict[str, str]:
    return {
        **os.environ,
        "ANNOTATOR_DATABASE_URL": f"sqlite:///{database}",
        "ANNOTATOR_SECRET_KEY": "bench-" + os.urandom(8).hex(),
    }


def app_config(database: Path) -> dict:
    """Settings for set-up and checks in this process (the environment is left alone)."""
    return {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}", "SECRET_KEY": "bench-setup"}


def prepare(database: Path, writers: int, sentences: int, role: str = "reviewer") -> int:
    """Create the schema, a team, one member per writer and an article; return its id."""
    from flask_migrate import upgrade

    from annotator import create_app
    from annotator.extensions import db
    from annotator.models import Role
    from annotator.services import accounts, teams
    from annotator.services.articles import ArticleDraft, import_article

    app = create_app(app_config(database))
    with app.app_context():
        upgrade()
        team = teams.create_team("Bench desk", "bench-desk")
        for number in range(writers):
            user = accounts.create_user(f"writer{number}@example.org", f"Writer {number}", PASSWORD)
            teams.set_membership(team, user, Role(role))
        text = "\n\n".join(
            f"The council spent {n} pounds on item number {n} last year." for n in range(sentences)
        )
        article = import_article(team, None, ArticleDraft("Bench article", text)).article
        db.session.commit()
        article_id = article.id
        db.engine.dispose()
    return article_id


def start_server(database: Path, port: int, workers: int) -> subprocess.Popen:
    """Serve the app with gunicorn on the loopback address; wait until it answers."""
    command = [
        sys.executable, "-m", "gunicorn", "annotator:create_app()",
        "--config", "python:annotator.web.serving",
        "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
        "--worker-class", "gthread", "--threads", "4", "--log-level", "warning",
    ]  # fmt: skip
    # A session of its own, so a test can kill the master and its workers together.
    server = subprocess.Popen(command, cwd=ROOT, env=environment(database), start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            requests.get(f"http://127.0.0.1:{port}/healthz", timeout=1)
            return server
        except requests.RequestException:
            time.sleep(0.1)
    server.kill()
    raise RuntimeError("gunicorn did not start")


def logged_in(base: str, email: str) -> tuple[requests.Session, str]:
    """Log in through the real form; return the session and its CSRF token."""
    session = requests.Session()
    token = CSRF.search(session.get(f"{base}/login", timeout=30).text).group(1)
    data = {"csrf_token": token, "email": email, "password": PASSWORD}
    answer = session.post(f"{base}/login", data=data, allow_redirects=False, timeout=30)
    if answer.status_code != 302:
        raise RuntimeError(f"login of {email} answered {answer.status_code}")
    # Logging in starts a fresh session, so the form token changes too.
    return session, CSRF.search(session.get(f"{base}/", timeout=30).text).group(1)


def write_verdicts(base: str, article_id: int, writer: int, writes: int, queue) -> None:
    """Save one verdict per sentence, each with a note naming this writer and write."""
    session, token = logged_in(base, f"writer{writer}@example.org")
    outcome = Outcome()
    for index in range(writes):
        data = {
            "csrf_token": token,
            "set_verdict": ("verified", "disputed", "unverified")[index % 3],
            "note": f"writer {writer} write {index}",
            "version": "0",
        }
        started = time.perf_counter()
        answer = session.post(
            f"{base}/articles/{article_id}/sentences/{index}/annotation",
            data=data,
            allow_redirects=False,
            timeout=60,
        )
        outcome.seconds.append(time.perf_counter() - started)
        outcome.statuses[answer.status_code] += 1
        if answer.status_code >= 400 and not outcome.first_error:
            outcome.first_error = f"{answer.status_code}: {answer.text[:3000]}"
    queue.put(("write", outcome))


def read_pages(base: str, article_id: int, stop, queue) -> None:
    """Load the article and sentence pages until the writers are done."""
    session, _ = logged_in(base, "writer0@example.org")
    outcome = Outcome()
    index = 0
    while not stop.is_set():
        path = (
            f"/articles/{article_id}"
            if index % 4 == 0
            else (f"/articles/{article_id}/sentences/{index % 50}")
        )
        started = time.perf_counter()
        answer = session.get(base + path, timeout=60)
        outcome.seconds.append(time.perf_counter() - started)
        outcome.statuses[answer.status_code] += 1
        index += 1
    queue.put(("read", outcome))


@dataclass
class Check:
    """What the database holds after the run, against what the writers sent."""

    missing: int
    duplicated: int
    audit_events: int
    chain_intact: bool


def check_database(database: Path, writers: int, writes: int) -> Check:
    """Count every write in the annotations and the history."""
    import sqlalchemy as sa

    from annotator import create_app
    from annotator.extensions import db
    from annotator.models import Annotation, AuditEvent
    from annotator.services.audit import verify_chain

    app = create_app(app_config(database))
    with app.app_context():
        notes = Counter(db.session.scalars(sa.select(Annotation.note)))
        expected = {f"writer {w} write {i}" for w in range(writers) for i in range(writes)}
        events = db.session.scalar(
            sa.select(sa.func.count(AuditEvent.id)).where(AuditEvent.action == "annotation.set")
        )
        intact = verify_chain().intact
        db.engine.dispose()
    return Check(
        missing=len(expected - set(notes)),
        duplicated=sum(count - 1 for count in notes.values() if count > 1)
        + len(set(notes) - expected),
        audit_events=events,
        chain_intact=intact,
    )


@dataclass
class Report:
    writes: Outcome
    reads: Outcome
    seconds: float
    check: Check


def merge(outcomes: list[Outcome]) -> Outcome:
    total = Outcome()
    for outcome in outcomes:
        total.statuses.update(outcome.statuses)
        total.seconds.extend(outcome.seconds)
        total.first_error = total.first_error or outcome.first_error
    return total


def run(writers: int = 8, writes: int = 200, readers: int = 2, workers: int = 4) -> Report:
    """Run the whole load test on a fresh SQLite file and return what it found."""
    with tempfile.TemporaryDirectory() as folder:
        database = Path(folder) / "bench.sqlite3"
        article_id = prepare(database, writers, writes)
        port = free_port()
        server = start_server(database, port, workers)
        base = f"http://127.0.0.1:{port}"
        try:
            outcomes = drive(base, article_id, writers, writes, readers)
        finally:
            server.terminate()
            server.wait(timeout=30)
        check = check_database(database, writers, writes)
    return Report(*outcomes, check)


def drive(base: str, article_id: int, writers: int, writes: int, readers: int):
    """Start the writer and reader processes; return (writes, reads, wall seconds)."""
    context = multiprocessing.get_context("spawn")
    queue, stop = context.Queue(), context.Event()
    readers_ = [
        context.Process(target=read_pages, args=(base, article_id, stop, queue))
        for _ in range(readers)
    ]
    writers_ = [
        context.Process(target=write_verdicts, args=(base, article_id, n, writes, queue))
        for n in range(writers)
    ]
    started = time.perf_counter()
    for process in readers_ + writers_:
        process.start()
    results = {"write": [], "read": []}
    for _ in writers_:
        kind, outcome = queue.get(timeout=600)
        results[kind].append(outcome)
    elapsed = time.perf_counter() - started
    stop.set()
    for _ in readers_:
        kind, outcome = queue.get(timeout=120)
        results[kind].append(outcome)
    for process in readers_ + writers_:
        process.join(timeout=30)
    return merge(results["write"]), merge(results["read"]), elapsed


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


def print_table(report: Report) -> None:
    print(f"{'requests':<8} {'count':>6} {'2xx/3xx':>8} {'4xx':>5} {'5xx':>5} "
          f"{'p50 ms':>7} {'p99 ms':>7}")  # fmt: skip
    for name, outcome in (("writes", report.writes), ("reads", report.reads)):
        statuses = outcome.statuses
        ok = sum(n for code, n in statuses.items() if code < 400)
        client = sum(n for code, n in statuses.items() if 400 <= code < 500)
        server = sum(n for code, n in statuses.items() if code >= 500)
        print(
            f"{name:<8} {sum(statuses.values()):>6} {ok:>8} {client:>5} {server:>5} "
            f"{percentile(outcome.seconds, 0.5) * 1000:>7.1f} "
            f"{percentile(outcome.seconds, 0.99) * 1000:>7.1f}"
        )
    check = report.check
    if report.writes.first_error or report.reads.first_error:
        print("first error:", report.writes.first_error or report.reads.first_error)
    print(f"\nwall time {report.seconds:.1f} s; "
          f"{sum(report.writes.statuses.values()) / report.seconds:.0f} writes/s")  # fmt: skip
    print(
        f"lost writes {check.missing}, duplicated {check.duplicated}, "
        f"audit events {check.audit_events}, hash chain intact: {check.chain_intact}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--writers", type=int, default=8)
    parser.add_argument("--writes", type=int, default=200)
    parser.add_argument("--readers", type=int, default=2)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    options = parser.parse_args()
    report = run(options.writers, options.writes, options.readers, options.workers)
    print_table(report)
    expected = options.writers * options.writes
    server_errors = sum(n for code, n in report.writes.statuses.items() if code >= 500)
    server_errors += sum(n for code, n in report.reads.statuses.items() if code >= 500)
    good = (
        report.check.missing == 0
        and report.check.duplicated == 0
        and report.check.audit_events == expected
        and report.check.chain_intact
        and server_errors == 0
        and report.writes.statuses.get(302, 0) == expected
    )
    print("OK" if good else "FAILED")
    return 0 if good else 1


if __name__ == "__main__":
    sys.exit(main())
