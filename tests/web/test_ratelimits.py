"""Rate limits on failed logins: per account, per address, only failures, on by default."""

import re

import pytest

from annotator import create_app
from annotator.models import Role
from tests.conftest import PASSWORD

WRONG = "not the password at all"
CSRF_TOKEN = re.compile(r"[\w-]{20,}\.[\w-]+\.[\w-]+")


@pytest.fixture
def limits(app):
    """Switch the limits on (they are off in tests) with tiny values."""
    app.config.update(
        RATE_LIMITS_ENABLED=True,
        LOGIN_RATE_LIMIT="2 per minute",
        LOGIN_ADDRESS_RATE_LIMIT="4 per minute",
    )
    return app


def log_in(client, email: str, password: str = WRONG, address: str = "192.0.2.1"):
    return client.post(
        "/login",
        data={"email": email, "password": password},
        environ_base={"REMOTE_ADDR": address},
    )


def test_failed_logins_beyond_the_account_limit_answer_429_on_the_login_page(
    limits, client, make_member
):
    user = make_member(Role.reviewer)
    assert [log_in(client, user.email).status_code for _ in range(2)] == [401, 401]
    refused = log_in(client, user.email, PASSWORD)  # even the right password now waits
    assert refused.status_code == 429
    assert 0 < int(refused.headers["Retry-After"]) <= 60
    assert "Too many failed logins" in refused.text
    assert 'name="password"' in refused.text  # the login form, not an error page
    assert client.get("/").status_code == 302


def test_account_limit_counts_the_address_as_stored(limits, client, make_member):
    user = make_member(Role.reviewer)
    log_in(client, user.email.upper())
    log_in(client, f"  {user.email} ")
    assert log_in(client, user.email, PASSWORD).status_code == 429


def test_account_limit_spares_other_accounts(limits, client, make_member):
    victim, other = make_member(Role.reviewer), make_member(Role.reviewer)
    for _ in range(3):
        log_in(client, victim.email)
    assert log_in(client, other.email, PASSWORD).status_code == 302


def test_successful_logins_do_not_count(limits, client, make_member):
    user = make_member(Role.reviewer)
    for _ in range(4):
        assert log_in(client, user.email, PASSWORD).status_code == 302
        client.post("/logout")


def test_address_limit_counts_failures_over_every_account(limits, client, make_member):
    user = make_member(Role.reviewer)
    for number in range(4):
        assert log_in(client, f"guess{number}@example.org").status_code == 401
    assert log_in(client, user.email, PASSWORD).status_code == 429
    assert log_in(client, user.email, PASSWORD, address="192.0.2.2").status_code == 302


def answers(client, email: str) -> list[tuple[int, str]]:
    """Return status and page of three failed logins, the e-mail address blanked out."""
    pages = [log_in(client, email, address=email) for _ in range(3)]
    # The CSRF token differs with every session, whoever logs in.
    return [
        (page.status_code, CSRF_TOKEN.sub("TOKEN", page.text.replace(email, "EMAIL")))
        for page in pages
    ]


def test_wrong_password_and_unknown_email_get_the_same_answers(limits, client, make_member):
    user = make_member(Role.reviewer)
    known = answers(client, user.email)
    assert known == answers(client, "nobody@example.org")
    assert [status for status, _ in known] == [401, 401, 429]


def test_limits_are_on_outside_tests_by_default(app, database_url, make_member):
    user = make_member(Role.reviewer)
    production = create_app(
        {"SECRET_KEY": "a real key", "SQLALCHEMY_DATABASE_URI": database_url}
        | {"WTF_CSRF_ENABLED": False}
    )
    assert not production.testing
    client = production.test_client()
    statuses = [log_in(client, user.email).status_code for _ in range(6)]
    assert statuses == [401] * 5 + [429]  # the default: 5 failures per 15 minutes
