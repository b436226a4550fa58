"""Personal access tokens: hashed storage, expiry, revocation, last use."""

from datetime import date, timedelta

import pytest

from annotator.errors import NotFound, ValidationError
from annotator.extensions import db
from annotator.models import AccessToken, utcnow
from annotator.services import tokens


def test_secret_is_stored_only_as_its_hash(make_member):
    token, secret = tokens.create_token(make_member("viewer"), "CMS plugin")
    assert secret.startswith("ann_")
    assert token.token_hash == tokens.hash_secret(secret)
    assert secret not in {token.token_hash, token.prefix, token.name}


@pytest.mark.parametrize(
    ("name", "expires_in_days", "field"),
    [
        ("", None, "name"),
        ("x" * 101, None, "name"),
        ("CMS", 0, "expires_on"),
        ("CMS", -3, "expires_on"),
    ],
)
def test_new_token_refuses_bad_name_or_expiry(make_member, name, expires_in_days, field):
    expires_on = None if expires_in_days is None else date.today() + timedelta(expires_in_days)
    with pytest.raises(ValidationError) as caught:
        tokens.create_token(make_member("viewer"), name, expires_on)
    assert field in caught.value.fields


def test_secret_finds_its_owner_and_notes_the_use(make_member):
    owner = make_member("viewer")
    token, secret = tokens.create_token(owner, "notebook", date.today() + timedelta(days=30))
    assert tokens.user_for_secret(secret) == owner
    assert token.last_used_at is not None


def test_recent_use_is_not_written_again(make_member):
    token, secret = tokens.create_token(make_member("viewer"), "notebook")
    tokens.user_for_secret(secret)
    first = token.last_used_at
    tokens.user_for_secret(secret)
    assert token.last_used_at == first


@pytest.mark.parametrize("secret", ["", "ann_unknown", "Bearer ann_x", "ghp_somethingelse"])
def test_unknown_secret_finds_nobody(app, secret):
    assert tokens.user_for_secret(secret) is None


def test_expired_token_finds_nobody(make_member):
    token, secret = tokens.create_token(make_member("viewer"), "old")
    token.expires_at = utcnow() - timedelta(minutes=1)
    assert tokens.user_for_secret(secret) is None


def test_revoked_token_finds_nobody_and_leaves_the_list(make_member):
    owner = make_member("viewer")
    token, secret = tokens.create_token(owner, "leaked")
    tokens.revoke_token(owner, token.id)
    tokens.revoke_token(owner, token.id)  # twice is harmless
    assert tokens.user_for_secret(secret) is None
    assert tokens.tokens_of(owner) == []


def test_nobody_revokes_anothers_token(make_member):
    token, _ = tokens.create_token(make_member("viewer"), "mine")
    with pytest.raises(NotFound):
        tokens.revoke_token(make_member("admin"), token.id)


def test_tokens_are_listed_newest_first(make_member):
    owner = make_member("viewer")
    tokens.create_token(owner, "first")
    tokens.create_token(owner, "second")
    db.session.commit()
    assert [t.name for t in tokens.tokens_of(owner)] == ["second", "first"]
    assert db.session.scalar(db.select(db.func.count(AccessToken.id))) == 2


def test_revoke_all_stops_every_token_of_the_owner_only(make_member):
    owner, other = make_member("viewer"), make_member("viewer")
    secrets = [tokens.create_token(owner, name)[1] for name in ("CMS", "notebook")]
    _, kept = tokens.create_token(other, "theirs")
    assert tokens.revoke_all_tokens(owner, owner) == 2
    db.session.commit()
    assert [tokens.user_for_secret(secret) for secret in secrets] == [None, None]
    assert tokens.user_for_secret(kept) == other
    assert tokens.tokens_of(owner) == []


def test_revoke_all_is_recorded_once_and_only_when_it_revoked_something(make_member):
    from annotator.models import AuditEvent

    owner = make_member("viewer")
    assert tokens.revoke_all_tokens(owner, owner) == 0
    tokens.create_token(owner, "CMS")
    tokens.revoke_all_tokens(owner, owner)
    events = db.session.scalars(
        db.select(AuditEvent).where(AuditEvent.action == "token.revoke_all")
    ).all()
    assert [(event.subject, event.after) for event in events] == [
        (f"user:{owner.id}", {"revoked": 1})
    ]
