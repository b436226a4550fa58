"""The sentence panel's read model: the flags, responses and final verdict a member may see."""

import pytest

from annotator.auth.permissions import Action
from annotator.extensions import db
from annotator.models import Article, ArticleState, Verdict
from annotator.services.annotations import AnnotationEntry, annotate_sentence
from annotator.services.discussion import post_comment
from annotator.services.sentence_panel import sentence_panel
from tests.exports.test_blind_review import build_desk, hidden_work


@pytest.fixture
def desk(make_member):
    desk = build_desk(make_member)
    hidden_work(desk)
    return desk


def test_blinded_reviewer_sees_a_count_and_no_judgement(desk):
    panel = sentence_panel(desk.bo, desk.sentence(1))
    assert (panel.teammates, panel.hidden_flags, panel.resolution) == ([], 1, None)
    assert panel.responses == {}


def test_own_verdict_shows_teammates_responses_and_the_final_verdict(desk):
    annotate_sentence(desk.bo, desk.sentence(1), AnnotationEntry(Verdict.verified))
    annotate_sentence(desk.bo, desk.sentence(0), AnnotationEntry(Verdict.verified))
    db.session.commit()
    first, second = (
        sentence_panel(desk.bo, desk.sentence(0)),
        sentence_panel(desk.bo, desk.sentence(1)),
    )
    assert [a.note for a in first.teammates] == ["TESS-NOTE-FIRST"]
    assert [r.comment for r in first.responses[first.teammates[0].id]] == ["EDA-RESPONSE-FIRST"]
    assert second.hidden_flags == 0
    assert second.resolution.rationale == "EDA-RATIONALE-SECOND"


def test_viewer_waits_for_settlement(desk):
    panel = sentence_panel(desk.viewer, desk.sentence(2))
    assert (panel.teammates, panel.hidden_flags) == ([], 1)  # Bo's verdict too
    assert not panel.may(Action.annotate)
    db.session.get(Article, desk.article.id).state = ArticleState.settled
    db.session.commit()
    assert [a.note for a in sentence_panel(desk.viewer, desk.sentence(2)).teammates] == [
        "BO-OWN-NOTE"
    ]


def test_discussion_is_open_to_every_member(desk):
    post_comment(desk.tess, desk.sentence(0), "Which budget line?")
    db.session.commit()
    for reader in (desk.bo, desk.viewer):
        assert [t.body for t in sentence_panel(reader, desk.sentence(0)).threads] == [
            "Which budget line?"
        ]


def test_published_article_is_read_only_but_settling_stays_an_editors(desk):
    article = db.session.get(Article, desk.article.id)
    article.state = ArticleState.published
    db.session.commit()
    panel = sentence_panel(desk.editor, desk.sentence(0))
    assert panel.read_only
    assert not panel.may(Action.annotate)
    assert panel.may(Action.settle)
