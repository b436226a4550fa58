"""The demo's review content: a reply by the second reviewer, three settled sentences."""

from pathlib import Path

import sqlalchemy as sa

from annotator.extensions import db
from annotator.models import Resolution, Response, Stance, Verdict
from annotator.services.audit import verify_chain
from annotator.services.seeds import seed_team

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def test_seed_team_adds_a_disagreeing_reply_by_the_second_reviewer(team):
    report = seed_team(team, SEEDS)
    (response,) = db.session.scalars(sa.select(Response)).all()
    assert report.responses_created == 1
    assert response.stance is Stance.disagree
    assert response.responder.email == "sam.demo@example.org"
    assert response.annotation.reviewer.email == "maya.demo@example.org"


def test_seed_team_settles_three_sentences_with_rationales(team):
    seed_team(team, SEEDS)
    resolutions = db.session.scalars(sa.select(Resolution)).all()
    settled = {r.sentence.text_in(r.article.text)[:30]: r.verdict for r in resolutions}
    assert sorted(settled.values(), key=lambda v: v.value) == [
        Verdict.disputed,
        Verdict.disputed,
        Verdict.verified,
    ]
    assert all(r.rationale and r.settled_by.email == "edith.demo@example.org" for r in resolutions)


def test_seed_team_twice_adds_no_review_content(team):
    seed_team(team, SEEDS)
    again = seed_team(team, SEEDS)
    assert (again.responses_created, again.settlements_created) == (0, 0)
    assert verify_chain().intact
