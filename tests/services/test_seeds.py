"""Seeding the demo newsroom."""

import json
from pathlib import Path

import pytest
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


def write_seeds(folder: Path, spec: dict) -> Path:
    """An article without notes, and one whose notes hold only a reviewer's plain verdict."""
    (folder / "plain.txt").write_text("Rain fell in Geneva.\n", encoding="utf-8")
    (folder / "talks.txt").write_text(
        "Talks began on Monday. They ended early.\n", encoding="utf-8"
    )
    (folder / "talks.annotations.json").write_text(json.dumps(spec), encoding="utf-8")
    return folder


def plain_verdict(begins: str) -> dict:
    annotation = {"sentence_begins": begins, "verdict": "unverified"}
    return {"reviewers": [{"email": "ana@example.org", "name": "Ana", "annotations": [annotation]}]}


def test_seed_team_takes_articles_without_notes_and_notes_without_span_or_editor(team, tmp_path):
    report = seed_team(team, write_seeds(tmp_path, plain_verdict("They ended")))
    assert (report.articles_created, report.annotations_created) == (2, 1)
    assert (report.responses_created, report.settlements_created) == (0, 0)
    annotation = db.session.scalars(sa.select(Annotation)).one()
    assert (annotation.sentence.index, annotation.has_span) == (1, False)


def test_seed_team_refuses_a_note_on_a_sentence_the_article_lacks(team, tmp_path):
    with pytest.raises(LookupError, match="begins with 'They never'"):
        seed_team(team, write_seeds(tmp_path, plain_verdict("They never")))
