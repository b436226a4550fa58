"""The team dashboard's figures under blind review: only what the member may see is counted."""

import pytest

from annotator.extensions import db
from annotator.models import Role, Verdict
from annotator.services.annotations import AnnotationEntry, annotate_sentence
from annotator.services.articles import ArticleDraft, import_article
from annotator.services.dashboard import team_dashboard
from annotator.services.settling import settle_sentence
from tests.exports.test_blind_review import build_desk, hidden_work

TEXT = "Ministers met in Geneva. They reported fentanyl seizures. The talks lasted two days."


@pytest.fixture
def article(team):
    article = import_article(team, None, ArticleDraft("Geneva talks", TEXT)).article
    article.blind_review = False
    db.session.commit()
    return article


def test_dashboard_counts_only_the_verdicts_a_member_may_see(make_member):
    desk = build_desk(make_member)
    hidden_work(desk)
    today = desk.article.created_at.date()
    mine = team_dashboard(desk.bo, desk.article.team, today)
    assert mine.verdicts == {v: int(v is Verdict.verified) for v in Verdict}
    assert sum(mine.final_verdicts.values()) == 0
    everyone = team_dashboard(desk.editor, desk.article.team, today)
    assert everyone.verdicts == dict.fromkeys(Verdict, 1)
    assert everyone.final_verdicts[Verdict.unverified] == 1
    assert not team_dashboard(desk.viewer, desk.article.team, today).verdicts[Verdict.verified]


def test_dashboard_counts_activity_verdicts_and_agreement(article, make_member):
    rita, otto = make_member(Role.reviewer, name="Rita"), make_member(Role.reviewer, name="Otto")
    editor = make_member(Role.editor)
    for user, verdict in ((rita, Verdict.verified), (otto, Verdict.disputed)):
        annotate_sentence(user, article.sentences[0], AnnotationEntry(verdict), 0)
    settle_sentence(editor, article.sentences[0], Verdict.disputed, "Checked.")
    figures = team_dashboard(rita, article.team, article.created_at.date())
    assert figures.verdicts[Verdict.disputed] == 1
    assert figures.final_verdicts[Verdict.disputed] == 1
    assert figures.activity == {"Otto": [0] * 13 + [1], "Rita": [0] * 13 + [1]}
    assert figures.changes_per_day[-1] == 2
    assert [(a.id, f.sentences_compared) for a, f in figures.agreement] == [(article.id, 1)]


def test_dashboard_without_activity_has_a_zero_per_day(article, make_member):
    figures = team_dashboard(make_member(Role.viewer), article.team, article.created_at.date())
    assert figures.changes_per_day == [0] * 14
    assert figures.agreement == []
