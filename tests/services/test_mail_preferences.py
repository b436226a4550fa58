"""Mail preferences and the signed unsubscribe tokens."""

import pytest
from itsdangerous import URLSafeTimedSerializer

from annotator.errors import ValidationError
from annotator.models import MailCadence, NotificationKind, Role
from annotator.services import mail_tokens
from annotator.services.mail_preferences import (
    DIGEST,
    cadence_for,
    mail_preferences_of,
    set_mail_preferences,
    unsubscribe,
)
from annotator.services.mail_tokens import SALT, read_unsubscribe_token, unsubscribe_token

K, C = NotificationKind, MailCadence


@pytest.fixture
def rita(make_member):
    return make_member(Role.reviewer, name="Rita Reviewer")


def test_defaults_until_the_member_chooses(rita):
    assert mail_preferences_of(rita.id) == {
        K.mention: C.immediately,
        K.response: C.immediately,
        K.assignment: C.immediately,
        K.published: C.daily,
    }
    assert cadence_for(rita.id, K.settled) is C.never


def test_choices_are_stored_and_changed(rita):
    choices = {"mention": "daily", "response": "never", "assignment": "immediately"}
    set_mail_preferences(rita, {**choices, "published": "never"})
    set_mail_preferences(rita, {**choices, "published": "immediately"})
    assert mail_preferences_of(rita.id) == {
        K.mention: C.daily,
        K.response: C.never,
        K.assignment: C.immediately,
        K.published: C.immediately,
    }


def test_every_bad_choice_is_named_at_once_and_nothing_changes(rita):
    with pytest.raises(ValidationError) as refused:
        set_mail_preferences(rita, {"mention": "hourly", "response": "never"})
    assert set(refused.value.fields) == {"mention", "assignment", "published"}
    assert mail_preferences_of(rita.id)[K.response] is C.immediately


def test_unsubscribing_from_a_kind_or_the_digest_twice_changes_nothing_more(rita):
    set_mail_preferences(
        rita,
        {
            "mention": "daily",
            "response": "daily",
            "assignment": "immediately",
            "published": "daily",
        },
    )
    assert unsubscribe(rita.id, DIGEST) == [K.mention, K.response, K.published]
    assert unsubscribe(rita.id, DIGEST) == []
    assert unsubscribe(rita.id, "assignment") == [K.assignment]
    assert unsubscribe(rita.id, "assignment") == [K.assignment]
    assert set(mail_preferences_of(rita.id).values()) == {C.never}


def test_a_token_names_its_member_and_topic():
    token = unsubscribe_token("key", 7, "mention")
    assert read_unsubscribe_token("key", token) == (7, "mention")


@pytest.mark.parametrize(
    "token",
    [
        "",
        "garbage",
        unsubscribe_token("another key", 7, "mention"),
        unsubscribe_token("key", 7, "mention")[:-2],
        unsubscribe_token("key", 7, "mention") + "x",
        URLSafeTimedSerializer("key", salt="other.salt").dumps([7, "mention"]),
        URLSafeTimedSerializer("key", salt=SALT).dumps([7, "settled"]),
        URLSafeTimedSerializer("key", salt=SALT).dumps(["7", "mention"]),
        URLSafeTimedSerializer("key", salt=SALT).dumps([7]),
        URLSafeTimedSerializer("key", salt=SALT).dumps({"user": 7}),
    ],
)
def test_forged_cut_or_foreign_tokens_are_refused(token):
    with pytest.raises(ValidationError) as refused:
        read_unsubscribe_token("key", token)
    assert refused.value.fields == {"token": mail_tokens.INVALID}


def test_an_old_token_is_refused(monkeypatch):
    token = unsubscribe_token("key", 7, "mention")
    monkeypatch.setattr(mail_tokens, "MAX_AGE_SECONDS", -1)
    with pytest.raises(ValidationError):
        read_unsubscribe_token("key", token)
