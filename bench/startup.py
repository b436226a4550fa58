"""Restart time and memory of the served app, beside the bare stack's floor, in one run.

Both are served as users deploy them: gunicorn, 2 sync workers, `-c
python:annotator.web.serving` (the master preloads the app and forks the workers), on SQLite
and PostgreSQL. The floor is bench/stack_floor.py: Flask, SQLAlchemy
Core and gunicorn, one insert-and-commit endpoint, nothing of the annotator nor of the
benchmark (the floor of bench/writes.py opens the database with the annotator's own code,
which loads its models and extensions). Measured:

- restart: from starting gunicorn to the first 200 answer of /healthz (median of 5), and the
  CPU time the master and workers used until then (a shared machine's load stretches the
  first, hardly the second);
- memory: resident (RSS) and proportional (PSS, shared pages split between the processes)
  set size of the master and its workers together, idle and after a workload (the floor:
  its endpoint; the annotator: the article through the API, its HTML report, its whole
  read and API writes).

Targets (issue 20): restart <= 0.6 s; after the workload <= 150 MiB RSS, <= 110 MiB PSS.
Run with `python -m bench.startup` (`--sqlite-only` to skip PostgreSQL).
"""

from __future__ import annotations

import argparse
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
    Engine,
    free_port,
    machine,
    postgres_engine,
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


def cpu_seconds(pid: int) -> float:
    """Return the CPU time (user and system) a process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def restart_seconds(app: str, url: str) -> tuple[float, float]:
    """Return the median time from starting gunicorn to its first 200, and the median CPU
    time its master and workers used until then (which a busy machine does not inflate)."""
    times, cpu = [], []
    for _ in range(RESTARTS):
        port = free_port()
        started = time.perf_counter()
        server = spawn(app, url, port)
        try:
            first_answer(port)
            times.append(time.perf_counter() - started)
            pids = [server.pid, *worker_pids(server.pid)]
            cpu.append(sum(cpu_seconds(pid) for pid in pids))
        finally:
            server.terminate()
            server.wait(timeout=60)
    return statistics.median(times), statistics.median(cpu)


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


def measure_engine(engine: Engine) -> dict[str, tuple[float, float]]:
    """Return each figure of one engine as (annotator, floor)."""
    article_id, email = prepare(engine, 200, 2)
    secret = token_for(engine.url, email)
    stack_floor.create_table(engine.url)
    ours_restart = restart_seconds(APPS["annotator"], engine.url)
    floor_restart = restart_seconds(APPS["floor"], engine.url)
    ours_idle, ours_after = measure_memory(
        APPS["annotator"], engine.url, lambda base: annotator_workload(base, article_id, secret)
    )
    floor_idle, floor_after = measure_memory(APPS["floor"], engine.url, floor_workload)
    return {
        "restart": (ours_restart[0], floor_restart[0]),
        "restart CPU": (ours_restart[1], floor_restart[1]),
        "RSS idle": (ours_idle[0], floor_idle[0]),
        "PSS idle": (ours_idle[1], floor_idle[1]),
        "RSS after": (ours_after[0], floor_after[0]),
        "PSS after": (ours_after[1], floor_after[1]),
    }


LABELS = {
    "restart": ("restart to first 200 (s)", RESTART_TARGET),
    "restart CPU": ("CPU to first 200, all processes (s)", None),
    "RSS idle": ("RSS idle (MiB)", None),
    "PSS idle": ("PSS idle (MiB)", None),
    "RSS after": ("RSS after workload (MiB)", RSS_TARGET),
    "PSS after": ("PSS after workload (MiB)", PSS_TARGET),
}


def figure(value: float) -> str:
    return f"{value:.2f}" if value < 10 else f"{value:.0f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sqlite-only", action="store_true")
    args = parser.parse_args()
    os.environ["ANNOTATOR_API_RATE_LIMIT"] = "1000000 per minute"
    print(f"Machine: {machine()}")
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        engines = [sqlite_engine(Path(folder))]
        if not args.sqlite_only:
            engines.append(postgres_engine())
        for engine in filter(None, engines):
            try:
                figures = measure_engine(engine)
            finally:
                for step in engine.cleanup:
                    step()
            for key, (ours, floor) in figures.items():
                name, target = LABELS[key]
                rows.append(
                    [
                        engine.name,
                        name,
                        figure(ours),
                        figure(floor),
                        f"{ours / floor:.2f}x",
                        "" if target is None else f"<= {target}",
                        "" if target is None else ("met" if ours <= target else "MISSED"),
                    ]
                )
    print_table(
        "Restart and memory: gunicorn, 2 workers (master and workers together)",
        ["engine", "figure", "annotator", "floor", "ratio", "target", "met"],
        rows,
    )
    print(f"\nReproduce: python -m bench.startup  (password of the bench users: {PASSWORD!r})")


if __name__ == "__main__":
    main()
