"""Accounts: password rules, authentication without a tell, ending sessions."""

import pytest
from argon2 import PasswordHasher

from annotator.errors import ValidationError
from annotator.extensions import db
from annotator.models import Role
from annotator.services import accounts
from tests.conftest import PASSWORD


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("short", "at least 10"),
        ("x" * 1025, "at most 1024"),
        ("1234567890", "most common"),
        ("qwertyuiop", "most common"),
        ("  Basketball ", "most common"),  # the list is compared without case or spaces
        ("1qaz2wsx3edc", "most common"),
    ],
)
def test_weak_password_is_refused(password, message):
    with pytest.raises(ValidationError, match=message) as caught:
        accounts.check_password_strength(password)
    assert list(caught.value.fields) == ["password"]


def test_long_uncommon_password_is_accepted():
    accounts.check_password_strength(PASSWORD)


COMMON = "password1234"


@pytest.mark.parametrize(
    "password",
    [
        "rosalind.franklin@example.org",
        "  Rosalind.Franklin@EXAMPLE.org ",
        "rosalind.franklin",
        "ROSALIND.FRANKLIN\t",
        "Rosalind Franklin-Smith",
        " rosalind franklin-smith  ",
    ],
)
def test_password_equal_to_the_address_its_local_part_or_the_name_is_refused(app, password):
    user = accounts.create_user("rosalind.franklin@example.org", "Rosalind Franklin-Smith", None)
    with pytest.raises(ValidationError, match="not your e-mail address or your name") as caught:
        accounts.check_password_strength(password, user)
    assert list(caught.value.fields) == ["password"]


def test_password_holding_the_name_among_other_words_is_accepted(app):
    user = accounts.create_user("rosalind.franklin@example.org", "Rosalind Franklin", None)
    accounts.check_password_strength("rosalind franklin photographed DNA", user)


PERSONAL = "ada.lovelace@example.org"


@pytest.mark.parametrize(
    ("set_it", "has_password"),
    [
        (lambda user: accounts.create_first_admin(PERSONAL, "Ada", PERSONAL), False),
        (lambda user: accounts.create_user(PERSONAL, "Ada Lovelace", "ada.lovelace"), False),
        (lambda user: accounts.set_password(user, "Someone Else"), True),
        (lambda user: accounts.replace_password(user, "someone@example.org", None), True),
        (lambda user: accounts.change_password(user, PASSWORD, " SOMEONE ELSE "), True),
    ],
    ids=["first-admin", "new-account", "set", "reset", "change"],
)
def test_every_way_of_setting_a_password_refuses_a_personal_one(app, set_it, has_password):
    user = accounts.create_user(
        "someone@example.org", "Someone Else", PASSWORD if has_password else None
    )
    token = user.session_token
    with pytest.raises(ValidationError, match="not your e-mail address"):
        set_it(user)
    assert user.session_token == token


@pytest.mark.parametrize(
    ("set_it", "has_password"),
    [
        (lambda user: accounts.create_first_admin("first@example.org", "First", COMMON), False),
        (lambda user: accounts.create_user("new@example.org", "New", COMMON), False),
        (lambda user: accounts.set_password(user, COMMON), True),
        (lambda user: accounts.change_password(user, PASSWORD, COMMON), True),
    ],
    ids=["first-admin", "new-member", "reset-by-admin", "change"],
)
def test_every_way_of_setting_a_password_refuses_a_common_one(app, team, set_it, has_password):
    user = accounts.create_user(
        "someone@example.org", "Someone", PASSWORD if has_password else None
    )
    token = user.session_token
    with pytest.raises(ValidationError, match="most common"):
        set_it(user)
    assert user.session_token == token


class CountingHasher(PasswordHasher):
    """Argon2 as in the tests, counting the hashes it verifies."""

    def __init__(self):
        super().__init__(time_cost=1, memory_cost=8, parallelism=1)
        self.verified = 0

    def verify(self, hash, password):
        self.verified += 1
        return super().verify(hash, password)


@pytest.mark.parametrize("email", ["nobody@example.org", "demo@example.org"])
def test_failed_login_without_usable_account_still_verifies_a_hash(
    app, monkeypatch, make_member, email
):
    accounts.create_user("demo@example.org", "Demo", None)  # no password: cannot log in
    user = make_member(Role.reviewer)
    hasher = CountingHasher()
    monkeypatch.setattr(accounts, "_hasher", hasher)
    assert accounts.authenticate(user.email, "not the password") is None
    assert accounts.authenticate(email, "not the password") is None
    assert hasher.verified == 2  # the same Argon2 work for a wrong password and no account


def test_the_hash_of_unknown_addresses_costs_what_a_real_one_does():
    """Written out in the module: it must keep the parameters real hashes are made with."""
    assert not PasswordHasher(**accounts.ARGON2_PARAMETERS).check_needs_rehash(accounts.DUMMY_HASH)


def test_end_sessions_gives_a_new_session_token(make_member):
    user = make_member(Role.reviewer)
    before = user.session_token
    accounts.end_sessions(user)
    db.session.commit()
    assert user.session_token != before


def test_first_administrator_is_the_first_instance_administrator(app, team):
    assert accounts.create_first_admin("first@example.org", "First", PASSWORD).is_instance_admin
    assert not accounts.create_user("next@example.org", "Next", PASSWORD).is_instance_admin


def test_change_password_revokes_every_token_and_ends_sessions(make_member):
    from annotator.services.tokens import create_token, user_for_secret

    user = make_member(Role.reviewer)
    _, secret = create_token(user, "CMS")
    before = user.session_token
    assert accounts.change_password(user, PASSWORD, "a brand new passphrase") == 1
    db.session.commit()
    assert user_for_secret(secret) is None
    assert user.session_token != before


def test_wrong_current_password_changes_nothing(make_member):
    from annotator.services.tokens import create_token, user_for_secret

    user = make_member(Role.reviewer)
    _, secret = create_token(user, "CMS")
    with pytest.raises(ValidationError, match="not your current password"):
        accounts.change_password(user, "not the password", "a brand new passphrase")
    assert user_for_secret(secret) == user


def test_login_is_recorded(make_member):
    user = make_member(Role.reviewer)
    assert user.last_login_at is None
    accounts.record_login(user)
    assert user.last_login_at is not None


@pytest.mark.parametrize(
    ("email", "name", "field", "message"),
    [
        ("not an address", "Ana", "email", "valid e-mail address"),
        (" Taken@Example.org ", "Ana", "email", "exists already"),
        ("new@example.org", "   ", "name", "1 to 100 characters"),
        ("new@example.org", "A" * 101, "name", "at most 100"),
        ("new@example.org", "Ana\x00", "name", "Unusable characters"),
    ],
)
def test_create_user_refuses_bad_or_taken_details(app, email, name, field, message):
    accounts.create_user("taken@example.org", "Taken", None)
    with pytest.raises(ValidationError) as refused:
        accounts.create_user(email, name, None)
    assert message in refused.value.fields[field]


def test_first_administrator_cannot_be_created_twice(app, team):
    accounts.create_first_admin("first@example.org", "First", PASSWORD)
    with pytest.raises(ValidationError, match="exists already; please log in"):
        accounts.create_first_admin("second@example.org", "Second", PASSWORD)
    assert accounts.find_user_by_email("second@example.org") is None


def test_the_dummy_hash_password_opens_no_account_without_a_password(app):
    # The hash verified for accounts that cannot log in has a password of its own: it must
    # not log anyone in, whether the address is unknown or names a passwordless account.
    accounts.create_user("demo@example.org", "Demo", None)
    dummy = "not a real password, only spends time"
    assert accounts.authenticate("demo@example.org", dummy) is None
    assert accounts.authenticate("nobody@example.org", dummy) is None


def test_set_up_instance_opens_the_newsroom_with_its_first_administrator(app, team):
    user, newsroom = accounts.set_up_instance("ada@example.org", "Ada", PASSWORD, " Harbour ")
    assert (newsroom.name, newsroom.slug) == ("Harbour", "harbour")
    assert user.is_instance_admin
    assert {m.team_id for m in user.memberships} == {team.id, newsroom.id}


def test_set_up_instance_names_every_problem_at_once(app, team):
    with pytest.raises(ValidationError) as refused:
        accounts.set_up_instance("not-an-address", "", "short", "DEMO newsroom")
    assert refused.value.fields == {
        "newsroom": "A team named “DEMO newsroom” exists already; choose another.",
        "email": accounts.ENTER_AN_ADDRESS,
        "name": "Enter a name of 1 to 100 characters.",
    }


def test_set_up_instance_refuses_a_bad_newsroom_name_after_a_good_account(app):
    with pytest.raises(ValidationError) as refused:
        accounts.set_up_instance("ada@example.org", "Ada", PASSWORD, "  ")
    assert refused.value.fields == {"newsroom": "Enter a team name of 1 to 100 characters."}
