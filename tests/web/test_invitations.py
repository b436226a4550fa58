"""Invitation pages: open the link, create one's own account or accept, decline from the inbox."""

import re

import pytest

from annotator.extensions import db
from annotator.models import InvitationState, Role
from annotator.services import accounts, invitations
from annotator.services.access import role_in_team
from annotator.services.teams import create_team
from tests.conftest import PASSWORD

NEW = {"name": "Nia New", "password": "nia's own passphrase", "confirm": "nia's own passphrase"}


@pytest.fixture
def admin(make_member):
    return make_member(Role.admin, name="Ada Admin")


@pytest.fixture
def invited(admin, team):
    """An invitation to nia@example.org as reviewer, with its code."""
    invitation, code = invitations.create_invitation(admin, team, "nia@example.org", Role.reviewer)
    db.session.commit()
    return invitation, code


@pytest.fixture
def elsewhere(make_member):
    """An account of another team, with the invited address."""
    user = make_member(Role.viewer, name="Nia Elsewhere", in_team=create_team("Far", "far"))
    user.email = "nia@example.org"
    db.session.commit()
    return user


def test_the_page_of_the_link_offers_to_paste_it(client, admin):
    page = client.get("/invitations/open")
    assert page.status_code == 200
    assert 'name="code"' in page.text


def test_visitor_with_the_link_sees_the_invitation_and_may_create_an_account(client, invited):
    _, code = invited
    page = client.post(
        "/invitations/open", data={"code": f"http://localhost/invitations/open#{code}"}
    )
    assert page.status_code == 200
    assert "Demo newsroom" in page.text
    assert "nia@example.org" in page.text
    assert "Create account and join" in page.text
    assert "Accept and join" not in page.text
    assert f'value="{code}"' in page.text  # carried on in the form's body, never in an address


def test_visitor_creates_their_own_account_and_joins(client, invited, team):
    invitation, code = invited
    response = client.post("/invitations/join", data={**NEW, "code": code})
    assert response.status_code == 302
    assert "Welcome to Demo newsroom" in client.get("/").text  # logged in as Nia
    nia = accounts.find_user_by_email("nia@example.org")
    assert (nia.name, role_in_team(nia, team.id)) == ("Nia New", Role.reviewer)
    db.session.refresh(invitation)
    assert invitation.state is InvitationState.accepted


def test_the_link_works_once(client, app, invited):
    _, code = invited
    client.post("/invitations/join", data={**NEW, "code": code})
    again = app.test_client()
    assert again.post("/invitations/open", data={"code": code}).status_code == 404
    repeat = again.post("/invitations/join", data={**NEW, "name": "Second Nia", "code": code})
    assert repeat.status_code == 404


def test_visitor_cannot_create_a_second_account_for_an_address(client, invited, elsewhere):
    _, code = invited
    response = client.post("/invitations/join", data={**NEW, "code": code})
    assert response.status_code == 422
    assert "has an account already" in response.text
    assert accounts.authenticate(elsewhere.email, PASSWORD) == elsewhere


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"confirm": "something else entirely"}, "Passwords differ."),
        ({"password": "nia@example.org", "confirm": "nia@example.org"}, "not your e-mail"),
        ({"name": ""}, "This field is required"),
    ],
)
def test_sign_up_with_bad_input_is_shown_again(client, invited, change, message):
    _, code = invited
    response = client.post("/invitations/join", data={**NEW, **change, "code": code})
    assert response.status_code == 422
    assert message in response.text
    assert accounts.find_user_by_email("nia@example.org") is None


def test_account_with_the_address_accepts_after_logging_in(client, login, invited, elsewhere, team):
    _, code = invited
    login(elsewhere)
    page = client.post("/invitations/open", data={"code": code})
    assert "Accept and join" in page.text
    assert "Create account" not in page.text
    response = client.post("/invitations/accept", data={"code": code})
    assert response.status_code == 302
    assert role_in_team(elsewhere, team.id) is Role.reviewer
    assert "Welcome to Demo newsroom" in client.get("/").text


def test_another_account_cannot_use_the_link(client, login, invited, make_member, team):
    _, code = invited
    other = login(make_member(Role.viewer, in_team=create_team("Far", "far")))
    page = client.post("/invitations/open", data={"code": code})
    assert page.status_code == 403
    assert "another e-mail address" in page.text
    assert client.post("/invitations/accept", data={"code": code}).status_code == 403
    assert role_in_team(other, team.id) is None


def test_logged_in_visitor_is_sent_to_accept_rather_than_sign_up(client, login, invited, admin):
    _, code = invited
    login(admin)
    response = client.post("/invitations/join", data={**NEW, "code": code})
    assert response.status_code == 302
    assert accounts.find_user_by_email("nia@example.org") is None


def test_inbox_and_top_bar_show_invitations_to_my_address(client, login, invited, elsewhere):
    login(elsewhere)
    home = client.get("/").text
    assert re.search(r"Invitations <span class=\"count\"[^>]*>1</span>", home)
    inbox = client.get("/inbox/").text
    assert "<strong>Demo newsroom</strong> invites you to join as reviewer" in inbox


def test_no_invitation_shows_to_another_address(client, login, invited, make_member):
    login(make_member(Role.viewer, in_team=create_team("Far", "far")))
    assert "Invitations <span" not in client.get("/").text
    assert "Demo newsroom" not in client.get("/inbox/").text


def test_decline_from_the_inbox(client, login, invited, elsewhere, team):
    invitation, code = invited
    login(elsewhere)
    response = client.post(f"/invitations/{invitation.id}/decline")
    assert response.status_code == 302
    db.session.refresh(invitation)
    assert invitation.state is InvitationState.declined
    assert role_in_team(elsewhere, team.id) is None
    assert client.post("/invitations/accept", data={"code": code}).status_code == 404


def test_nobody_declines_anothers_invitation(client, login, invited, make_member):
    invitation, _ = invited
    login(make_member(Role.viewer, in_team=create_team("Far", "far")))
    assert client.post(f"/invitations/{invitation.id}/decline").status_code == 404
    db.session.refresh(invitation)
    assert invitation.state is InvitationState.pending


def test_login_page_points_newcomers_to_their_invitation(client, admin):
    assert 'href="/invitations/open"' in client.get("/login").text
