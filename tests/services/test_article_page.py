"""The article page's read model: one call, blind review applied, templates left to render."""

import pytest
import sqlalchemy as sa

from annotator.auth.permissions import Action
from annotator.errors import NotFound
from annotator.extensions import db
from annotator.models import AuditEvent, Role, Verdict
from annotator.services.annotations import AnnotationEntry, annotate_sentence
from annotator.services.article_page import (
    article_page,
    article_part,
    article_summary,
    sentence_marks,
)
from annotator.services.teams import create_team
from tests.exports.test_blind_review import build_desk, hidden_work


@pytest.fixture
def desk(make_member):
    desk = build_desk(make_member)
    hidden_work(desk)
    return desk


def verdicts(flags: dict) -> dict[int, list[str]]:
    return {sentence: sorted(f.verdict.value for f in rows) for sentence, rows in flags.items()}


def test_blinded_reviewer_gets_only_his_own_flags_and_figures(desk):
    page = article_page(desk.bo, desk.article, 1)
    ids = [s.id for s in page.sentences]
    assert page.visibility.blinded
    assert page.part_sentences == page.sentences  # three sentences: one part
    assert verdicts(page.flags) == {ids[2]: ["verified"]}
    assert page.progress.verdict_counts == {
        v: int(v.value == "verified") for v in page.progress.verdict_counts
    }
    assert page.progress.with_any_verdict == 3  # how far the review has come is no secret
    assert (page.review.figures.sentences_compared, page.review.disagreements) == (0, [])


def test_editor_gets_every_flag(desk):
    page = article_page(desk.editor, desk.article, 1)
    ids = [s.id for s in page.sentences]
    assert verdicts(page.flags) == {
        ids[0]: ["disputed"],
        ids[1]: ["unverified"],
        ids[2]: ["verified"],
    }
    assert page.can_revise
    assert page.may(Action.settle)


def test_disagreements_come_by_position_once_the_reviewer_judged_there(desk):
    annotate_sentence(desk.bo, desk.sentence(0), AnnotationEntry(Verdict.verified))
    db.session.commit()
    assert article_page(desk.editor, desk.article, 1).review.disagreements == [0]
    assert article_page(desk.bo, desk.article, 1).review.disagreements == [0]
    assert article_page(desk.viewer, desk.article, 1).review.disagreements == []


def test_viewer_gets_no_flag_before_settlement(desk):
    page = article_page(desk.viewer, desk.article, 1)
    assert page.flags == {}
    assert not page.can_annotate
    assert not page.can_revise


def test_live_cursor_is_the_articles_newest_event(desk):
    newest = db.session.scalar(
        sa.select(sa.func.max(AuditEvent.id)).where(AuditEvent.article_id == desk.article.id)
    )
    assert article_page(desk.bo, desk.article, 1).live_cursor == newest


def test_later_parts_and_redrawn_sentences_follow_blind_review(desk):
    assert article_part(desk.bo, desk.article, 2) is None  # three sentences: one part
    part = article_part(desk.bo, desk.article, 1)
    assert [len(part.flags.get(s.id, [])) for s in part.sentences] == [0, 0, 1]
    marks = sentence_marks(desk.bo, desk.article, [0, 1])
    assert marks.flags == {}
    editors = sentence_marks(desk.editor, desk.article, [0])
    assert [len(rows) for rows in editors.flags.values()] == [1]


def test_templates_get_no_query_running_helpers(app):
    env = app.jinja_env
    assert "visible_to" not in env.filters
    assert not {"article_review", "article_revisions", "live_cursor"} & set(env.globals)


def test_summary_counts_only_the_verdicts_the_member_may_see(desk):
    summary = article_summary(desk.bo, desk.article)
    assert summary.progress == article_page(desk.bo, desk.article, 1).progress
    assert summary.progress.verdict_counts[Verdict.disputed] == 0  # Tess's, on his unjudged
    assert summary.transitions == []


def test_summary_of_an_editor_counts_every_verdict_and_offers_the_moves(desk):
    summary = article_summary(desk.editor, desk.article)
    assert summary.progress == article_page(desk.editor, desk.article, 1).progress
    assert summary.progress.verdict_counts[Verdict.disputed] == 1
    assert [move.label for move in summary.transitions] == ["Back to draft", "Mark settled"]


def test_summary_of_another_teams_article_is_not_found(desk, make_member):
    outsider = make_member(Role.admin, in_team=create_team("Elsewhere", "elsewhere"))
    with pytest.raises(NotFound):
        article_summary(outsider, desk.article)
