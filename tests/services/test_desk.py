"""The editor's desk: rows, filters, sorts and pages of a team's articles."""

from datetime import date

import pytest

from annotator.errors import NotFound, PermissionDenied
from annotator.extensions import db
from annotator.models import ArticleState, AuditEvent, Role, Verdict
from annotator.services import desk, teams
from annotator.services.annotations import AnnotationEntry, annotate_sentence
from annotator.services.articles import ArticleDraft, import_article
from annotator.services.assignments import assign_article
from annotator.services.desk import DeskFilter, DeskSort, team_desk
from annotator.services.revisions import revise_article
from annotator.services.settling import settle_sentence
from annotator.services.workflow import move_article

TODAY = date(2026, 12, 3)
YESTERDAY = date(2026, 12, 2)
TEXT = "The bridge cost 4 million. The mayor opened it. Nobody came. It rained."


@pytest.fixture
def editor(make_member):
    return make_member(Role.editor, name="Eddie Editor")


@pytest.fixture
def stories(team, editor):
    """Three articles of the team, imported by the editor in this order."""
    made = [
        import_article(team, editor, ArticleDraft(title, f"{TEXT} About {title}.")).article
        for title in ("banana boats", "Apple carts", "cherry trees")
    ]
    db.session.commit()
    return made


def judge(reviewer, article, index, verdict):
    annotate_sentence(reviewer, article.sentences[index], AnnotationEntry(verdict))


def titles(actor, team, **chosen) -> list[str]:
    page = team_desk(actor, team, DeskFilter(**chosen), TODAY)
    return [row.article.title for row in page.rows]


def row_of(actor, team, article, today=TODAY):
    (row,) = [r for r in team_desk(actor, team, DeskFilter(), today).rows if r.article == article]
    return row


def test_a_row_shows_assignees_soonest_due_progress_disputes_and_last_activity(
    team, editor, stories, rita, otto
):
    article = stories[0]
    assign_article(editor, article, otto, date(2026, 12, 20))
    assign_article(editor, article, rita, YESTERDAY)
    judge(rita, article, 0, Verdict.verified)
    judge(otto, article, 0, Verdict.disputed)
    judge(otto, article, 1, Verdict.verified)
    row = row_of(editor, team, article)
    assert [a.reviewer.name for a in row.assignments] == ["Rita Reviewer", "Otto Other"]
    assert (row.due_on, row.overdue) == (YESTERDAY, True)
    assert (row.progress.with_any_verdict, row.progress.total) == (2, 5)
    assert row.disputes == 1
    # Blind review: the desk says what kind of work was done, never the verdict.
    assert row.last.words == "Otto Other changed their verdict on a sentence"


def test_a_row_without_assignments_or_events_shows_nothing_due_or_done(team, editor):
    article = import_article(team, None, ArticleDraft("Quiet", TEXT)).article
    db.session.query(AuditEvent).filter_by(article_id=article.id).delete()
    row = row_of(editor, team, article)
    assert (row.assignments, row.due_on, row.overdue, row.disputes, row.last) == (
        [],
        None,
        False,
        0,
        None,
    )


def test_a_due_date_is_not_overdue_once_the_article_is_settled(team, editor, stories, rita):
    article = stories[0]
    assign_article(editor, article, rita, YESTERDAY)
    move_article(editor, article, ArticleState.in_review)
    move_article(editor, article, ArticleState.settled)
    assert not row_of(editor, team, article).overdue
    assert titles(editor, team, overdue=True) == []


def test_settled_sentences_are_no_longer_open_disagreements(team, editor, stories, rita, otto):
    article = stories[0]
    for index in (0, 1):
        judge(rita, article, index, Verdict.verified)
        judge(otto, article, index, Verdict.disputed)
    settle_sentence(editor, article.sentences[0], Verdict.disputed, "Checked.")
    assert row_of(editor, team, article).disputes == 1


def test_a_final_verdict_on_words_revised_since_leaves_the_disagreement_open(
    team, editor, stories, rita, otto
):
    article = stories[0]
    judge(rita, article, 0, Verdict.verified)
    judge(otto, article, 0, Verdict.disputed)
    settle_sentence(editor, article.sentences[0], Verdict.disputed, "Checked.")
    revise_article(
        article, editor, ArticleDraft(article.title, TEXT.replace("4 million", "5 million"))
    )
    assert row_of(editor, team, article).disputes == 1


def test_blind_review_keeps_teammates_disagreements_from_a_reviewer(
    team, editor, stories, rita, otto, make_member
):
    article = stories[0]
    judge(rita, article, 0, Verdict.verified)
    judge(otto, article, 0, Verdict.disputed)
    newcomer = make_member(Role.reviewer, name="Nia Newcomer")
    assert row_of(newcomer, team, article).disputes == 0
    assert titles(newcomer, team, disputed=True) == []
    assert row_of(rita, team, article).disputes == 1
    judge(newcomer, article, 0, Verdict.verified)
    assert titles(newcomer, team, disputed=True) == ["banana boats"]


def test_filters_by_state_assignee_overdue_and_disputes(team, editor, stories, rita, otto):
    banana, apple, cherry = stories
    move_article(editor, apple, ArticleState.in_review)
    assign_article(editor, banana, rita, YESTERDAY)
    assign_article(editor, apple, rita, TODAY)
    assign_article(editor, cherry, otto, YESTERDAY)
    judge(rita, cherry, 0, Verdict.verified)
    judge(otto, cherry, 0, Verdict.unverified)
    assert titles(editor, team, state=ArticleState.in_review) == ["Apple carts"]
    assert titles(rita, team, mine=True, sort=DeskSort.title) == ["Apple carts", "banana boats"]
    assert titles(editor, team, overdue=True, sort=DeskSort.title) == [
        "banana boats",
        "cherry trees",
    ]
    assert titles(editor, team, disputed=True) == ["cherry trees"]
    assert titles(editor, team, mine=True) == []


def test_sorts_by_activity_due_date_title_and_progress(team, editor, stories, rita):
    banana, apple, cherry = stories
    assign_article(editor, cherry, rita, date(2026, 12, 10))
    assign_article(editor, banana, rita, date(2026, 12, 5))
    for index in range(5):
        judge(rita, banana, index, Verdict.verified)
    judge(rita, apple, 0, Verdict.verified)
    settle_sentence(editor, apple.sentences[0], Verdict.verified, "Fine.")
    assert titles(editor, team) == ["Apple carts", "banana boats", "cherry trees"]
    assert titles(editor, team, sort=DeskSort.due) == [
        "banana boats",
        "cherry trees",
        "Apple carts",
    ]
    assert titles(editor, team, sort=DeskSort.title) == [
        "Apple carts",
        "banana boats",
        "cherry trees",
    ]
    assert titles(editor, team, sort=DeskSort.progress) == [
        "cherry trees",
        "banana boats",
        "Apple carts",
    ]


def test_an_article_without_sentences_sorts_as_no_progress(team, editor, stories, rita):
    for story in stories:
        judge(rita, story, 0, Verdict.verified)
    empty = import_article(team, editor, ArticleDraft("Empty", "x")).article
    for sentence in list(empty.sentences):
        db.session.delete(sentence)
    db.session.flush()
    assert titles(editor, team, sort=DeskSort.progress)[0] == "Empty"


def test_pages_hold_the_page_size_and_a_page_past_the_end_shows_the_last(
    team, editor, stories, monkeypatch
):
    monkeypatch.setattr(desk, "DESK_PAGE_SIZE", 2)
    first = team_desk(editor, team, DeskFilter(sort=DeskSort.title), TODAY)
    assert [r.article.title for r in first.rows] == ["Apple carts", "banana boats"]
    assert (first.window.total, first.window.pages) == (3, 2)
    last = team_desk(editor, team, DeskFilter(sort=DeskSort.title, page=9), TODAY)
    assert [r.article.title for r in last.rows] == ["cherry trees"]


def test_an_empty_desk_has_no_rows(team, editor):
    page = team_desk(editor, team, DeskFilter(), TODAY)
    assert (page.rows, page.window.total) == ([], 0)


def test_another_teams_articles_never_show(team, editor, stories, make_member):
    rivals = teams.create_team("Rivals", "rivals")
    rival = make_member(Role.editor, name="Rex Rival", in_team=rivals)
    import_article(rivals, rival, ArticleDraft("Rival scoop", TEXT))
    assert "Rival scoop" not in titles(editor, team)
    assert titles(rival, rivals) == ["Rival scoop"]


def test_an_outsider_cannot_open_the_desk(team, stories, make_member):
    outsider = make_member(Role.admin, in_team=teams.create_team("Rivals", "rivals"))
    with pytest.raises((NotFound, PermissionDenied)):
        team_desk(outsider, team, DeskFilter(), TODAY)


def test_sort_labels_name_each_order():
    assert [s.label for s in DeskSort] == [
        "Latest activity",
        "Soonest due",
        "Title, A to Z",
        "Least settled",
    ]
