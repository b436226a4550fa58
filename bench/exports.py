"""Measure the exports' performance targets: streamed memory and report rendering time.

1. W3C and JSON exports of a team with 100,000 annotations, streamed into a zip: the peak
   resident memory of the exporting process must stay within 50 MB of its idle size. Each
   export runs in a fresh child process, so one measurement cannot inherit another's peak.
2. The HTML report of a 2,000-sentence article with 5 reviewers must render in less than
   twice the time of the article page itself (both through the test client, logged in).

Run: python -m bench.exports [--annotations 100000] (uses a temporary SQLite database).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import sqlalchemy as sa  # noqa: E402

REVIEWERS = 5
PASSWORD = "bench password long enough"  # noqa: S105 - a throwaway database
MEMORY_LIMIT_MB = 50
SPEED_RATIO_LIMIT = 2.0
REPEATS = 5


def make_app(database: Path):
    from annotator import create_app

    return create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "bench",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}",
            "WTF_CSRF_ENABLED": False,
        }
    )


def article_text(number: int, sentences: int) -> str:
    """Return a distinct news-like text of the given number of sentences."""
    lines = []
    for index in range(sentences):
        lines.append(
            f"In story {number}, officials said figure {index} rose by {index % 97} percent."
        )
        if index % 6 == 5:
            lines.append("\n")
    return " ".join(lines).replace(" \n ", "\n")


def fill(database: Path, articles: int, sentences: int) -> int:
    """Create a team, 5 reviewers and articles whose every sentence each reviewer judged."""
    from flask_migrate import upgrade

    from annotator.extensions import db
    from annotator.models import Annotation, Role, Sentence, Source, Verdict
    from annotator.services import accounts, teams
    from annotator.services.articles import ArticleDraft, import_article

    app = make_app(database)
    with app.app_context():
        upgrade()
        team = teams.create_team("Bench desk", "bench-desk")
        reviewers = [
            accounts.create_user(f"r{n}@example.org", f"Reviewer {n}", PASSWORD if n == 0 else None)
            for n in range(REVIEWERS)
        ]
        for reviewer in reviewers:
            teams.set_membership(team, reviewer, Role.reviewer)
        verdicts = list(Verdict)
        now = datetime.now(UTC)
        last_id = 0
        for number in range(articles):
            draft = ArticleDraft(f"Bench story {number}", article_text(number, sentences))
            article = import_article(team, None, draft).article
            rows = db.session.execute(
                sa.select(Sentence.id, Sentence.start, Sentence.end).where(
                    Sentence.article_id == article.id
                )
            ).all()
            annotations = [
                {
                    "sentence_id": sentence_id,
                    "article_id": article.id,
                    "reviewer_id": reviewer.id,
                    "verdict": verdicts[(sentence_id + n) % 3],
                    "note": f"Checked against the ministry's table {sentence_id}.",
                    "span_start": start,
                    "span_end": min(end, start + 9),
                    "created_at": now,
                    "updated_at": now,
                }
                for sentence_id, start, end in rows
                for n, reviewer in enumerate(reviewers)
            ]
            db.session.execute(sa.insert(Annotation), annotations)
            first = db.session.scalar(
                sa.select(sa.func.min(Annotation.id)).where(Annotation.id > last_id)
            )
            last_id = first + len(annotations) - 1
            db.session.execute(
                sa.insert(Source),
                [
                    {"annotation_id": i, "position": 0, "url": f"https://example.org/t/{i}"}
                    for i in range(first, last_id + 1, 2)
                ],
            )
        db.session.commit()
        total = db.session.scalar(sa.select(sa.func.count()).select_from(Annotation))
        db.engine.dispose()
    return total


def rss_mb(field: str) -> float:
    """Return a memory figure of this process from /proc (VmRSS now, VmHWM peak) in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    raise LookupError(field)


def measure_memory(database: Path, format_name: str, target: Path) -> None:
    """Child process: export the team, print idle and peak RSS in MB."""
    from annotator.exports.bundle import TeamFilter, write_team_bundle
    from annotator.exports.registry import FORMATS
    from annotator.services.teams import find_team
    from annotator.services.visibility import host_visibility

    app = make_app(database)
    with app.app_context():
        team = find_team("bench-desk")
        # Start-up (imports, app factory) peaks above the idle size: reset the high-water
        # mark so that VmHWM measures the export alone (Linux: clear_refs value 5).
        Path("/proc/self/clear_refs").write_text("5")
        idle = rss_mb("VmRSS")
        start = time.perf_counter()
        with target.open("wb") as file:
            write_team_bundle(team, FORMATS[format_name], file, TeamFilter(), None, host_visibility)
        seconds = time.perf_counter() - start
    print(f"{idle:.1f} {rss_mb('VmHWM'):.1f} {seconds:.2f} {target.stat().st_size}")


def memory_rows(database: Path, workdir: Path) -> list[list[str]]:
    rows = []
    for format_name in ("w3c", "json"):
        target = workdir / f"team-{format_name}.zip"
        child = [sys.executable, "-m", "bench.exports", "--child", str(database), format_name]
        output = subprocess.run(
            [*child, str(target)], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.split()
        idle, peak, seconds, size = float(output[0]), float(output[1]), output[2], int(output[3])
        growth = peak - idle
        verdict = "pass" if growth <= MEMORY_LIMIT_MB else "FAIL"
        rows.append(
            [
                format_name,
                f"{idle:.1f}",
                f"{peak:.1f}",
                f"{growth:.1f}",
                f"{size / 1e6:.1f}",
                seconds,
                verdict,
            ]
        )
    return rows


def fetch_seconds(client, url: str) -> float:
    """Return the wall time of fetching a page completely."""
    start = time.perf_counter()
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    assert response.data
    return time.perf_counter() - start


def timed_in_turns(client, urls: list[str]) -> list[float]:
    """Return each page's median time, fetched in turns after a warm-up of each.

    Alternating spreads the machine's noise (other processes, CPU frequency) over both pages
    alike, so their ratio holds even when their absolute times drift.
    """
    for url in urls:
        fetch_seconds(client, url)
    times: list[list[float]] = [[] for _ in urls]
    for _ in range(REPEATS):
        for url, measured in zip(urls, times, strict=True):
            measured.append(fetch_seconds(client, url))
    return [statistics.median(measured) for measured in times]


def speed_row(database: Path) -> list[str]:
    from annotator.extensions import db
    from annotator.models import Article
    from annotator.web.serving import tune_garbage_collector

    app = make_app(database)
    tune_garbage_collector()  # as a gunicorn worker does once the app is loaded
    with app.app_context():
        article_id = db.session.scalar(sa.select(Article.id).order_by(Article.id))
        client = app.test_client()
        login = client.post("/login", data={"email": "r0@example.org", "password": PASSWORD})
        assert login.status_code == 302, login.status_code
        urls = [f"/articles/{article_id}", f"/articles/{article_id}/export/html"]
        page, report = timed_in_turns(client, urls)
    ratio = report / page
    verdict = "pass" if ratio < SPEED_RATIO_LIMIT else "FAIL"
    return [f"{page * 1000:.0f}", f"{report * 1000:.0f}", f"{ratio:.2f}", verdict]


def table(header: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(str(cell)) for cell in column) for column in zip(header, *rows, strict=True)]
    lines = [
        " | ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True))
        for row in [header, *rows]
    ]
    lines.insert(1, "-+-".join("-" * w for w in widths))
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--annotations", type=int, default=100_000)
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        database, format_name, target = args.child
        measure_memory(Path(database), format_name, Path(target))
        return
    with tempfile.TemporaryDirectory() as folder:
        workdir = Path(folder)
        team_db, article_db = workdir / "team.sqlite3", workdir / "article.sqlite3"
        sentences_per_article = 1000
        articles = max(1, args.annotations // (sentences_per_article * REVIEWERS))
        total = fill(team_db, articles, sentences_per_article)
        print(f"\nTeam export: {articles} articles, {total:,} annotations, streamed into a zip")
        print(
            table(
                [
                    "format",
                    "idle MB",
                    "peak MB",
                    "growth MB",
                    "zip MB",
                    "seconds",
                    f"≤ {MEMORY_LIMIT_MB} MB",
                ],
                memory_rows(team_db, workdir),
            )
        )
        fill(article_db, 1, 2000)
        print(
            f"\nHTML report vs article page: 2,000 sentences × {REVIEWERS} reviewers "
            f"(median of {REPEATS}, in turns)"
        )
        print(
            table(
                ["page ms", "report ms", "ratio", f"< {SPEED_RATIO_LIMIT}×"],
                [speed_row(article_db)],
            )
        )


if __name__ == "__main__":
    main()
