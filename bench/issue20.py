"""Issue 20 in one table: the annotator beside the bare stack, on SQLite and PostgreSQL.

Assembled from the benchmarks that measure each part, each run here on a fresh database:

- writes (bench/writes.py, `issue20_writes`): 8 clients, each its own reviewer with a token,
  PUT a sentence's annotation through the API for 15 s; the floor is a bare Flask endpoint
  that inserts a row and commits (SQLAlchemy Core on SQLite, psycopg alone on PostgreSQL),
  served the same way. Then one client writing in sequence: the median write.
- memory and restart (bench/startup.py): master and 2 workers together after the workload,
  beside Flask + SQLAlchemy Core + gunicorn (bench/stack_floor.py).
- whole-article read (bench/reads.py): 3,850 sentences, 6,214 annotations, one NDJSON call.

Targets (issue 20): writes >= 60% of the floor's throughput, p99 <= 1.5x the floor's, one
write <= 1.5x, no error; <= 150 MiB RSS and <= 110 MiB PSS; restart <= 0.6 s; the whole
read <= 0.3 s. The wall-clock figures move with the machine's load (`Machine:` line); the
CPU time to the first 200 and the memory hardly do.

Run with `python -m bench.issue20` (`--only writes|startup|reads`, `--sqlite-only`).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import reads, startup, writes  # noqa: E402
from bench.perf import machine, postgres_engine, print_table, sqlite_engine  # noqa: E402

PARTS = ("writes", "startup", "reads")
COMMANDS = {
    "writes": "python -m bench.issue20 --only writes",
    "startup": "python -m bench.startup",
    "reads": "python -m bench.reads",
}


def at_most(ours: float, limit: float) -> str:
    return "met" if ours <= limit else "MISSED"


def ratio_row(engine, label, ours, floor, fmt, target, met, part):
    ratio = f"{ours / floor:.2f}x" if floor else "-"
    return [engine, label, fmt.format(ours), fmt.format(floor), ratio, target, met, part]


def write_rows(engine_name: str, loads: dict) -> list[list]:
    ours, floor = loads["annotator"], loads["floor"]
    alone, floor_alone = loads["annotator sequential"], loads["floor sequential"]
    throughput = ours.throughput / floor.throughput if floor.throughput else 0.0
    return [
        ratio_row(engine_name, "writes, 8 clients (req/s)", ours.throughput, floor.throughput,
                  "{:.0f}", ">= 0.60x", "met" if throughput >= 0.6 else "MISSED", "writes"),
        ratio_row(engine_name, "writes, 8 clients: p99 (ms)", ours.p(0.99), floor.p(0.99),
                  "{:.1f}", "<= 1.5x", at_most(ours.p(0.99), 1.5 * floor.p(0.99)), "writes"),
        ratio_row(engine_name, "writes, 8 clients: errors", ours.errors, floor.errors,
                  "{:.0f}", "0", "met" if not ours.errors else "MISSED", "writes"),
        ratio_row(engine_name, "one write, in sequence: median (ms)", alone.p(0.5),
                  floor_alone.p(0.5), "{:.1f}", "<= 1.5x",
                  at_most(alone.p(0.5), 1.5 * floor_alone.p(0.5)), "writes"),
    ]  # fmt: skip


def startup_rows(engine_name: str, figures: dict) -> list[list]:
    rows = []
    for key, label, fmt, limit in [
        ("RSS after", "RSS after the workload (MiB)", "{:.0f}", startup.RSS_TARGET),
        ("PSS after", "PSS after the workload (MiB)", "{:.0f}", startup.PSS_TARGET),
        ("restart", "restart to the first 200 (s)", "{:.2f}", startup.RESTART_TARGET),
        ("restart CPU", "CPU to the first 200, all processes (s)", "{:.2f}", None),
    ]:
        ours, floor = figures[key]
        target = "" if limit is None else f"<= {limit}"
        met = "" if limit is None else at_most(ours, limit)
        rows.append(ratio_row(engine_name, label, ours, floor, fmt, target, met, "startup"))
    return rows


def read_rows(engine_name: str, whole: tuple) -> list[list]:
    seconds, _calls, count = whole
    label = f"whole-article read, {count:,} annotations (s)"
    target = f"<= {reads.TARGET_SECONDS}"
    met = at_most(seconds, reads.TARGET_SECONDS)
    return [[engine_name, label, f"{seconds:.3f}", "-", "-", target, met, "reads"]]


def measure(engine_for, parts: list[str], args) -> list[list]:
    """Run each part on a fresh database of each engine; return the table's rows."""
    rows: list[list] = []
    for engine_name, make in engine_for:
        for part in parts:
            engine = make()
            if engine is None:
                continue
            try:
                if part == "writes":
                    loads = writes.issue20_writes(engine, 8, args.seconds, args.sequential)
                    rows += write_rows(engine_name, loads)
                elif part == "startup":
                    rows += startup_rows(engine_name, startup.measure_engine(engine))
                else:
                    _paged, whole = reads.measure_engine(engine, args.repeats)
                    rows += read_rows(engine_name, whole)
            finally:
                for step in engine.cleanup:
                    step()
            sys.stdout.flush()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--only", choices=PARTS, action="append", help="a part (repeatable)")
    parser.add_argument("--seconds", type=float, default=15.0, help="8 clients' writes, each")
    parser.add_argument("--sequential", type=float, default=5.0, help="one client's writes")
    parser.add_argument("--repeats", type=int, default=5, help="whole reads (median)")
    parser.add_argument("--sqlite-only", action="store_true")
    args = parser.parse_args()
    os.environ["ANNOTATOR_API_RATE_LIMIT"] = "1000000 per minute"  # the limiter is not measured
    print(f"Machine: {machine()}")
    with tempfile.TemporaryDirectory() as folder:
        engine_for = [("SQLite", lambda: sqlite_engine(Path(tempfile.mkdtemp(dir=folder))))]
        if not args.sqlite_only:
            engine_for.append(("PostgreSQL", postgres_engine))
        rows = measure(engine_for, args.only or list(PARTS), args)
    rows = [[*row[:-1], COMMANDS[row[-1]]] for row in rows]
    print_table(
        "Issue 20: the annotator beside the bare stack, gunicorn with 2 workers "
        "(-c python:annotator.web.serving), one run",
        ["engine", "figure", "Annotator", "floor", "ratio", "target", "met", "reproduce"],
        rows,
    )
    print(f"\nMachine at the end: {machine()}")


if __name__ == "__main__":
    main()
