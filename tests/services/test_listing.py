"""Lists for API clients: filters, keyset pages, blind review in lists and the history."""

from datetime import timedelta

import pytest

from annotator.errors import NotFound
from annotator.extensions import db
from annotator.models import ArticleState, Verdict, utcnow
from annotator.services import listing
from annotator.services.access import get_sentence_for
from annotator.services.annotations import AnnotationEntry, annotate_sentence
from annotator.services.articles import ArticleDraft, import_article
from annotator.services.assignments import assign_article
from annotator.services.settling import settle_sentence


@pytest.fixture
def articles(team):
    made = [
        import_article(
            team, None, ArticleDraft(title=f"Story {n}", text=f"One {n}. Two {n}.")
        ).article
        for n in range(3)
    ]
    db.session.commit()
    return made


def flag(article, reviewer, verdict=Verdict.disputed, index=0):
    sentence = get_sentence_for(reviewer, article.id, index)
    return annotate_sentence(reviewer, sentence, AnnotationEntry(verdict))


def test_pages_continue_after_the_last_id(make_member, team, articles):
    viewer = make_member("viewer")
    first = listing.list_articles(viewer, team, listing.ArticleFilter(), limit=2)
    second = listing.list_articles(viewer, team, listing.ArticleFilter(), first.next_after, 2)
    assert [a.title for a in first.items + second.items] == ["Story 0", "Story 1", "Story 2"]
    assert second.next_after is None


def test_articles_filter_by_state_dates_and_reviewer(make_member, team, articles):
    editor, reviewer = make_member("editor"), make_member("reviewer")
    articles[0].state = ArticleState.in_review
    assign_article(editor, articles[1], reviewer)
    flag(articles[2], reviewer)
    now = utcnow()

    def titles(**chosen):
        page = listing.list_articles(editor, team, listing.ArticleFilter(**chosen))
        return [a.title for a in page.items]

    assert titles(state=ArticleState.in_review) == ["Story 0"]
    assert titles(reviewer_id=reviewer.id) == ["Story 1", "Story 2"]
    assert titles(since=now + timedelta(hours=1)) == []
    assert titles(until=now + timedelta(hours=1)) == ["Story 0", "Story 1", "Story 2"]


def test_outsider_cannot_list_the_teams_articles(make_member, team, other_team_member):
    with pytest.raises(NotFound):
        listing.list_articles(other_team_member, team, listing.ArticleFilter())


def test_annotations_filter_by_verdict_reviewer_and_dates(make_member, articles):
    first, second, editor = make_member("reviewer"), make_member("reviewer"), make_member("editor")
    flag(articles[0], first, Verdict.disputed)
    flag(articles[0], second, Verdict.verified, index=1)
    now = utcnow()

    def reviewers(**chosen):
        page = listing.list_annotations(editor, articles[0], listing.AnnotationFilter(**chosen))
        return [a.reviewer_id for a in page.items]

    assert reviewers(verdict=Verdict.verified) == [second.id]
    assert reviewers(reviewer_id=first.id) == [first.id]
    assert reviewers(since=now + timedelta(hours=1)) == []
    assert reviewers(until=now + timedelta(hours=1)) == [first.id, second.id]


def test_blind_reviewer_sees_only_own_and_judged_sentences(make_member, articles):
    teammate, me = make_member("reviewer"), make_member("reviewer")
    flag(articles[0], teammate, index=0)
    flag(articles[0], teammate, index=1)
    mine = flag(articles[0], me, Verdict.verified, index=1)
    page = listing.list_annotations(me, articles[0], listing.AnnotationFilter())
    assert {a.sentence_id for a in page.items} == {mine.sentence_id}
    assert len(page.items) == 2


def test_resolutions_are_listed_by_sentence(make_member, articles):
    editor = make_member("editor")
    for index in (1, 0):
        settle_sentence(
            editor, get_sentence_for(editor, articles[0].id, index), Verdict.verified, "Ok."
        )
    resolutions = listing.resolutions_of(editor, articles[0])
    assert [r.sentence.index for r in resolutions] == [0, 1]


def test_history_hides_teammates_verdicts_from_blind_reviewer(make_member, team, articles):
    teammate, me = make_member("reviewer"), make_member("reviewer")
    flag(articles[0], teammate, index=0)
    flag(articles[0], teammate, index=1)
    flag(articles[0], me, index=1)
    page = listing.list_events(me, team, article_id=articles[0].id)
    hidden = [
        (v.event.actor_id, v.event.sentence_id, v.hidden) for v in page.items if v.event.sentence_id
    ]
    assert [h[2] for h in hidden] == [True, False, False]
    assert page.items[0].id == page.items[0].event.id


def test_history_shows_everything_to_editors(make_member, team, articles):
    flag(articles[0], make_member("reviewer"))
    page = listing.list_events(make_member("editor"), team)
    assert not any(view.hidden for view in page.items)


def test_history_without_blind_articles_hides_nothing(make_member, team, articles):
    for article in articles:
        article.blind_review = False
    flag(articles[0], make_member("reviewer"))
    page = listing.list_events(make_member("reviewer"), team)
    assert not any(view.hidden for view in page.items)


@pytest.fixture
def other_team_member(make_member):
    from annotator.services.teams import create_team

    return make_member("admin", in_team=create_team("Rival desk", "rival-desk"))


def test_article_activity_is_newest_first_and_blinds_teammates_verdicts(make_member, articles):
    teammate, me = make_member("reviewer"), make_member("reviewer")
    flag(articles[0], teammate, index=0)
    mine = flag(articles[0], me, index=1)
    history = listing.article_activity(me, articles[0])
    assert history.blinded
    judgements = [(view.event.actor_id, view.hidden) for view in history.events[:2]]
    assert judgements == [(mine.reviewer_id, False), (teammate.id, True)]
    assert history.events[-1].event.action == "article.import"
    editors_view = listing.article_activity(make_member("editor"), articles[0])
    assert not editors_view.blinded
    assert not any(view.hidden for view in editors_view.events)


def test_sentence_activity_shows_teammates_once_the_member_has_judged(make_member, articles):
    teammate, me = make_member("reviewer"), make_member("reviewer")
    flag(articles[0], teammate, index=1)
    sentence = get_sentence_for(me, articles[0].id, 1)
    before = listing.sentence_activity(me, sentence)
    assert before.blinded
    assert [view.hidden for view in before.events] == [True]
    flag(articles[0], me, index=1)
    after = listing.sentence_activity(me, sentence)
    assert not after.blinded
    assert [view.hidden for view in after.events] == [False, False]


def test_activity_is_not_found_for_an_outsider(articles, other_team_member):
    with pytest.raises(NotFound):
        listing.article_activity(other_team_member, articles[0])
    with pytest.raises(NotFound):
        listing.sentence_activity(other_team_member, articles[0].sentences[0])
