"""Following articles: who follows, and the news of a followed article's publication."""

import pytest

from annotator.errors import NotFound
from annotator.extensions import db
from annotator.models import ArticleState, MailState, NotificationKind, Role, Verdict
from annotator.services.annotations import AnnotationEntry, annotate_sentence
from annotator.services.articles import ArticleDraft, import_article
from annotator.services.assignments import assign_article
from annotator.services.following import follow_article, is_following, unfollow_article
from annotator.services.inbox import inbox_of
from annotator.services.settling import settle_sentence
from annotator.services.teams import create_team, remove_membership
from annotator.services.workflow import move_article


@pytest.fixture
def editor(make_member):
    return make_member(Role.editor, name="Eda Editor")


@pytest.fixture
def article(team, editor):
    return import_article(team, editor, ArticleDraft("Bridge", "One claim. Two claims.")).article


def publish(editor, article):
    annotate_sentence(editor, article.sentences[0], AnnotationEntry(Verdict.verified, "ok"))
    settle_sentence(editor, article.sentences[0], Verdict.verified, "Checked.")
    for state in (ArticleState.in_review, ArticleState.settled, ArticleState.published):
        move_article(editor, article, state)
    db.session.commit()


def test_the_importer_and_an_assigned_reviewer_follow(editor, article, make_member):
    rita = make_member(Role.reviewer)
    assert is_following(editor, article)
    assert not is_following(rita, article)
    assign_article(editor, article, rita)
    assert is_following(rita, article)


def test_importing_a_known_text_again_or_as_the_server_follows_nothing(team, editor, article):
    again = import_article(team, editor, ArticleDraft("Bridge", "One claim. Two claims."))
    assert not again.created
    by_server = import_article(team, None, ArticleDraft("Seeded", "Seed text here.")).article
    assert not is_following(editor, by_server)


def test_follow_and_unfollow_are_idempotent(article, make_member):
    viewer = make_member(Role.viewer)
    follow_article(viewer, article)
    follow_article(viewer, article)
    assert is_following(viewer, article)
    unfollow_article(viewer, article)
    unfollow_article(viewer, article)
    assert not is_following(viewer, article)


def test_another_teams_member_can_neither_follow_nor_unfollow(article, make_member):
    outsider = make_member(Role.admin, in_team=create_team("Elsewhere", "elsewhere"))
    with pytest.raises(NotFound):
        follow_article(outsider, article)
    with pytest.raises(NotFound):
        unfollow_article(outsider, article)


def test_followers_hear_of_the_publication_in_their_inbox(editor, article, team, make_member):
    rita, gone, quiet = (make_member(Role.reviewer) for _ in range(3))
    for member in (rita, gone, quiet):
        follow_article(member, article)
    unfollow_article(quiet, article)
    remove_membership(team, gone)
    publish(editor, article)
    (news,) = inbox_of(rita)
    assert news.kind is NotificationKind.published
    assert news.message == "“Bridge”, which you follow, was published by Eda Editor."
    assert news.sentence_index is None
    assert news.mail_state is MailState.pending
    assert news.mail_digest
    assert inbox_of(gone) == []
    assert inbox_of(quiet) == []
    assert inbox_of(editor) == []  # the publisher follows too, and is told nothing
