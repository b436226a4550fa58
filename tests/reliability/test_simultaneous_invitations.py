"""One invitation link used twice at once: the first makes the account, the other is told.

On PostgreSQL both requests could find the invitation open before either commits: the first
to find it could then lose to the later one, or both could make the account and one fail
with a 500 on the unique address. The row lock makes the second wait and find the link used.
"""

import threading

import pytest

from annotator.extensions import db
from annotator.models import Role
from annotator.services import accounts, invitations

WAIT_SECONDS = 10
PASSPHRASE = "a passphrase of my own"


@pytest.fixture
def code(team, make_member):
    admin = make_member(Role.admin)
    _, code = invitations.create_invitation(admin, team, "pat@example.org", Role.viewer)
    db.session.commit()
    return code


@pytest.fixture
def first_join_paused(monkeypatch):
    """Pause the join made in the thread named "first" just after it found the link open."""
    found, release = threading.Event(), threading.Event()
    find_user_by_email = invitations.find_user_by_email

    def find_then_pause(email):
        user = find_user_by_email(email)
        if threading.current_thread().name == "first":
            found.set()
            release.wait(WAIT_SECONDS)
        return user

    monkeypatch.setattr(invitations, "find_user_by_email", find_then_pause)
    return found, release


def test_of_two_sign_ups_with_one_link_the_second_is_refused(app, code, first_join_paused):
    found, release = first_join_paused
    answers = {}

    def join(name: str) -> None:
        form = {"code": code, "name": name, "password": PASSPHRASE, "confirm": PASSPHRASE}
        answers[name] = app.test_client().post("/invitations/join", data=form)

    first = threading.Thread(target=join, args=("first",), name="first")
    first.start()
    assert found.wait(WAIT_SECONDS)
    db.session.commit()  # the test's own transaction holds no lock while the second waits
    second = threading.Thread(target=join, args=("second",), name="second")
    second.start()
    second.join(0.5)  # it waits for the first, or (without a lock) races past it
    release.set()
    first.join(WAIT_SECONDS)
    second.join(WAIT_SECONDS)

    assert answers["first"].status_code == 302
    assert answers["second"].status_code == 404
    assert accounts.find_user_by_email("pat@example.org").name == "first"
