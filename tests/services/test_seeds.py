"""Seeding the demo newsroom."""

from pathlib import Path

import sqlalchemy as sa

from annotator.extensions import db
from annotator.models import Annotation, Verdict
from annotator.services.accounts import find_user_by_email, user_count
from annotator.services.seeds import seed_team

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def test_seed_team_shows_the_disputed_body_with_span_and_source(team):
    seed_team(team, SEEDS)
    disputed = db.session.scalars(
        sa.select(Annotation).where(Annotation.verdict == Verdict.disputed)
    ).all()
    spans = {a.article.text[a.span_start : a.span_end]: a for a in disputed if a.has_span}
    flag = spans["International Narcotics Control"]
    assert flag.sources[0].url == "https://www.incb.org/"
    assert "Board" in flag.note


def test_seed_team_demo_reviewers_cannot_log_in(team):
    seed_team(team, SEEDS)
    maya = find_user_by_email("maya.demo@example.org")
    assert maya is not None
    assert maya.password_hash is None
    assert user_count() == 0


def test_seed_team_reviewers_partly_disagree(team):
    seed_team(team, SEEDS)
    rows = db.session.execute(sa.select(Annotation.sentence_id, Annotation.verdict)).all()
    by_sentence: dict[int, set] = {}
    for sentence_id, verdict in rows:
        by_sentence.setdefault(sentence_id, set()).add(verdict)
    assert sum(len(verdicts) > 1 for verdicts in by_sentence.values()) >= 2


def test_seed_team_twice_adds_nothing(team):
    first = seed_team(team, SEEDS)
    second = seed_team(team, SEEDS)
    assert first.articles_created == 1
    assert (second.articles_created, second.annotations_created) == (0, 0)
