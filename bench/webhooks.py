"""Webhooks under load: reviewers' writes with and without two subscribed endpoints.

Reviewers set verdicts through the API from many clients on gunicorn (bench/writes.py's
workload) while a `flask worker` runs beside it, as `make serve` runs one. Two endpoints
that want every verdict post to a receiver on 127.0.0.1 that checks each signature and
counts each ``webhook-id``. Rounds of writes alternate between the endpoints switched off
and on, so that whatever else the machine does falls on both alike, until each side has at
least 1,000 writes. The table gives the users' latencies on each side and the ratio of
their p99s; beside it, the ratio between the odd and even rounds of the side without
endpoints shows how far p99 moves by noise alone. Then: how long the worker took to drain
the queue after the last write, and whether every message reached every endpoint exactly
once. Run with `python -m bench.webhooks` (see --help).
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import hmac
import multiprocessing
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.perf import (  # noqa: E402
    Engine,
    bench_app,
    free_port,
    machine,
    postgres_engine,
    print_table,
    sqlite_engine,
    start_server,
)
from bench.writes import Load, Target, hammer, prepare, run_threads, send  # noqa: E402


class Counting:
    """What the receiver got: ids per endpoint (its path), and bad signatures."""

    def __init__(self, secrets: dict[str, str]):
        self.secrets = secrets
        self.ids: dict[str, Counter] = {path: Counter() for path in secrets}
        self.bad = 0
        self.lock = threading.Lock()

    def valid(self, path: str, headers, body: bytes) -> bool:
        key = base64.b64decode(self.secrets[path].split("_", 1)[1])
        signed = f"{headers['webhook-id']}.{headers['webhook-timestamp']}.".encode() + body
        expected = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
        return f"v1,{expected}" in headers.get("webhook-signature", "").split()


def start_receiver(counting: Counting) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["content-length"]))
            ok = self.path in counting.secrets and counting.valid(self.path, self.headers, body)
            with counting.lock:
                if ok:
                    counting.ids[self.path][self.headers["webhook-id"]] += 1
                else:
                    counting.bad += 1
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def add_endpoints(engine: Engine, port: int, count: int) -> dict[str, str]:
    """Register endpoints that want every verdict; return each one's path and secret."""
    from annotator.extensions import db
    from annotator.models import Membership, Role, Team
    from annotator.services import webhooks

    app = bench_app(engine.url)
    found = {}
    with app.app_context():
        team = db.session.query(Team).one()
        admin = db.session.query(Membership).filter_by(team_id=team.id).first().user
        db.session.query(Membership).filter_by(user_id=admin.id).update({"role": Role.admin})
        for number in range(count):
            path = f"/hook/{number}"
            endpoint = webhooks.create_endpoint(
                admin, team, f"http://127.0.0.1:{port}{path}", "", ["annotation.set"], True
            )
            found[path] = endpoint.secret
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    return found


def switch_endpoints(engine: Engine, active: bool) -> None:
    """Let every endpoint want verdicts, or nothing: then no message is written. (Switching
    an endpoint off would also stop the messages it is owed, written while it was on.)"""
    import sqlalchemy as sa

    from annotator.extensions import db
    from annotator.models import WebhookEndpoint

    app = bench_app(engine.url)
    with app.app_context():
        events = ["annotation.set"] if active else []
        db.session.execute(sa.update(WebhookEndpoint).values(events=events))
        db.session.commit()
        db.session.remove()
        db.engine.dispose()


def owed(engine: Engine) -> tuple[int, int]:
    """Return how many messages there are, and how many are not delivered yet."""
    import sqlalchemy as sa

    from annotator.extensions import db
    from annotator.models import DeliveryState, WebhookDelivery

    app = bench_app(engine.url)
    with app.app_context():
        total = db.session.scalar(sa.select(sa.func.count(WebhookDelivery.id)))
        waiting = db.session.scalar(
            sa.select(sa.func.count(WebhookDelivery.id)).where(
                WebhookDelivery.state != DeliveryState.delivered
            )
        )
        db.session.remove()
        db.engine.dispose()
    return total, waiting


def run_paced(target: Target, first: int, interval: float, threads: int, seconds: float, queue):
    """Send writes at fixed times, one every interval, from threads of this process; a
    latency counts from the time the write was due (so a write that waited for a free
    thread is as late as its user would find it); report to the queue."""
    load = Load()
    lock = threading.Lock()
    started = time.monotonic()
    slots = iter(range(int(seconds / interval)))

    def client(number: int) -> None:
        count = 0
        while True:
            with lock:
                slot = next(slots, None)
            if slot is None:
                return
            due = started + slot * interval
            time.sleep(max(0.0, due - time.monotonic()))
            _, error = send(target, number, count)
            latency = time.monotonic() - due
            count += 1
            with lock:
                load.add(latency, error)

    run_threads(client, first, threads)
    load.seconds = time.monotonic() - started
    queue.put(load)


def pace(target: Target, rate: float, clients: int, processes: int, seconds: float) -> Load:
    """Send rate writes a second for this long from several processes; merge what they saw."""
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    interval = processes / rate
    children = [
        context.Process(
            target=run_paced,
            args=(target, n * clients, interval, clients, seconds, queue),
        )
        for n in range(processes)
    ]
    for child in children:
        child.start()
    loads = [queue.get() for _ in children]
    for child in children:
        child.join()
    merged = merge(loads)
    merged.seconds = max(load.seconds for load in loads)
    return merged


def merge(loads: list[Load]) -> Load:
    merged = Load()
    for load in loads:
        merged.latencies += load.latencies
        merged.errors += load.errors
        merged.first_error = merged.first_error or load.first_error
        merged.seconds += load.seconds
    return merged


def successes(loads: list[Load]) -> int:
    return sum(len(load.latencies) - load.errors for load in loads)


def alternate_rounds(
    engine: Engine, events: int, write: Callable[[], Load]
) -> tuple[list[Load], list[Load]]:
    """Write in rounds, endpoints off then on, until each side has enough writes."""
    off: list[Load] = []
    on: list[Load] = []
    while min(successes(off), successes(on)) < events:
        for active, rounds in ((False, off), (True, on)):
            switch_endpoints(engine, active)
            rounds.append(write())
    return off, on


def side_rows(engine: Engine, load_name: str, off: list[Load], on: list[Load]) -> list[list]:
    """Two rows: the writes with the endpoints off, then on, with the ratios of their p99s."""
    without, with_hooks = merge(off), merge(on)
    noise = merge(off[1::2]).p(0.99) / merge(off[0::2]).p(0.99)
    rows = []
    for name, load in (("off", without), ("on", with_hooks)):
        rows.append(
            [
                engine.name,
                load_name,
                name,
                *load.cells(),
            ]
        )
        if load.first_error:
            print(f"{engine.name}, {load_name}, {name}: first error: {load.first_error}")
    rows[0] += ["", f"{noise:.2f}"]
    rows[1] += [f"{with_hooks.p(0.99) / without.p(0.99):.2f}", ""]
    return rows


def start_worker(engine: Engine, args, folder: Path) -> subprocess.Popen:
    """Start `flask worker` and return once it has built its app and starts consuming."""
    env = {
        **os.environ,
        "ANNOTATOR_DATABASE_URL": engine.url,
        "ANNOTATOR_SECRET_KEY": "bench key",
        "ANNOTATOR_WEBHOOK_ALLOW_LOCAL": "1",
        "ANNOTATOR_WORKER_THREADS": str(args.worker_threads),
    }
    command = [sys.executable, "-m", "flask", "--app", "annotator", "worker"]
    log = folder / f"worker-{engine.name}.log"
    with log.open("wb") as output:
        worker = subprocess.Popen(command, cwd=ROOT, env=env, stderr=output)
    deadline = time.monotonic() + 60
    while b"Worker:" not in log.read_bytes():
        if worker.poll() is not None or time.monotonic() > deadline:
            raise SystemExit(f"flask worker did not start: {log.read_text()[-2000:]}")
        time.sleep(0.1)
    return worker


def run_engine(engine: Engine, args, folder: Path) -> list[list]:
    article_id, tokens = prepare(engine, args.sentences, args.reviewers)
    os.environ["ANNOTATOR_QUEUE_URL"] = f"sqlite:///{folder / f'queue-{engine.name}.sqlite3'}"
    if args.queue_url:
        os.environ["ANNOTATOR_QUEUE_URL"] = args.queue_url
    target = Target(free_port(), article_id, args.sentences, tokens)
    counting = Counting({})
    receiver = start_receiver(counting)
    secrets = add_endpoints(engine, receiver.server_address[1], args.endpoints)
    counting.secrets = secrets
    counting.ids = {path: Counter() for path in secrets}
    server = start_server(engine.url, target.port, args.workers)
    worker = start_worker(engine, args, folder)
    try:
        hammer(target, args.clients, args.processes, args.warm_up)
        saturated = alternate_rounds(
            engine,
            args.events,
            lambda: hammer(target, args.clients, args.processes, args.round_seconds),
        )
        capacity = merge(saturated[0]).throughput  # without endpoints
        rate = capacity * args.load_share
        paced = alternate_rounds(
            engine,
            args.events,
            lambda: pace(target, rate, args.clients, args.processes, args.round_seconds),
        )
        finished = time.monotonic()
        total, waiting = owed(engine)
        while waiting and time.monotonic() - finished < args.drain_timeout:
            time.sleep(0.5)
            total, waiting = owed(engine)
        drained = time.monotonic() - finished
        receiver.shutdown()
    finally:
        worker.terminate()
        worker.wait(timeout=30)
        server.terminate()
        server.wait(timeout=60)
    received = sum(sum(ids.values()) for ids in counting.ids.values())
    once = (
        not waiting
        and counting.bad == 0
        and received == total
        and all(set(ids.values()) == {1} for ids in counting.ids.values())
        and all(len(ids) == total // len(secrets) for ids in counting.ids.values())
    )
    rows = side_rows(engine, f"{rate:.0f}/s ({args.load_share:.0%} of {capacity:.0f}/s)", *paced)
    rows += side_rows(engine, "as fast as 8 clients go", *saturated)
    writes = successes(paced[1]) + successes(saturated[1])
    for row in rows:
        row += ["", "", ""]
    rows[-1][-3:] = [
        f"{received}/{total} ({writes} writes)",
        f"{drained:.1f}",
        "yes" if once else f"NO (waiting {waiting}, bad {counting.bad})",
    ]
    return rows


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1000, help="writes on each side")
    parser.add_argument("--endpoints", type=int, default=2)
    parser.add_argument("--round-seconds", type=float, default=2.0)
    parser.add_argument(
        "--load-share", type=float, default=0.5, help="paced writes: this share of capacity"
    )
    parser.add_argument("--warm-up", type=float, default=2.0)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--processes", type=int, default=2, help="client processes")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--worker-threads", type=int, default=4, help="flask worker threads")
    parser.add_argument("--sentences", type=int, default=500)
    parser.add_argument("--reviewers", type=int, default=8)
    parser.add_argument("--drain-timeout", type=float, default=300.0)
    parser.add_argument("--queue-url", default="", help="e.g. redis://127.0.0.1:6379/14")
    parser.add_argument("--sqlite-only", action="store_true")
    parser.add_argument("--postgresql-only", action="store_true")
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    os.environ["ANNOTATOR_API_RATE_LIMIT"] = "1000000 per minute"
    print(f"Machine: {machine()}")
    rows: list[list] = []
    with tempfile.TemporaryDirectory() as folder:
        engines = [] if args.postgresql_only else [sqlite_engine(Path(folder))]
        if not args.sqlite_only and (postgres := postgres_engine()):
            engines.append(postgres)
        for engine in engines:
            try:
                rows += run_engine(engine, args, Path(folder))
            finally:
                for step in engine.cleanup:
                    step()
    print_table(
        f"Verdict writes with and without webhooks: gunicorn {args.workers} workers and one "
        f"`flask worker` ({args.worker_threads} threads); rounds of {args.round_seconds:g} s "
        f"with the endpoints off and on in turn, >= {args.events} writes each side; first from "
        f"{args.clients} clients as fast as the server answers (the cost at saturation), then "
        "paced at a share of that (reviewers at work: writes due at fixed times, latency from "
        "when each was due). p99 off/off: the even rounds' p99 over the odd rounds' (noise)",
        [
            "engine",
            "writes",
            "endpoints",
            "requests",
            "req/s",
            "p50 ms",
            "p99 ms",
            "errors",
            "p99 on/off",
            "p99 off/off",
            "received/messages",
            "drain s",
            "each once",
        ],
        rows,
    )


if __name__ == "__main__":
    main()
