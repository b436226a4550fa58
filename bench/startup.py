"""Restart time and memory of the served app, beside the bare stack's floor, in one run.

Both are served as users deploy them: gunicorn, 2 sync workers, `-c
python:annotator.web.serving`, SQLite. The floor is bench/stack_floor.py: Flask, SQLAlchemy
Core and gunicorn, one insert-and-commit endpoint, nothing of the annotator nor of the
benchmark (the floor of bench/writes.py opens the database with the annotator's own code,
which loads its models and extensions). Measured:

- restart: from starting gunicorn to the first 200 answer of /healthz (median of 5);
- memory: resident (RSS) and proportional (PSS, shared pages split between the processes)
  set size of the master and its workers together, idle and after a workload (the floor:
  its endpoint; the annotator: article page, HTML report and API writes).

Targets (issue 20): restart <= 0.6 s; after the workload <= 150 MiB RSS, <= 110 MiB PSS.
Run with `python -m bench.startup`.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import requests  # noqa: E402

from bench import stack_floor  # noqa: E402
from bench.perf import (  # noqa: E402
    PASSWORD,
    free_port,
    machine,
    prepare,
    print_table,
    sqlite_engine,
    worker_pids,
)

APPS = {"annotator": "annotator:create_app()", "floor": "bench.stack_floor:create_app()"}
RESTARTS = 5
RESTART_TARGET = 0.6
RSS_TARGET, PSS_TARGET = 150, 110


def spawn(app: str, url: str, port: int) -> subprocess.Popen:
    env = {**os.environ, "ANNOTATOR_DATABASE_URL": url, "ANNOTATOR_SECRET_KEY": "bench key"}
    command = [sys.executable, "-m", "gunicorn", app, "--config", "python:annotator.web.serving"]
    command += ["--bind", f"127.0.0.1:{port}", "--workers", "2", "--log-level", "warning"]
    return subprocess.Popen(command, cwd=ROOT, env=env)


def first_answer(port: int, deadline: float = 60) -> None:
    """Poll /healthz every 5 ms until it answers 200."""
    stop = time.monotonic() + deadline
    while time.monotonic() < stop:
        try:
            if requests.get(f"http://127.0.0.1:{port}/healthz", timeout=deadline).ok:
                return
        except requests.ConnectionError:
            time.sleep(0.005)
    raise RuntimeError("the server did not answer")


def restart_seconds(app: str, url: str) -> float:
    """Return the median time from starting gunicorn to its first 200."""
    times = []
    for _ in range(RESTARTS):
        port = free_port()
        started = time.perf_counter()
        server = spawn(app, url, port)
        try:
            first_answer(port)
            times.append(time.perf_counter() - started)
        finally:
            server.terminate()
            server.wait(timeout=60)
    return statistics.median(times)


def memory_mib(master: int) -> tuple[float, float]:
    """Return the RSS and PSS of the master and its workers, in MiB."""
    rss = pss = 0
    for pid in [master, *worker_pids(master)]:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Rss:"):
                rss += int(line.split()[1])
            elif line.startswith("Pss:"):
                pss += int(line.split()[1])
    return rss / 1024, pss / 1024


def annotator_workload(base: str, article_id: int, secret: str) -> None:
    """Pages, a report and API writes, each several times, so both workers serve them."""
    headers = {"Authorization": f"Bearer {secret}"}
    versions: dict[int, int] = {}
    with requests.Session() as session:
        for round_number in range(20):
            session.get(f"{base}/api/v1/articles/{article_id}", headers=headers, timeout=60)
            session.get(f"{base}/api/v1/articles/{article_id}/exports/html", headers=headers)
            session.get(f"{base}/api/v1/articles/{article_id}/whole", headers=headers, timeout=60)
            for index in range(10):
                known = {"If-Match": f'"{versions[index]}"'} if index in versions else {}
                answer = session.put(
                    f"{base}/api/v1/articles/{article_id}/sentences/{index}/annotation",
                    json={"verdict": ["verified", "disputed"][round_number % 2]},
                    headers={**headers, **known},
                    timeout=60,
                )
                answer.raise_for_status()
                versions[index] = answer.json()["version"]


def floor_workload(base: str) -> None:
    with requests.Session() as session:
        for n in range(500):
            session.put(f"{base}/hit", json={"n": n}, timeout=60)


def measure_memory(app: str, url: str, workload) -> tuple[tuple, tuple]:
    port = free_port()
    server = spawn(app, url, port)
    try:
        first_answer(port)
        for _ in range(4):  # each worker answers at least once before "idle" is read
            requests.get(f"http://127.0.0.1:{port}/healthz", timeout=5)
        idle = memory_mib(server.pid)
        workload(f"http://127.0.0.1:{port}")
        return idle, memory_mib(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=60)


def token_for(url: str, email: str) -> str:
    from annotator.extensions import db
    from annotator.models import User
    from annotator.services.tokens import create_token
    from bench.perf import bench_app

    app = bench_app(url)
    with app.app_context():
        user = db.session.scalar(db.select(User).where(User.email == email))
        _, secret = create_token(user, "bench startup")
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    return secret


def main() -> None:
    os.environ["ANNOTATOR_API_RATE_LIMIT"] = "1000000 per minute"
    print(f"Machine: {machine()}")
    with tempfile.TemporaryDirectory() as folder:
        engine = sqlite_engine(Path(folder))
        article_id, email = prepare(engine, 200, 2)
        secret = token_for(engine.url, email)
        stack_floor.create_table(engine.url)
        ours_restart = restart_seconds(APPS["annotator"], engine.url)
        floor_restart = restart_seconds(APPS["floor"], engine.url)
        ours_idle, ours_after = measure_memory(
            APPS["annotator"], engine.url, lambda base: annotator_workload(base, article_id, secret)
        )
        floor_idle, floor_after = measure_memory(APPS["floor"], engine.url, floor_workload)
    rows = [
        ["restart to first 200 (s)", ours_restart, floor_restart, RESTART_TARGET, ours_restart],
        ["RSS idle (MiB)", ours_idle[0], floor_idle[0], None, None],
        ["PSS idle (MiB)", ours_idle[1], floor_idle[1], None, None],
        ["RSS after workload (MiB)", ours_after[0], floor_after[0], RSS_TARGET, ours_after[0]],
        ["PSS after workload (MiB)", ours_after[1], floor_after[1], PSS_TARGET, ours_after[1]],
    ]
    print_table(
        "Restart and memory: gunicorn, 2 workers, SQLite (master and workers together)",
        ["figure", "annotator", "floor", "ratio", "target", "met"],
        [
            [
                name,
                f"{ours:.2f}" if ours < 10 else f"{ours:.0f}",
                f"{floor:.2f}" if floor < 10 else f"{floor:.0f}",
                f"{ours / floor:.2f}x",
                "" if target is None else f"<= {target}",
                "" if target is None else ("met" if value <= target else "MISSED"),
            ]
            for name, ours, floor, target, value in rows
        ],
    )
    print(f"\nReproduce: python -m bench.startup  (password of the bench users: {PASSWORD!r})")


if __name__ == "__main__":
    main()
