"""The team dashboard's figures under blind review: only what the member may see is counted."""

from annotator.models import Verdict
from annotator.services.dashboard import team_dashboard
from tests.exports.test_blind_review import build_desk, hidden_work


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
