"""The inbox: notifying members, unread counts, marking read."""

import pytest

from annotator.errors import NotFound
from annotator.models import NotificationKind, Role
from annotator.services.articles import ArticleDraft, import_article
from annotator.services.inbox import inbox_of, mark_all_read, mark_read, notify, unread_count


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
    ]
