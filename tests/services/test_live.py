"""The live change feed of an article, read from the audit log."""

import pytest

from annotator.errors import NotFound
from annotator.extensions import db
from annotator.models import ArticleState, Role, Verdict
from annotator.services.annotations import AnnotationEntry, annotate_sentence
from annotator.services.articles import ArticleDraft, import_article
from annotator.services.discussion import post_comment
from annotator.services.live import changes_since, latest_event_id
from annotator.services.revisions import revise_article
from annotator.services.settling import settle_sentence
from annotator.services.teams import create_team
from annotator.services.workflow import move_article

TEXT = "One sentence here. Another one there. A third one."


@pytest.fixture
def article(team):
    return import_article(team, None, ArticleDraft("Feed", TEXT)).article


@pytest.fixture
def me(make_member):
    return make_member(Role.reviewer, name="Me")


@pytest.fixture
def otto(make_member):
    return make_member(Role.reviewer, name="Otto")


def flag(user, article, index):
    annotate_sentence(user, article.sentences[index], AnnotationEntry(Verdict.disputed), 0)


def test_teammates_flag_is_reported_with_its_sentence(article, me, otto):
    article.blind_review = False
    start = latest_event_id(article)
    flag(otto, article, 1)
    changes = changes_since(me, article, start)
    assert changes.sentence_indexes == [1]
    assert changes.announcements == ["Otto marked sentence 2 disputed."]
    assert changes.last_event_id == latest_event_id(article) > start


def test_my_own_changes_are_not_reported(article, me):
    start = latest_event_id(article)
    flag(me, article, 0)
    assert changes_since(me, article, start).sentence_indexes == []


def test_nothing_new_keeps_the_cursor(article, me):
    start = latest_event_id(article)
    assert changes_since(me, article, start).last_event_id == start


def test_blind_review_redraws_but_does_not_announce_a_hidden_flag(article, me, otto):
    article.blind_review = True
    start = latest_event_id(article)
    flag(otto, article, 2)
    changes = changes_since(me, article, start)
    assert changes.sentence_indexes == [2]
    assert changes.announcements == []


def test_blind_review_announces_a_settlement_once_i_judged_the_sentence(article, me, make_member):
    start = latest_event_id(article)
    editor = make_member(Role.editor, name="Edna")
    settle_sentence(editor, article.sentences[1], Verdict.verified, "Seen.")
    assert changes_since(me, article, start).announcements == []
    flag(me, article, 1)
    assert changes_since(me, article, start).announcements == [
        "Edna settled sentence 2 as verified."
    ]


def test_comments_are_announced(article, me, otto):
    start = latest_event_id(article)
    post_comment(otto, article.sentences[0], "Source?")
    assert changes_since(me, article, start).announcements == ["Otto commented on sentence 1."]


def test_outsider_cannot_read_the_feed(article, make_member):
    outsider = make_member(Role.admin, in_team=create_team("Elsewhere", "elsewhere"))
    with pytest.raises(NotFound):
        changes_since(outsider, article, 0)


def test_feed_of_an_article_without_events_starts_at_zero(team):
    article = import_article(team, None, ArticleDraft("Quiet", TEXT)).article
    db.session.execute(db.text("DELETE FROM audit_event"))
    assert latest_event_id(article) == 0


def test_two_changes_to_one_sentence_redraw_it_once(article, me, otto):
    article.blind_review = False
    start = latest_event_id(article)
    flag(otto, article, 1)
    annotate_sentence(otto, article.sentences[1], AnnotationEntry(Verdict.verified), 1)
    changes = changes_since(me, article, start)
    assert changes.sentence_indexes == [1]
    assert changes.announcements == [
        "Otto marked sentence 2 disputed.",
        "Otto changed their verdict on sentence 2 to verified.",
    ]


def test_a_change_to_a_sentence_a_revision_dropped_is_left_out(article, me, otto, make_member):
    article.blind_review = False
    start = latest_event_id(article)
    flag(otto, article, 2)
    post_comment(otto, article.sentences[0], "Source?")
    revise_article(article, make_member(Role.editor), ArticleDraft("Feed", TEXT[:37]))
    changes = changes_since(me, article, start)
    assert changes.sentence_indexes == [0]
    assert changes.announcements == ["Otto commented on sentence 1."]


def test_a_teammates_workflow_move_is_announced(article, me, make_member):
    start = latest_event_id(article)
    editor = make_member(Role.editor, name="Edna")
    move_article(editor, article, ArticleState.in_review)
    changes = changes_since(me, article, start)
    assert changes.announcements == ["Edna moved the article to In review."]
    assert changes.sentence_indexes == []
    assert changes.last_event_id > start


def test_my_own_workflow_move_is_not_announced(article, make_member):
    editor = make_member(Role.editor, name="Edna")
    start = latest_event_id(article)
    move_article(editor, article, ArticleState.in_review)
    assert changes_since(editor, article, start).announcements == []
