"""Reading a whole article through the API, on SQLite and PostgreSQL side by side.

The article of issue 20: 3,850 sentences with 6,214 annotations (two reviewers, some
sentences judged once), served by gunicorn as users deploy it. A client reads it two ways:

- paged: the article with its sentences, then every page of its annotations (100 a page,
  the largest page), following the `next` links;
- whole: one call to /articles/{id}/whole, a streamed NDJSON of every sentence with its
  annotations.

Target: the whole read in at most 0.3 s. Run with `python -m bench.reads` (see --help).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import requests  # noqa: E402
import sqlalchemy as sa  # noqa: E402

from bench.perf import (  # noqa: E402
    Engine,
    bench_app,
    machine,
    postgres_engine,
    prepare,
    print_table,
    sqlite_engine,
    with_server,
)

SENTENCES = 3850
ANNOTATIONS = 6214
TARGET_SECONDS = 0.3


def thin_and_token(engine: Engine, article_id: int, keep: int, email: str) -> str:
    """Keep ``keep`` annotations of the article (every fifth goes first); return a token."""
    from annotator.extensions import db
    from annotator.models import Annotation, User
    from annotator.services.tokens import create_token

    app = bench_app(engine.url)
    with app.app_context():
        ids = db.session.scalars(
            sa.select(Annotation.id).where(Annotation.article_id == article_id).order_by("id")
        ).all()
        surplus = ids[::5][: max(0, len(ids) - keep)]
        db.session.execute(sa.delete(Annotation).where(Annotation.id.in_(surplus)))
        editor = db.session.scalar(sa.select(User).where(User.email == email))
        _, secret = create_token(editor, "bench reads")
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    return secret


def read_paged(base: str, headers: dict, article_id: int) -> tuple[int, int]:
    """Read the article and every annotation page; return (calls, annotations)."""
    calls, count = 1, 0
    requests.get(f"{base}/api/v1/articles/{article_id}", headers=headers, timeout=60).json()
    url = f"{base}/api/v1/articles/{article_id}/annotations?limit=100"
    while url:
        answer = requests.get(url, headers=headers, timeout=60)
        answer.raise_for_status()
        page = answer.json()
        calls += 1
        count += len(page["items"])
        url = page["next"]
    return calls, count


def read_whole(base: str, headers: dict, article_id: int) -> tuple[int, int]:
    """Read the NDJSON stream; return (calls, annotations)."""
    answer = requests.get(f"{base}/api/v1/articles/{article_id}/whole", headers=headers, timeout=60)
    answer.raise_for_status()
    lines = answer.text.splitlines()
    return 1, sum(len(json.loads(line)["annotations"]) for line in lines[1:])


def timed(read, repeats: int) -> tuple[float, int, int]:
    """Return the median seconds of ``repeats`` reads (after one warm-up), calls, annotations."""
    calls, count = read()
    seconds = []
    for _ in range(repeats):
        started = time.perf_counter()
        read()
        seconds.append(time.perf_counter() - started)
    return statistics.median(seconds), calls, count


def measure_engine(engine: Engine, repeats: int) -> tuple[tuple, tuple]:
    """Return the paged and the whole read's (median seconds, calls, annotations)."""
    article_id, email = prepare(engine, SENTENCES, 2)
    secret = thin_and_token(engine, article_id, ANNOTATIONS, email)
    headers = {"Authorization": f"Bearer {secret}"}

    def work(base: str, _master: int) -> tuple[tuple, tuple]:
        paged = timed(lambda: read_paged(base, headers, article_id), repeats)
        whole = timed(lambda: read_whole(base, headers, article_id), repeats)
        return paged, whole

    return with_server(engine, 2, work)


def run_engine(engine: Engine, repeats: int) -> list[list]:
    paged, whole = measure_engine(engine, repeats)
    verdict = "met" if whole[0] <= TARGET_SECONDS else "MISSED"
    return [
        [engine.name, "paged (article + pages of 100)", *fmt(paged), "", ""],
        [engine.name, "whole (NDJSON stream)", *fmt(whole), f"{paged[0] / whole[0]:.1f}x", verdict],
    ]


def fmt(figures: tuple[float, int, int]) -> list:
    seconds, calls, count = figures
    return [f"{seconds:.3f}", calls, count]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeats", type=int, default=5, help="timed reads per way (median)")
    args = parser.parse_args()
    # The limiter is not what is measured: the paged read alone makes 64 calls a read.
    os.environ["ANNOTATOR_API_RATE_LIMIT"] = "1000000 per minute"
    print(f"Machine: {machine()}")
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        engines = [sqlite_engine(Path(folder)), postgres_engine()]
        for engine in filter(None, engines):
            try:
                rows += run_engine(engine, args.repeats)
            finally:
                for step in engine.cleanup:
                    step()
    print_table(
        f"Whole-article read, {SENTENCES:,} sentences, {ANNOTATIONS:,} annotations "
        f"(median of {args.repeats}; target: whole <= {TARGET_SECONDS} s)",
        ["engine", "way", "seconds", "calls", "annotations", "faster", "target"],
        rows,
    )
    print("\nReproduce: python -m bench.reads")


if __name__ == "__main__":
    main()
