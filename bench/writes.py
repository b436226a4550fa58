"""Annotation writes against the stack's floor, on SQLite and PostgreSQL side by side.

Reviewers set verdicts with notes and sources through the API (PUT of a sentence's
annotation with a bearer token), from many concurrent clients, on gunicorn; then the same
clients hit a bare Flask endpoint that inserts one row and commits (bench/bare_app.py),
served the same way on the same engine. Target: at least 70% of the bare throughput, p99
under 100 ms, no errors. Run with `python -m bench.writes` (see --help).

A third row runs the annotation write's own SQL statements alone, with SQLAlchemy Core in
the bare app (bench/write_floor.py): how much of the gap is the work itself, on this
stack, and how much is what the application adds to it.
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing
import os
import random
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.perf import (  # noqa: E402
    PASSWORD,
    Engine,
    bench_app,
    free_port,
    machine,
    postgres_engine,
    print_table,
    sqlite_engine,
    start_server,
)

BARE_APP = "bench.bare_app:create_app()"
VERDICTS = ["verified", "unverified", "disputed"]


@dataclass
class Load:
    """What every client saw in one measurement: latencies, errors, the wall-clock time."""

    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    first_error: str = ""
    seconds: float = 0.0

    def p(self, share: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000 if ordered else 0

    def add(self, latency: float, error: str) -> None:
        """Count one write (its sender holds the clients' lock)."""
        self.latencies.append(latency)
        if error:
            self.errors += 1
            self.first_error = self.first_error or error

    def cells(self) -> list[str]:
        """The table's cells of this load: requests, req/s, p50 and p99 (ms), errors."""
        return [
            str(len(self.latencies)),
            f"{self.throughput:.1f}",
            f"{self.p(0.5):.1f}",
            f"{self.p(0.99):.1f}",
            str(self.errors),
        ]

    @property
    def throughput(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0


@dataclass(frozen=True)
class Target:
    """Where the clients send their writes."""

    port: int
    article_id: int = 0
    sentences: int = 0
    tokens: tuple[str, ...] = ()
    #: Where the annotation PUTs go: the API, or the same statements alone (bench/write_floor.py).
    prefix: str = "/api/v1"
    #: The bare insert's path: /hit (SQLAlchemy Core), /hit-psycopg (psycopg alone).
    floor_path: str = "/hit"

    def request(self, client: int, number: int) -> tuple[str, dict, str]:
        """Return the path, headers and JSON body of one client's next write."""
        body = json.dumps(
            {
                "verdict": random.choice(VERDICTS),
                "note": f"Client {client}, write {number}: the figure matches the report.",
                "sources": [
                    {"url": f"https://example.org/report/{number}", "title": "Council report"},
                    {"url": "https://example.org/budget", "quote": "spent on roads"},
                ],
            }
        )
        headers = {"Content-Type": "application/json"}
        if not self.tokens:
            return self.floor_path, headers, body
        index = random.randrange(self.sentences)
        headers["Authorization"] = f"Bearer {self.tokens[client % len(self.tokens)]}"
        path = f"{self.prefix}/articles/{self.article_id}/sentences/{index}/annotation"
        return path, headers, body


def send(target: Target, client: int, number: int) -> tuple[float, str]:
    """Send one write on a fresh connection; return its latency and an error ('' if none)."""
    path, headers, body = target.request(client, number)
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", target.port, timeout=60)
    try:
        connection.request("PUT", path, body=body, headers=headers)
        answer = connection.getresponse()
        text = answer.read()
        error = "" if answer.status == 200 else f"{answer.status} {text[:200]!r}"
    except (OSError, http.client.HTTPException) as problem:
        error = repr(problem)
    finally:
        connection.close()
    return time.perf_counter() - started, error


def run_clients(target: Target, first: int, threads: int, seconds: float, queue) -> None:
    """Run clients in threads of this process until the time is up; report to the queue."""
    load = Load()
    deadline = time.monotonic() + seconds
    lock = threading.Lock()

    def client(number: int) -> None:
        count = 0
        while time.monotonic() < deadline:
            latency, error = send(target, number, count)
            count += 1
            with lock:
                load.add(latency, error)

    run_threads(client, first, threads)
    queue.put(load)


def run_threads(client: Callable[[int], None], first: int, threads: int) -> None:
    """Run client(number) in threads numbered from first; return when all have ended."""
    workers = [threading.Thread(target=client, args=(first + n,)) for n in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()


def hammer(target: Target, clients: int, processes: int, seconds: float) -> Load:
    """Run the clients in several processes (one GIL is too few) and merge what they saw."""
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    share = [clients // processes + (n < clients % processes) for n in range(processes)]
    firsts = [sum(share[:n]) for n in range(processes)]
    started = time.monotonic()
    children = [
        context.Process(target=run_clients, args=(target, first, count, seconds, queue))
        for first, count in zip(firsts, share, strict=True)
        if count
    ]
    for child in children:
        child.start()
    loads = [queue.get() for _ in children]
    for child in children:
        child.join()
    merged = Load(seconds=time.monotonic() - started)
    for load in loads:
        merged.latencies += load.latencies
        merged.errors += load.errors
        merged.first_error = merged.first_error or load.first_error
    return merged


def prepare(engine: Engine, sentences: int, reviewers: int) -> tuple[int, tuple[str, ...]]:
    """Migrate, import an article, add reviewers with one API token each; make the bare table."""
    from flask_migrate import upgrade

    from annotator.extensions import db
    from annotator.models import Role
    from annotator.services import teams
    from annotator.services.articles import ArticleDraft, import_article
    from annotator.services.tokens import create_token
    from bench import bare_app
    from bench.workload import add_member, article_text

    app = bench_app(engine.url)
    with app.app_context():
        upgrade()
        team = teams.create_team("Write desk", "write-desk")
        draft = ArticleDraft("Writes", article_text(sentences))
        article_id = import_article(team, None, draft).article.id
        members = [
            add_member(team, f"Writer {n}", Role.reviewer, PASSWORD) for n in range(reviewers)
        ]
        tokens = tuple(create_token(member, "bench")[1] for member in members)
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    bare_app.create_table(engine.url)
    return article_id, tokens


def measure(engine: Engine, targets: list[Target], app: str, args) -> list[Load]:
    """Serve the app, then warm its workers up and time the clients, target by target."""
    port = targets[0].port
    server = start_server(engine.url, port, args.workers, app)
    loads = []
    try:
        for target in targets:
            hammer(target, args.clients, args.processes, args.warm_up)
            loads.append(hammer(target, args.clients, args.processes, args.seconds))
    finally:
        server.terminate()
        server.wait(timeout=60)
    return loads


def run_engine(engine: Engine, args) -> list[list]:
    article_id, tokens = prepare(engine, args.sentences, args.reviewers)
    port = free_port()
    floor_target = Target(port, article_id, args.sentences, tokens, prefix="/floor")
    bare, floor = measure(engine, [Target(port), floor_target], BARE_APP, args)
    target = Target(free_port(), article_id, args.sentences, tokens)
    (writes,) = measure(engine, [target], "annotator:create_app()", args)
    rows = []
    named = [
        ("bare insert + commit", bare),
        ("same SQL alone (Core)", floor),
        ("annotation PUT (API)", writes),
    ]
    for name, load in named:
        ratio = load.throughput / bare.throughput if bare.throughput else 0.0
        rows.append(
            [
                engine.name,
                name,
                *load.cells(),
                f"{ratio:.2f}",
            ]
        )
        if load.first_error:
            print(f"{engine.name}, {name}: first error: {load.first_error}")
    met = writes.throughput >= 0.7 * bare.throughput and writes.p(0.99) < 100 and not writes.errors
    rows[0].append("")
    rows[1].append("")
    rows[2].append("yes" if met else "NO")
    return rows


def issue20_writes(engine: Engine, clients: int, seconds: float, sequential_seconds: float):
    """Issue 20's write figures on one engine: (floor, annotator) loads with ``clients`` at
    once, then (floor, annotator) loads of one client writing in sequence.

    The floor is the bare insert-and-commit: SQLAlchemy Core on SQLite, psycopg alone on
    PostgreSQL. Reproduce with `python -m bench.issue20 --only writes`.
    """
    article_id, tokens = prepare(engine, 2000, clients)
    path = "/hit-psycopg" if engine.name == "PostgreSQL" else "/hit"
    port = free_port()
    floor = Target(port, floor_path=path)
    warm = max(1.0, seconds / 10)
    args = argparse.Namespace(clients=clients, processes=min(4, clients), workers=2)
    loads = {}
    for name, app, target in [
        ("floor", BARE_APP, floor),
        ("annotator", "annotator:create_app()", Target(port, article_id, 2000, tokens)),
    ]:
        server = start_server(engine.url, port, 2, app)
        try:
            hammer(target, args.clients, args.processes, warm)
            loads[name] = hammer(target, args.clients, args.processes, seconds)
            loads[name + " sequential"] = hammer(target, 1, 1, sequential_seconds)
        finally:
            server.terminate()
            server.wait(timeout=60)
    return loads


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20.0, help="measured seconds per endpoint")
    parser.add_argument("--warm-up", type=float, default=2.0, help="unmeasured seconds first")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--processes", type=int, default=4, help="client processes")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--sentences", type=int, default=2000)
    parser.add_argument("--reviewers", type=int, default=8)
    parser.add_argument("--sqlite-only", action="store_true")
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    # Generous API limits: the bench measures writes, not the limiter refusing them (the
    # limiter still counts every request, as in production).
    os.environ["ANNOTATOR_API_RATE_LIMIT"] = "1000000 per minute"
    print(f"Machine: {machine()}")
    rows: list[list] = []
    with tempfile.TemporaryDirectory() as folder:
        engines = [sqlite_engine(Path(folder))]
        if not args.sqlite_only and (postgres := postgres_engine()):
            engines.append(postgres)
        for engine in engines:
            try:
                rows += run_engine(engine, args)
            finally:
                for step in engine.cleanup:
                    step()
    print_table(
        f"Annotation writes: gunicorn {args.workers} workers, {args.clients} clients, "
        f"{args.seconds:.0f} s each (target: ratio >= 0.70, p99 < 100 ms, no errors)",
        ["engine", "endpoint", "requests", "req/s", "p50 ms", "p99 ms", "errors", "ratio", "met"],
        rows,
    )


if __name__ == "__main__":
    main()
