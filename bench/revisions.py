"""Measure revising a large article against importing it.

A ~1 MB article (about 11,000 sentences) is imported, 2 reviewers judge every 5th sentence
(with a span), then a revised text replaces it: one sentence in 40 has a corrected figure,
one paragraph in 60 is removed and a new paragraph is added every 80. The table gives the
import time, the revision time (re-anchoring, sentence rows, every annotation moved) and the
pure re-anchoring time, each the best of a few runs on a fresh SQLite database.

Run: python -m bench.revisions [--bytes 1000000] [--repeats 3]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PLACES = ["Geneva", "Beijing", "Mexico City", "Ottawa", "Lagos", "Lima", "Oslo", "Hanoi"]
BODIES = ["the ministry", "the council", "the board", "the agency", "the court", "the bank"]


def sentence(index: int, figure: int | None = None) -> str:
    """Return a distinct news-like sentence; ``figure`` replaces its number (a correction)."""
    place, body = PLACES[index % len(PLACES)], BODIES[index % len(BODIES)]
    number = index % 97 if figure is None else figure
    return (
        f"In {place}, {body} said on day {index} that shipments rose by {number} percent "
        f"compared with the year before."
    )


def original_text(size: int) -> list[list[int]]:
    """Return paragraphs of sentence numbers making about ``size`` bytes of text."""
    count = size // len(sentence(5000).encode()) + 1
    return [list(range(start, min(start + 6, count))) for start in range(0, count, 6)]


def render(paragraphs: list[list[int]], corrected: set[int], added: dict[int, str]) -> str:
    """Return the text of the paragraphs, with corrected figures and added paragraphs."""
    blocks = []
    for number, paragraph in enumerate(paragraphs):
        blocks.append(
            " ".join(sentence(i, i % 97 + 1 if i in corrected else None) for i in paragraph)
        )
        if number in added:
            blocks.append(added[number])
    return "\n\n".join(blocks)


def texts(size: int) -> tuple[str, str]:
    """Return the original text and its revision."""
    paragraphs = original_text(size)
    old = render(paragraphs, set(), {})
    kept = [p for n, p in enumerate(paragraphs) if n % 60 != 59]
    corrected = {i for p in kept for i in p if i % 40 == 7}
    added = {n: f"An editor's note number {n} was added here." for n in range(0, len(kept), 80)}
    return old, render(kept, corrected, added)


def make_app(database: Path):
    from annotator import create_app

    return create_app(
        {"TESTING": True, "SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}"}
    )


def run_once(old: str, new: str) -> tuple[float, float, int, int]:
    """Import, annotate, revise on a fresh database; return both times and the counts moved."""
    from flask_migrate import upgrade

    from annotator.extensions import db
    from annotator.models import Role, Verdict
    from annotator.services import accounts, teams
    from annotator.services.annotations import AnnotationEntry, annotate_sentence
    from annotator.services.articles import ArticleDraft, import_article
    from annotator.services.revisions import revise_article

    with tempfile.TemporaryDirectory() as folder:
        app = make_app(Path(folder) / "bench.sqlite3")
        with app.app_context():
            upgrade()
            team = teams.create_team("Bench desk", "bench-desk")
            editor = accounts.create_user("e@example.org", "Editor", None)
            teams.set_membership(team, editor, Role.editor)
            reviewers = [accounts.create_user(f"r{n}@example.org", f"R{n}", None) for n in (1, 2)]
            for reviewer in reviewers:
                teams.set_membership(team, reviewer, Role.reviewer)
            db.session.commit()
            started = time.perf_counter()
            article = import_article(team, editor, ArticleDraft("Large", old)).article
            db.session.commit()
            imported = time.perf_counter() - started
            annotations = 0
            for row in article.sentences[::5]:
                for reviewer in reviewers:
                    span = (row.start + 3, row.start + 9)
                    entry = AnnotationEntry(Verdict.disputed, "Check.", span)
                    annotate_sentence(reviewer, row, entry)
                    annotations += 1
            db.session.commit()
            started = time.perf_counter()
            report = revise_article(article, editor, ArticleDraft("Large", new))
            db.session.commit()
            revised = time.perf_counter() - started
            db.session.remove()
            db.engine.dispose()
    return imported, revised, annotations, report.unplaced_count


def anchoring_time(old: str, new: str) -> float:
    """Return the time of the pure re-anchoring of every sentence (no database)."""
    from annotator.text.anchoring import map_sentences
    from annotator.text.segment import split_sentences

    old_spans = [(s.start, s.end) for s in split_sentences(old)]
    new_spans = [(s.start, s.end) for s in split_sentences(new)]
    started = time.perf_counter()
    map_sentences(old, old_spans, new, new_spans)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bytes", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=2)
    args = parser.parse_args()
    old, new = texts(args.bytes)
    runs = [run_once(old, new) for _ in range(args.repeats)]
    imported = min(run[0] for run in runs)
    revised = min(run[1] for run in runs)
    anchoring = min(anchoring_time(old, new) for _ in range(args.repeats))
    _, _, annotations, unplaced = runs[0]
    print(f"Revisions: {len(old.encode()):,} bytes -> {len(new.encode()):,} bytes")
    print(f"{'measure':<44}{'seconds':>10}")
    print(f"{'import (segment, store sentences)':<44}{imported:>10.3f}")
    print(f"{'revise (' + str(annotations) + ' annotations moved)':<44}{revised:>10.3f}")
    print(f"{'  of which re-anchoring sentences':<44}{anchoring:>10.3f}")
    print(f"{'revise / import':<44}{revised / imported:>10.2f}")
    print(f"unplaced by the revision: {unplaced} (annotations on removed paragraphs)")


if __name__ == "__main__":
    main()
