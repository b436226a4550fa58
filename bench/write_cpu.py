"""CPU per annotation write in process, against the bare insert and the same SQL alone.

On a shared or busy machine HTTP timings say little; with sync gunicorn workers a write is
CPU-bound, so the CPU one write costs in this process tracks throughput (ADR 23). This
runs the API's annotation PUT (bearer token, the body `bench/writes.py` sends), the bare
insert (`bench/bare_app.py` /hit) and the same statements alone (`bench/write_floor.py`)
through Flask's test client on one database, in turns, several rounds each, so that the
machine's load hits the three alike, and prints the minimum and median per write.
Run with `python -m bench.write_cpu` (see --help); it stops by itself.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.perf import (  # noqa: E402
    Engine,
    bench_app,
    machine,
    postgres_engine,
    print_table,
    sqlite_engine,
)
from bench.writes import VERDICTS, prepare  # noqa: E402


def measure(engine: Engine, args) -> list[list]:
    """Return the table rows of one engine: each endpoint's CPU per write, and its ratio."""
    article_id, tokens = prepare(engine, args.sentences, args.reviewers)
    os.environ["ANNOTATOR_DATABASE_URL"] = engine.url
    from bench import bare_app

    bare_app.create_table(engine.url)
    bare = bare_app.create_app().test_client()
    app = bench_app(engine.url)
    app.config["RATELIMIT_ENABLED"] = False  # the limiter is not what is measured
    ours = app.test_client()

    def sentence() -> str:
        return f"/articles/{article_id}/sentences/{random.randrange(args.sentences)}/annotation"

    endpoints = {
        "annotator": (ours, lambda: "/api/v1" + sentence()),
        "same SQL alone": (bare, lambda: "/floor" + sentence()),
        "bare insert": (bare, lambda: "/hit"),
    }

    def write(client, path: str, number: int) -> None:
        body = {
            "verdict": random.choice(VERDICTS),
            "note": f"write {number}",
            "sources": [{"url": f"https://example.org/r/{number}", "title": "Council report"}],
        }
        headers = {"Authorization": f"Bearer {tokens[number % len(tokens)]}"}
        response = client.put(path, json=body, headers=headers)
        if response.status_code != 200:
            raise SystemExit(f"{path}: {response.status_code} {response.get_data()[:300]!r}")

    for client, path in endpoints.values():
        for number in range(args.writes // 2):  # warm caches, compile statements
            write(client, path(), number)
    spent: dict[str, list[float]] = {name: [] for name in endpoints}
    for _ in range(args.rounds):
        for name, (client, path) in endpoints.items():
            started = time.process_time()
            for number in range(args.writes):
                write(client, path(), number)
            spent[name].append((time.process_time() - started) / args.writes * 1000)
    floor = min(spent["bare insert"])
    rows = []
    for name, figures in spent.items():
        figures.sort()
        best, median = figures[0], figures[len(figures) // 2]
        rows.append([engine.name, name, f"{best:.2f}", f"{median:.2f}", f"{best / floor:.1f}"])
    return rows


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--writes", type=int, default=100, help="writes per endpoint a round")
    parser.add_argument("--sentences", type=int, default=2000)
    parser.add_argument("--reviewers", type=int, default=8)
    parser.add_argument("--sqlite-only", action="store_true")
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    print(f"Machine: {machine()}")
    rows: list[list] = []
    with tempfile.TemporaryDirectory() as folder:
        engines = [sqlite_engine(Path(folder))]
        if not args.sqlite_only and (postgres := postgres_engine()):
            engines.append(postgres)
        for engine in engines:
            try:
                rows += measure(engine, args)
            finally:
                for step in engine.cleanup:
                    step()
    print_table(
        f"CPU per annotation write in process ({args.rounds} rounds of {args.writes}; "
        "PostgreSQL: this process only, not the server's)",
        ["engine", "endpoint", "min ms", "median ms", "× bare insert"],
        rows,
    )


if __name__ == "__main__":
    main()
