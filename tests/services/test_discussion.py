"""A discussion thread per sentence: comments, replies, mentions, resolving."""

import pytest

from annotator.errors import NotFound, PermissionDenied, ValidationError
from annotator.extensions import db
from annotator.models import Notification, NotificationKind, Role
from annotator.services.articles import ArticleDraft, import_article
from annotator.services.discussion import find_comment, post_comment, resolve_thread, threads_of
from annotator.services.mentions import mentioned_members

TEXT = "Officials met in Geneva. They reported to the International Narcotics Control."


@pytest.fixture
def article(team):
    return import_article(team, None, ArticleDraft("Talks", TEXT)).article


@pytest.fixture
def ada(make_member):
    return make_member(Role.reviewer, name="Ada Lovelace")


def test_post_comment_and_reply_form_one_thread(article, ada, make_member):
    ben = make_member(Role.reviewer, name="Ben")
    sentence = article.sentences[1]
    first = post_comment(ada, sentence, "Is it the **Board**?")
    reply = post_comment(ben, sentence, "Yes.", first)
    reply_to_reply = post_comment(ada, sentence, "Thanks.", reply)
    assert reply_to_reply.parent_id == first.id
    (thread,) = threads_of(sentence)
    assert [c.body for c in thread.replies] == ["Yes.", "Thanks."]


@pytest.mark.parametrize("body", ["", "   ", "x" * 10_001])
def test_post_comment_refuses_empty_or_long_body(article, ada, body):
    with pytest.raises(ValidationError):
        post_comment(ada, article.sentences[1], body)


def test_post_comment_reply_to_another_sentence_is_refused(article, ada):
    elsewhere = post_comment(ada, article.sentences[0], "Here.")
    with pytest.raises(NotFound):
        post_comment(ada, article.sentences[1], "There.", elsewhere)


def test_post_comment_by_viewer_is_refused(article, make_member):
    with pytest.raises(PermissionDenied):
        post_comment(make_member(Role.viewer), article.sentences[1], "Hello")


@pytest.mark.parametrize(
    "body",
    ["@Ada Lovelace please look", "cc @ada.", "@AdaLovelace?", "(@ada.lovelace)"],
)
def test_post_comment_notifies_mentioned_teammates(article, ada, make_member, body):
    post_comment(make_member(Role.editor, name="Edna"), article.sentences[1], body)
    kinds = db.session.scalars(
        db.select(Notification.kind).where(Notification.user_id == ada.id)
    ).all()
    assert kinds == [NotificationKind.mention]


@pytest.mark.parametrize("body", ["mail ada@example.org", "@Adam is not Ada", "no mention"])
def test_mentioned_members_ignores_what_is_not_a_mention(team, ada, body):
    assert mentioned_members(team.id, body) == []


def test_resolve_thread_marks_the_first_comment(article, ada, make_member):
    sentence = article.sentences[1]
    first = post_comment(ada, sentence, "Question")
    reply = post_comment(ada, sentence, "Answer", first)
    editor = make_member(Role.editor)
    root = resolve_thread(editor, sentence, reply)
    assert root.id == first.id
    assert root.resolved
    assert root.resolved_by == editor
    assert resolve_thread(editor, sentence, first).resolved_at == root.resolved_at


def test_find_comment_of_another_sentence_is_not_found(article, ada):
    comment = post_comment(ada, article.sentences[0], "Here.")
    assert find_comment(article.sentences[0], comment.id) is comment
    with pytest.raises(NotFound):
        find_comment(article.sentences[1], comment.id)
