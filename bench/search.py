"""Measure search on a team with one reviewed article of ~2,000 sentences, on both engines.

The article comes from bench/workload.py: 3 reviewers judge every sentence (a note on one
annotation in five, a source on three in ten), with responses, comments and final verdicts
on every tenth sentence. Each query is run as the editor (who sees everything) and as a
reviewer under blind review; the table gives the first search on a fresh process (on SQLite
it adds the article's title and sentences to the FTS5 index) and the median of the next runs.

Run: python -m bench.search [--sentences 2000] [--repeats 7]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.perf import Engine, bench_app, postgres_engine, sqlite_engine  # noqa: E402

PASSWORD = "bench password, long enough"  # noqa: S105 - a throwaway account
#: Queries: many hits of every kind, a word form, a prefix, a phrase, and nothing.
QUERIES = ["budget", "tables", "distr", '"council spent"', "roads 1234", "girder"]


def timed(call) -> tuple[float, object]:
    start = time.perf_counter()
    answer = call()
    return (time.perf_counter() - start) * 1000, answer


def measure(engine: Engine, sentences: int, repeats: int) -> list[tuple]:
    """Fill the engine's database, then time each query; return table rows."""
    from flask_migrate import upgrade

    from annotator.extensions import db
    from annotator.models import User
    from annotator.services import teams
    from annotator.services.search import SearchQuery, group_by_article, search_teams
    from bench.workload import build_reviewed_article

    app = bench_app(engine.url)
    rows = []
    with app.app_context():
        upgrade()
        team = teams.create_team("Bench desk", "bench-desk")
        reviewed = build_reviewed_article(team, sentences, 3, PASSWORD)
        reviewed.article.blind_review = True
        db.session.commit()
        people = {"editor": reviewed.editor.id, "reviewer": reviewed.reviewers[1].id}
        db.session.remove()
        for who, user_id in people.items():
            for text in QUERIES:
                user = db.session.get(User, user_id)

                def search(user=user, text=text):
                    return group_by_article(search_teams(user, SearchQuery(text)))

                first, _ = timed(search)
                db.session.commit()
                runs = [timed(search) for _ in range(repeats)]
                hits = sum(len(group.hits) for group in runs[-1][1])
                median = statistics.median(ms for ms, _ in runs)
                rows.append((engine.name, who, text, hits, first, median))
                db.session.remove()
        db.engine.dispose()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=2000)
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        engines = [sqlite_engine(Path(folder)), postgres_engine()]
        for engine in filter(None, engines):
            try:
                rows += measure(engine, args.sentences, args.repeats)
            finally:
                for cleanup in engine.cleanup:
                    cleanup()
    print(f"Search, one article of {args.sentences} sentences x 3 reviewers (ms)")
    print(f"{'engine':<11} {'as':<9} {'query':<16} {'hits':>5} {'first':>8} {'median':>8}")
    for name, who, text, hits, first, median in rows:
        print(f"{name:<11} {who:<9} {text:<16} {hits:>5} {first:>8.1f} {median:>8.1f}")


if __name__ == "__main__":
    main()
