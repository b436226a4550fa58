"""The inbox: notifying members, unread counts, marking read."""

import pytest

from annotator.errors import NotFound
from annotator.models import NotificationKind, Role, Stance, Verdict
from annotator.services.annotations import AnnotationEntry, annotate_sentence
from annotator.services.articles import ArticleDraft, import_article
from annotator.services.discussion import post_comment
from annotator.services.inbox import (
    QUOTED_UP_TO,
    inbox_of,
    mark_all_read,
    mark_read,
    notify,
    unread_count,
)
from annotator.services.reviews import respond_to_annotation
from annotator.services.settling import settle_sentence


@pytest.fixture
def article(team):
    return import_article(team, None, ArticleDraft("Talks", "One. Two.")).article


def test_notify_skips_the_actor_themselves(article, make_member):
    ada = make_member(Role.reviewer)
    assert notify(ada.id, NotificationKind.mention, ada, article, "Self") is None
    assert unread_count(ada) == 0


def test_unread_count_falls_as_messages_are_read(article, make_member):
    ada, ben = make_member(Role.reviewer), make_member(Role.reviewer)
    first = notify(ada.id, NotificationKind.mention, ben, article, "One", 0)
    notify(ada.id, NotificationKind.response, ben, article, "Two", 1)
    notify(ada.id, NotificationKind.settled, None, article, "Three")
    assert unread_count(ada) == 3
    mark_read(ada, first.id)
    mark_read(ada, first.id)
    assert [n.message for n in inbox_of(ada, unread_only=True)] == ["Three", "Two"]
    assert mark_all_read(ada) == 2
    assert unread_count(ada) == 0
    assert len(inbox_of(ada)) == 3


def test_mark_read_of_someone_elses_message_is_not_found(article, make_member):
    ada, ben = make_member(Role.reviewer), make_member(Role.reviewer)
    theirs = notify(ben.id, NotificationKind.mention, ada, article, "Hi")
    with pytest.raises(NotFound):
        mark_read(ada, theirs.id)
    with pytest.raises(NotFound):
        mark_read(ada, 99_999)


def test_notification_kinds_have_labels():
    assert [k.label for k in NotificationKind] == [
        "Mention",
        "Response to your flag",
        "Assignment",
        "Settled",
        "Followed article published",
    ]


def test_notify_quotes_what_was_said_shortened(article, make_member):
    ada, ben = make_member(Role.reviewer), make_member(Role.reviewer)
    said = "The **Board** exists. " + "word " * 100 + "\n\nSecond paragraph."
    quoted = notify(ada.id, NotificationKind.mention, ben, article, "Ben", 0, said).quote
    assert quoted.startswith("The **Board** exists. word")
    assert quoted.endswith("word…")
    assert len(quoted) <= QUOTED_UP_TO + 1
    assert notify(ada.id, NotificationKind.mention, ben, article, "Ben", 0).quote == ""


def test_news_quotes_the_comment_the_response_and_the_rationale(article, make_member):
    ada, ben = make_member(Role.reviewer, name="Ada"), make_member(Role.reviewer, name="Ben")
    edna = make_member(Role.editor, name="Edna")
    article.blind_review = False
    flag = annotate_sentence(ada, article.sentences[1], AnnotationEntry(Verdict.disputed))
    respond_to_annotation(ben, flag, Stance.disagree, "It *holds*. @Edna")
    post_comment(ben, article.sentences[1], "Ask @Ada about it.")
    settle_sentence(edna, article.sentences[1], Verdict.disputed, "No **such** body.")
    assert [(n.kind, n.quote) for n in inbox_of(ada)] == [
        (NotificationKind.settled, "No **such** body."),
        (NotificationKind.mention, "Ask @Ada about it."),
        (NotificationKind.response, "It *holds*. @Edna"),
    ]
    assert [n.quote for n in inbox_of(edna)] == ["It *holds*. @Edna"]


def test_a_mention_in_a_response_keeps_its_words_from_a_blinded_member(article, make_member):
    ada, ben = make_member(Role.reviewer, name="Ada"), make_member(Role.reviewer, name="Ben")
    cy = make_member(Role.reviewer, name="Cy")
    article.blind_review = True
    flag = annotate_sentence(ada, article.sentences[1], AnnotationEntry(Verdict.disputed))
    annotate_sentence(ben, article.sentences[1], AnnotationEntry(Verdict.verified))
    respond_to_annotation(ben, flag, Stance.disagree, "It is verified, @Cy.")
    (mention,) = inbox_of(cy)
    assert (mention.kind, mention.quote) == (NotificationKind.mention, "")
