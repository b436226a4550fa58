"""Article-scale benchmarks on SQLite and PostgreSQL: page latency, import time, worker memory.

Each page is measured on the same gunicorn server as a trivial route (/healthz), which is the
stack's own limit there: Python, gunicorn and the loopback network with no database and no
template. Run with `python -m bench.perf` (see --help); every loop is bounded in time.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import requests  # noqa: E402
import sqlalchemy as sa  # noqa: E402

from bench.http_timing import Timing, fetch, measure  # noqa: E402
from bench.page_floor import time_floor  # noqa: E402

PASSWORD = "bench password, long enough"  # noqa: S105 - a throwaway account
CSRF = re.compile(r'name="csrf-token" content="([^"]+)"')
POSTGRES_SERVER = os.environ.get(
    "ANNOTATOR_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
EXPORTS = ["html", "md", "csv", "json", "w3c", "claimreview"]
MB = 1024 * 1024


@dataclass
class Engine:
    name: str
    url: str
    cleanup: list = field(default_factory=list)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def sqlite_engine(folder: Path) -> Engine:
    return Engine("SQLite", f"sqlite:///{folder / 'bench.sqlite3'}")


def postgres_engine() -> Engine | None:
    """Create a throwaway PostgreSQL database, or None when no server answers."""
    server = sa.make_url(POSTGRES_SERVER)
    admin = sa.create_engine(server, isolation_level="AUTOCOMMIT")
    name = f"annotator_bench_{uuid.uuid4().hex[:8]}"
    try:
        with admin.connect() as connection:
            connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    except sa.exc.OperationalError as error:
        print(f"PostgreSQL skipped: {error.orig}")
        return None

    def drop() -> None:
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))

    url = server.set(database=name).render_as_string(hide_password=False)
    return Engine("PostgreSQL", url, [drop])


def bench_app(url: str):
    """Build the app for timing in this process, with a gunicorn worker's collector settings."""
    from annotator import create_app
    from annotator.web.serving import tune_garbage_collector

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench", "TESTING": True})
    tune_garbage_collector()
    return app


def prepare(engine: Engine, sentences: int, reviewers: int) -> tuple[int, str]:
    """Migrate and fill the database with the reviewed article; return its id and an e-mail."""
    from flask_migrate import upgrade

    from annotator.extensions import db
    from annotator.services import teams
    from bench.workload import build_reviewed_article

    app = bench_app(engine.url)
    with app.app_context():
        upgrade()
        team = teams.create_team("Bench desk", "bench-desk")
        reviewed = build_reviewed_article(team, sentences, reviewers, PASSWORD)
        db.session.commit()
        found = reviewed.article.id, reviewed.editor.email
        db.session.remove()
        db.engine.dispose()
    return found


def start_server(
    url: str, port: int, workers: int, app: str = "annotator:create_app()"
) -> subprocess.Popen:
    """Serve the app with gunicorn on the loopback address; wait until it answers."""
    env = {**os.environ, "ANNOTATOR_DATABASE_URL": url, "ANNOTATOR_SECRET_KEY": "bench key"}
    command = [sys.executable, "-m", "gunicorn", app, "--config", "python:annotator.web.serving"]
    command += ["--bind", f"127.0.0.1:{port}", "--workers", str(workers)]
    command += ["--log-level", "warning", "--timeout", "300"]
    server = subprocess.Popen(command, cwd=ROOT, env=env)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            requests.get(f"http://127.0.0.1:{port}/healthz", timeout=10)
            return server
        except requests.RequestException:  # not listening yet, or workers still booting
            time.sleep(0.2)
    server.terminate()
    raise RuntimeError("gunicorn did not start")


def log_in(base: str, email: str) -> dict[str, str]:
    """Log in through the real form; return the cookies every client sends."""
    session = requests.Session()
    token = CSRF.search(session.get(f"{base}/login", timeout=60).text).group(1)
    data = {"csrf_token": token, "email": email, "password": PASSWORD}
    session.post(f"{base}/login", data=data, timeout=60, allow_redirects=False)
    return session.cookies.get_dict()


def worker_pids(master: int) -> list[int]:
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return [int(pid) for pid in children]


def peak_rss_mb(master: int) -> float:
    """Return the highest peak resident set size (VmHWM) among the server's workers."""
    peaks = []
    for pid in worker_pids(master):
        status = Path(f"/proc/{pid}/status").read_text()
        peaks.append(int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1)) / 1024)
    return max(peaks)


def serve_and_measure(
    engine: Engine, args, article_id: int, email: str
) -> tuple[list[Timing], list[tuple[str, float]]]:
    """Time the pages on a multi-worker server; then one worker's memory after every page."""
    routes = {
        "/healthz (stack floor)": "/healthz",
        "article page": f"/articles/{article_id}",
        "sentence page": f"/articles/{article_id}/sentences/0",
        "settle view": f"/articles/{article_id}/settle",
        "review queue": f"/review?article={article_id}",
        "HTML report export": f"/articles/{article_id}/export/html",
    }
    cookies: dict = {}

    def time_pages(base: str, _master: int) -> list[Timing]:
        cookies.update(log_in(base, email))
        return [measure(base + p, cookies, r, args.budget, args.clients) for r, p in routes.items()]

    def watch_memory(base: str, master: int) -> list[tuple[str, float]]:
        # The login cookie of the first server is valid here (same key, same database), so
        # this worker hashes no password until its last row (Argon2id, 19 MiB).
        readings = memory_after_pages(base, cookies, master, article_id, args.pdf)
        log_in(base, email)
        return [*readings, ("+ one login (Argon2id, 19 MiB)", peak_rss_mb(master))]

    timings = with_server(engine, args.workers, time_pages)
    return timings, with_server(engine, 1, watch_memory)


def with_server(engine: Engine, workers: int, work):
    """Run work(base URL, gunicorn master pid) against a fresh server, then stop it."""
    port = free_port()
    server = start_server(engine.url, port, workers)
    try:
        return work(f"http://127.0.0.1:{port}", server.pid)
    finally:
        server.terminate()
        server.wait(timeout=60)


def memory_after_pages(base: str, cookies: dict, master: int, article_id: int, pdf: bool) -> list:
    """Serve the article page and each export from one worker; report its peak RSS after."""
    steps = [("after start", None), ("+ article page", f"/articles/{article_id}")]
    steps += [(f"+ {name} export", f"/articles/{article_id}/export/{name}") for name in EXPORTS]
    if pdf:
        steps.append(("+ pdf export", f"/articles/{article_id}/export/pdf"))
    readings = []
    for label, path in steps:
        if path:
            fetch(base + path, cookies)
        readings.append((label, peak_rss_mb(master)))
    return readings


def time_import(engine: Engine, sentences: int, repeats: int) -> tuple[int, float, float]:
    """Return the text size, the best segmentation time and the best import time."""
    from annotator.extensions import db
    from annotator.services import teams
    from annotator.services.articles import ArticleDraft, import_article
    from annotator.text.normalise import normalise_text
    from annotator.text.segment import split_sentences
    from bench.workload import article_text

    text = article_text(sentences)
    segmenting, importing = [], []
    app = bench_app(engine.url)
    with app.app_context():
        for attempt in range(repeats):
            started = time.perf_counter()
            split_sentences(normalise_text(text))
            segmenting.append(time.perf_counter() - started)
            team = teams.create_team(f"Import {attempt}", f"import-{attempt}")
            db.session.commit()
            started = time.perf_counter()
            import_article(team, None, ArticleDraft("Big", text), max_bytes=4 * MB)
            db.session.commit()  # one transaction: the article, its sentences, the audit entry
            importing.append(time.perf_counter() - started)
        db.session.remove()
        db.engine.dispose()
    return len(text.encode()), min(segmenting), min(importing)


def table_line(cells: list, widths: list[int]) -> str:
    """Left-align the first column, right-align the figures."""
    padded = [str(cells[0]).ljust(widths[0])]
    padded += [str(c).rjust(w) for c, w in zip(cells[1:], widths[1:], strict=True)]
    return "| " + " | ".join(padded) + " |"


def print_table(title: str, header: list[str], rows: list[list]) -> None:
    widths = [max(len(str(c)) for c in column) for column in zip(header, *rows, strict=True)]
    print(f"\n{title}\n")
    print(table_line(header, widths))
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for row in rows:
        print(table_line(row, widths))


def page_rows(engine: Engine, timings: list[Timing]) -> list[list]:
    floor = timings[0]
    return [
        [
            engine.name,
            t.route,
            f"{t.p(0.5):.1f}",
            f"{t.p(0.95):.1f}",
            f"{t.p(0.5) / floor.p(0.5):.0f}x",
            f"{t.throughput:.1f}",
            f"{t.throughput / floor.throughput:.3f}",
            str(t.errors),
        ]
        for t in timings
    ]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=2000)
    parser.add_argument("--reviewers", type=int, default=5)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers for pages")
    parser.add_argument("--clients", type=int, default=4, help="concurrent clients per page")
    parser.add_argument("--budget", type=float, default=8.0, help="seconds per measurement")
    parser.add_argument("--import-sentences", type=int, default=11_800, help="about 1 MB")
    parser.add_argument("--repeats", type=int, default=3, help="import attempts (best kept)")
    parser.add_argument("--pdf", action="store_true", help="also export the PDF (slow)")
    parser.add_argument("--sqlite-only", action="store_true")
    return parser.parse_args()


def machine() -> str:
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return (
        f"{os.cpu_count()} cores, {platform.machine()}, Python {platform.python_version()}, "
        f"load average {load} at start"
    )


def run_engine(engine: Engine, args, tables: dict) -> None:
    article_id, email = prepare(engine, args.sentences, args.reviewers)
    size, segmenting, importing = time_import(engine, args.import_sentences, args.repeats)
    tables["import"].append([
        engine.name, f"{size / MB:.2f} MB", str(args.import_sentences),
        f"{segmenting:.2f}", f"{importing:.2f}", f"{importing / segmenting:.2f}",
        "yes" if importing < 2 * segmenting else "NO",
    ])  # fmt: skip
    figures = time_floor(bench_app(engine.url), article_id, email, PASSWORD, args.budget)
    timings, memory = serve_and_measure(engine, args, article_id, email)
    tables["pages"] += page_rows(engine, timings)
    tables["memory"] += [
        [engine.name, label, f"{mb:.0f}", "yes" if mb < 150 else "NO"] for label, mb in memory
    ]
    tables["summary"] = summary_column(figures, segmenting, importing, memory)


def print_tables(args, tables: dict) -> None:
    print_table(
        "Import of one article in one transaction (best of "
        f"{args.repeats}; target: under 2x segmentation alone)",
        ["engine", "size", "sentences", "segment s", "import s", "ratio", "met"],
        tables["import"],
    )
    print_table(
        "Pages under gunicorn (p50/p95: one client in sequence; req/s: "
        f"{args.clients} clients at once; floor: /healthz on the same server)",
        ["engine", "route", "p50 ms", "p95 ms", "p50/floor", "req/s", "req/s/floor", "errors"],
        tables["pages"],
    )
    print_table(
        "Peak RSS of one gunicorn worker (VmHWM), cumulative (target: under 150 MB)",
        ["engine", "after", "MB", "met"],
        tables["memory"],
    )


def summary_column(figures, segmenting: float, importing: float, memory: list) -> dict:
    """Return one engine's figures for the side-by-side table, by row label."""
    ms = "{:.0f} ms".format
    column = {
        "article page (in process)": ms(figures.page * 1000),
        "floor: SQL + render": f"{ms(figures.fetching * 1000)} + {ms(figures.rendering * 1000)}",
        "page / floor (target <= 1.5)": verdict(figures.page / figures.floor, 1.5),
        "HTML report": ms(figures.report * 1000),
        "report / page, in turns (target < 2)": verdict(figures.report / figures.paired_page, 2),
        "import / segmentation (target < 2)": verdict(importing / segmenting, 2),
    }
    for label, mb in memory:
        column[f"peak RSS {label} (target < 150)"] = f"{mb:.0f} MB {'ok' if mb < 150 else 'NO'}"
    return column


def verdict(ratio: float, target: float) -> str:
    return f"{ratio:.2f} {'ok' if ratio <= target else 'NO'}"


def print_side_by_side(columns: dict[str, dict]) -> None:
    """Print every engine's summary as a column, one measure a row."""
    labels = list(dict.fromkeys(label for column in columns.values() for label in column))
    rows = [[label, *(c.get(label, "-") for c in columns.values())] for label in labels]
    print_table(
        "Both engines: page against its floor and the report against the page (median, in "
        "process), import, and one worker's cumulative peak RSS (VmHWM) after each step",
        ["measure", *columns],
        rows,
    )


def main() -> None:
    args = parse_args()
    print(f"Machine: {machine()}")
    print(
        f"Article: {args.sentences} sentences, {args.reviewers} reviewers "
        f"({args.sentences * args.reviewers} annotations); gunicorn {args.workers} workers, "
        f"{args.clients} clients, {args.budget:.0f} s per measurement"
    )
    with tempfile.TemporaryDirectory() as folder:
        engines = [sqlite_engine(Path(folder))]
        if not args.sqlite_only and (postgres := postgres_engine()):
            engines.append(postgres)
        columns: dict[str, dict] = {}
        for engine in engines:
            tables: dict = {"import": [], "pages": [], "memory": []}
            try:
                run_engine(engine, args, tables)
            finally:
                for step in engine.cleanup:
                    step()
            print(f"\n## {engine.name}")
            print_tables(args, tables)
            sys.stdout.flush()
            columns[engine.name] = tables["summary"]
        print_side_by_side(columns)


if __name__ == "__main__":
    main()
