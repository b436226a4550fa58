"""Team memory lookup time with 10,000 articles' worth of settled sentences (synthetic, SQLite)."""

import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import sqlalchemy as sa  # noqa: E402
from flask_migrate import upgrade  # noqa: E402

from annotator import create_app  # noqa: E402
from annotator.extensions import db  # noqa: E402
from annotator.models import Article, Resolution, Sentence, SettledClaim, Team  # noqa: E402
from annotator.services.articles import sha256_of  # noqa: E402
from annotator.services.memory import settled_matches  # noqa: E402

ARTICLES = 10_000
SETTLED_PER_ARTICLE = 3
LOOKUPS = 200
SEED = 10

BODIES = [
    "the health ministry",
    "the central bank",
    "the police",
    "the World Health Organization",
    "the statistics office",
    "the customs agency",
    "the education department",
    "the UN agency",
    "the energy regulator",
    "the coast guard",
    "the election commission",
    "the city council",
]
SUBJECTS = [
    "overdose deaths",
    "unemployment",
    "inflation",
    "measles cases",
    "asylum claims",
    "drug seizures",
    "school absences",
    "house prices",
    "emissions",
    "hospital admissions",
    "road deaths",
    "tourist arrivals",
    "fentanyl precursors",
    "power cuts",
    "wildfires",
]
PLACES = [
    "Beijing",
    "Mexico",
    "Ohio",
    "Kenya",
    "Bavaria",
    "Lagos",
    "Manila",
    "Quebec",
    "Kerala",
    "Valencia",
    "Gdansk",
    "Tasmania",
    "Cusco",
    "Hokkaido",
    "Galway",
    "Tijuana",
]
VERBS = ["rose", "fell", "doubled", "dropped", "climbed", "reached"]


def claim(rng: random.Random) -> str:
    """Return a synthetic settled sentence: who said what figure about where, and when."""
    return (
        f"According to {rng.choice(BODIES)}, {rng.choice(SUBJECTS)} in {rng.choice(PLACES)} "
        f"{rng.choice(VERBS)} to {rng.randint(100, 99_999):,} in {rng.randint(2000, 2024)}."
    )


def reworded(text: str) -> str:
    """Reword a settled sentence a little, as another article would."""
    return text.replace("According to", "Figures from").replace(",", "", 1) + " Officials said."


def fill(team_id: int, rng: random.Random) -> list[str]:
    """Insert the articles, their sentences, resolutions and settled claims; return claims."""
    claims = []
    for first in range(0, ARTICLES, 500):
        articles, sentences, resolutions, settled = [], [], [], []
        for number in range(first, first + 500):
            parts = [claim(rng) for _ in range(SETTLED_PER_ARTICLE)]
            text = " ".join(parts)
            articles.append(
                {
                    "id": team_id * 1_000_000 + number,
                    "team_id": team_id,
                    "title": f"A{number}",
                    "text": text,
                    "sha256": sha256_of(text),
                }
            )
            start = 0
            for index, part in enumerate(parts):
                sentence_id = (team_id * 1_000_000 + number) * 10 + index
                sentences.append(
                    {
                        "id": sentence_id,
                        "article_id": articles[-1]["id"],
                        "index": index,
                        "start": start,
                        "end": start + len(part),
                        "paragraph": 0,
                    }
                )
                resolutions.append(
                    {
                        "id": sentence_id,
                        "sentence_id": sentence_id,
                        "article_id": articles[-1]["id"],
                        "verdict": "disputed",
                        "rationale": "x",
                    }
                )
                settled.append(
                    {
                        "resolution_id": sentence_id,
                        "team_id": team_id,
                        "article_id": articles[-1]["id"],
                        "text": part,
                    }
                )
                start += len(part) + 1
            claims.extend(parts)
        for model, rows in (
            (Article, articles),
            (Sentence, sentences),
            (Resolution, resolutions),
            (SettledClaim, settled),
        ):
            db.session.execute(sa.insert(model), rows)
        db.session.commit()
    return claims


def main() -> None:
    rng = random.Random(SEED)
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "memory.sqlite3"
        app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}", "SECRET_KEY": "bench"})
        with app.app_context():
            upgrade()
            teams = [Team(name=f"Team {n}", slug=f"team-{n}") for n in (1, 2)]
            db.session.add_all(teams)
            db.session.commit()
            started = time.perf_counter()
            ours = fill(teams[0].id, rng)
            fill(teams[1].id, rng)  # a second team as large, which must never match
            filled = time.perf_counter() - started
            probe_texts = [reworded(text) for text in rng.sample(ours, LOOKUPS)]
            times, found = [], 0
            for text in probe_texts:
                article = Article(
                    team_id=teams[0].id,
                    title="Probe",
                    text=text,
                    sha256=sha256_of(text + str(rng.random())),
                )
                db.session.add(article)
                db.session.flush()
                sentence = Sentence(
                    article_id=article.id, index=0, start=0, end=len(text), paragraph=0
                )
                db.session.add(sentence)
                db.session.flush()
                began = time.perf_counter()
                matches = settled_matches(sentence)
                times.append(time.perf_counter() - began)
                found += bool(matches)
                assert all(m.article.team_id == teams[0].id for m in matches)
                db.session.rollback()
            db.engine.dispose()
    times.sort()
    settled_count = ARTICLES * SETTLED_PER_ARTICLE
    print(
        f"Team memory: {ARTICLES:,} articles, {settled_count:,} settled sentences per team, 2 teams"
    )
    print(f"  filled in {filled:.1f} s; {LOOKUPS} lookups of reworded settled sentences")
    print(
        f"  median {statistics.median(times) * 1000:.1f} ms, "
        f"p95 {times[int(0.95 * len(times))] * 1000:.1f} ms, max {times[-1] * 1000:.1f} ms"
    )
    print(f"  found a settled match for {found}/{LOOKUPS}; none from the other team")


if __name__ == "__main__":
    main()
