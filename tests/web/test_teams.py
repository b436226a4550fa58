"""The members page: admins invite, change roles, set fresh accounts' passwords, remove."""

import re

import pytest
import sqlalchemy as sa

from annotator.extensions import db
from annotator.models import Invitation, InvitationState, Membership, Role
from annotator.services import accounts, invitations, teams
from annotator.services.teams import create_team
from tests.conftest import PASSWORD


@pytest.fixture
def admin(make_member, login):
    return login(make_member(Role.admin, name="Ada Admin"))


def role_of(user, team):
    return db.session.scalar(
        db.select(Membership.role).where(
            Membership.user_id == user.id, Membership.team_id == team.id
        )
    )


def invite(client, email: str, role: str = "reviewer"):
    return client.post("/teams/demo-newsroom/members", data={"email": email, "role": role})


def test_admin_invites_an_address_and_sees_the_link_once(client, team, admin):
    response = invite(client, "New@Example.org")
    assert response.status_code == 201
    code = re.search(r"/invitations/open#(inv_[\w-]+)", response.text).group(1)
    assert accounts.find_user_by_email("new@example.org") is None
    later = client.get("/teams/demo-newsroom/members").text
    assert "<td>new@example.org</td>" in later  # waiting for an answer
    assert code not in later


def test_inviting_an_existing_account_makes_no_member_and_names_nobody(
    client, team, admin, make_member
):
    elsewhere = make_member(Role.viewer, name="Ellis Where", in_team=create_team("Other", "other"))
    response = invite(client, elsewhere.email, "editor")
    assert response.status_code == 201
    assert role_of(elsewhere, team) is None
    assert "Ellis Where" not in response.text


def test_invitation_to_an_intranet_address_is_created(client, admin):
    assert invite(client, "rita@desk.internal").status_code == 201
    assert db.session.scalar(sa.select(Invitation.email)) == "rita@desk.internal"


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("not-an-address", "Enter an e-mail address: a name, an @ and a domain"),
        ("rita@desk..internal", "two dots in a row"),
        ("", "This field is required"),
    ],
)
def test_invitation_with_a_bad_address_is_refused(client, admin, email, message):
    response = invite(client, email)
    assert response.status_code == 422
    assert message in response.text
    assert db.session.scalar(sa.select(sa.func.count(Invitation.id))) == 0


def test_invitation_to_a_members_address_is_refused(client, admin):
    response = invite(client, admin.email)
    assert response.status_code == 422
    assert "member of the team already" in response.text


def test_admin_revokes_an_invitation(client, admin):
    invite(client, "late@example.org")
    invitation = db.session.scalars(sa.select(Invitation)).one()
    response = client.post(f"/teams/demo-newsroom/invitations/{invitation.id}/revoke")
    assert response.status_code == 302
    db.session.refresh(invitation)
    assert invitation.state is InvitationState.revoked
    client.get("/teams/demo-newsroom/members")  # shows the flash message
    assert "<td>late@example.org</td>" not in client.get("/teams/demo-newsroom/members").text


def test_invitation_of_another_team_cannot_be_revoked(client, admin, make_member):
    far = create_team("Far", "far")
    far_admin = make_member(Role.admin, in_team=far)
    invitation, _ = invitations.create_invitation(far_admin, far, "x@example.org", Role.viewer)
    db.session.commit()
    response = client.post(f"/teams/demo-newsroom/invitations/{invitation.id}/revoke")
    assert response.status_code == 404
    db.session.refresh(invitation)
    assert invitation.state is InvitationState.pending


def test_admin_changes_role_and_sets_password_of_a_fresh_account(client, team, admin, make_member):
    member = make_member(Role.reviewer)
    client.post(f"/teams/demo-newsroom/members/{member.id}/role", data={"role": "editor"})
    assert role_of(member, team) is Role.editor
    client.post(
        f"/teams/demo-newsroom/members/{member.id}/password",
        data={"password": "another long password"},
    )
    assert accounts.authenticate(member.email, "another long password") is not None


def logged_in_once(member):
    accounts.record_login(member)
    db.session.commit()
    return member


def in_second_team(member, make_member):
    teams.set_membership(create_team("Second", "second"), member, Role.viewer)
    db.session.commit()
    return member


def instance_admin(member, make_member):
    member.is_instance_admin = True
    db.session.commit()
    return member


@pytest.mark.parametrize(
    "makes_it_theirs",
    [
        lambda member, make_member: logged_in_once(member),
        in_second_team,
        instance_admin,
    ],
    ids=["has-logged-in", "in-another-team", "instance-admin"],
)
def test_admin_cannot_set_the_password_of_an_account_that_is_its_owners(
    client, admin, make_member, makes_it_theirs
):
    member = makes_it_theirs(make_member(Role.reviewer), make_member)
    page = client.get("/teams/demo-newsroom/members").text
    assert f"/members/{member.id}/password" not in page
    response = client.post(
        f"/teams/demo-newsroom/members/{member.id}/password",
        data={"password": "another long password"},
    )
    assert response.status_code == 404
    assert accounts.authenticate(member.email, PASSWORD) is not None


def test_member_page_offers_the_password_control_for_a_fresh_account(client, admin, make_member):
    member = make_member(Role.reviewer)
    assert f"/members/{member.id}/password" in client.get("/teams/demo-newsroom/members").text


def test_last_admin_cannot_step_down(client, team, admin):
    response = client.post(f"/teams/demo-newsroom/members/{admin.id}/role", data={"role": "viewer"})
    assert response.status_code == 302
    assert role_of(admin, team) is Role.admin
    assert "at least one admin" in client.get("/teams/demo-newsroom/members").text


@pytest.mark.parametrize(
    ("password", "message"), [("x", "at least 10"), ("", "This field is required")]
)
def test_weak_password_from_admin_is_refused_with_message(
    client, admin, make_member, password, message
):
    member = make_member(Role.reviewer)
    response = client.post(
        f"/teams/demo-newsroom/members/{member.id}/password", data={"password": password}
    )
    assert response.status_code == 422
    assert message in response.text
    assert accounts.authenticate(member.email, PASSWORD) is not None


def test_admin_removes_member(client, team, admin, make_member):
    member = make_member(Role.reviewer)
    client.post(f"/teams/demo-newsroom/members/{member.id}/remove")
    assert role_of(member, team) is None


@pytest.mark.parametrize("role", [Role.viewer, Role.reviewer, Role.editor])
def test_members_page_refuses_non_admins(client, make_member, login, role):
    login(make_member(role))
    assert client.get("/teams/demo-newsroom/members").status_code == 403


def test_members_page_of_other_team_answers_404(client, admin):
    create_team("Hidden", "hidden")
    db.session.commit()
    assert client.get("/teams/hidden/members").status_code == 404
    assert client.get("/teams/nope/members").status_code == 404


def test_member_of_other_team_cannot_be_managed(client, admin, make_member):
    stranger = make_member(Role.reviewer, in_team=create_team("Far", "far"))
    response = client.post(
        f"/teams/demo-newsroom/members/{stranger.id}/role", data={"role": "admin"}
    )
    assert response.status_code == 404


def test_post_without_csrf_token_is_refused(database_url, make_member):
    from annotator import create_app
    from tests.conftest import base_config

    config = base_config(database_url) | {"WTF_CSRF_ENABLED": True}
    app = create_app(config)
    client = app.test_client()
    response = client.post("/login", data={"email": "a@example.org", "password": PASSWORD})
    assert response.status_code == 400
    assert "CSRF" in response.text
