"""Webhooks under load: reviewers' writes with and without two subscribed endpoints.

Reviewers set verdicts through the API from many clients on gunicorn (bench/writes.py's
workload), first with no endpoint, then with two endpoints that want every verdict, a
`flask worker` delivering to a receiver on 127.0.0.1 that checks each signature and counts
each ``webhook-id``. At least 1,000 events are written in the second run. The table gives
the users' latencies of both runs and their ratio (the machine is shared: read the ratio,
not the milliseconds), how long the worker took to drain the queue after the last write,
and whether every message reached every endpoint exactly once.
Run with `python -m bench.webhooks` (see --help).
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import hmac
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
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
from bench.writes import Load, Target, hammer, prepare  # noqa: E402


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


def write_until(target: Target, args, events: int) -> Load:
    """Hammer in rounds until at least this many writes succeeded."""
    merged = Load()
    while len(merged.latencies) - merged.errors < events:
        load = hammer(target, args.clients, args.processes, args.round_seconds)
        merged.latencies += load.latencies
        merged.errors += load.errors
        merged.first_error = merged.first_error or load.first_error
        merged.seconds += load.seconds
    return merged


def run_engine(engine: Engine, args, folder: Path) -> list[list]:
    article_id, tokens = prepare(engine, args.sentences, args.reviewers)
    os.environ["ANNOTATOR_QUEUE_URL"] = f"sqlite:///{folder / f'queue-{engine.name}.sqlite3'}"
    if args.queue_url:
        os.environ["ANNOTATOR_QUEUE_URL"] = args.queue_url
    target = Target(free_port(), article_id, args.sentences, tokens)
    server = start_server(engine.url, target.port, args.workers)
    worker = None
    try:
        hammer(target, args.clients, args.processes, args.warm_up)
        without = write_until(target, args, args.events)
        counting = Counting({})
        receiver = start_receiver(counting)
        secrets = add_endpoints(engine, receiver.server_address[1], args.endpoints)
        counting.secrets = secrets
        counting.ids = {path: Counter() for path in secrets}
        env = {
            **os.environ,
            "ANNOTATOR_DATABASE_URL": engine.url,
            "ANNOTATOR_SECRET_KEY": "bench key",
            "ANNOTATOR_WEBHOOK_ALLOW_LOCAL": "1",
            "ANNOTATOR_WORKER_THREADS": str(args.worker_threads),
        }
        command = [sys.executable, "-m", "flask", "--app", "annotator", "worker"]
        worker = subprocess.Popen(command, cwd=ROOT, env=env, stderr=subprocess.DEVNULL)
        with_hooks = write_until(target, args, args.events)
        finished = time.monotonic()
        total, waiting = owed(engine)
        while waiting and time.monotonic() - finished < args.drain_timeout:
            time.sleep(0.5)
            total, waiting = owed(engine)
        drained = time.monotonic() - finished
        receiver.shutdown()
    finally:
        if worker is not None:
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
    events = len(with_hooks.latencies) - with_hooks.errors
    ratio = with_hooks.p(0.99) / without.p(0.99) if without.p(0.99) else 0.0
    rows = []
    for name, load in (("no endpoint", without), (f"{len(secrets)} endpoints", with_hooks)):
        rows.append(
            [
                engine.name,
                name,
                str(len(load.latencies)),
                f"{load.throughput:.1f}",
                f"{load.p(0.5):.1f}",
                f"{load.p(0.99):.1f}",
                str(load.errors),
            ]
        )
        if load.first_error:
            print(f"{engine.name}, {name}: first error: {load.first_error}")
    rows[0] += ["", "", "", ""]
    rows[1] += [
        f"{ratio:.2f}",
        f"{received}/{total} ({events} writes)",
        f"{drained:.1f}",
        "yes" if once else f"NO (waiting {waiting}, bad {counting.bad})",
    ]
    return rows


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1000, help="writes in each run")
    parser.add_argument("--endpoints", type=int, default=2)
    parser.add_argument("--round-seconds", type=float, default=5.0)
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
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    os.environ["ANNOTATOR_API_RATE_LIMIT"] = "1000000 per minute"
    print(f"Machine: {machine()}")
    rows: list[list] = []
    with tempfile.TemporaryDirectory() as folder:
        engines = [sqlite_engine(Path(folder))]
        if not args.sqlite_only and (postgres := postgres_engine()):
            engines.append(postgres)
        for engine in engines:
            try:
                rows += run_engine(engine, args, Path(folder))
            finally:
                for step in engine.cleanup:
                    step()
    print_table(
        f"Verdict writes with and without webhooks: gunicorn {args.workers} workers, "
        f"{args.clients} clients, >= {args.events} writes each, one `flask worker` "
        f"({args.worker_threads} threads)",
        [
            "engine",
            "endpoints",
            "requests",
            "req/s",
            "p50 ms",
            "p99 ms",
            "errors",
            "p99 ratio",
            "received/messages",
            "drain s",
            "each once",
        ],
        rows,
    )


if __name__ == "__main__":
    main()
