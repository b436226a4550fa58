"""API invitations: admins create, list and revoke; a member's role is all PUT may change."""

import pytest

from annotator.errors import NotFound
from annotator.extensions import db
from annotator.models import InvitationState, Role
from annotator.services import invitations
from annotator.services.access import role_in_team

URL = "/teams/demo-newsroom/invitations"


@pytest.fixture
def admin_api(api_as, make_member):
    return api_as(make_member(Role.admin, name="Ada Admin"))


def test_admin_invites_and_gets_the_link_once(admin_api):
    response = admin_api.post(URL, json={"email": "Guest@Example.org", "role": "editor"})
    assert response.status_code == 201
    body = response.get_json()
    assert (body["email"], body["role"], body["invited_by"]["name"]) == (
        "guest@example.org",
        "editor",
        "Ada Admin",
    )
    assert body["link"] == f"http://localhost/invitations/open#{body['code']}"
    assert invitations.find_open_invitation(body["code"]).id == body["id"]
    listed = admin_api.get(URL).get_json()["items"]
    assert [item["email"] for item in listed] == ["guest@example.org"]
    assert "code" not in listed[0]


def test_invitation_to_an_existing_account_names_nobody_and_makes_no_member(
    admin_api, make_member, outsider, team
):
    response = admin_api.post(URL, json={"email": outsider.email, "role": "admin"})
    assert response.status_code == 201
    assert outsider.name not in response.get_data(as_text=True)
    assert role_in_team(outsider, team.id) is None


def test_admin_revokes_an_invitation_and_its_code_stops(admin_api):
    body = admin_api.post(URL, json={"email": "guest@example.org", "role": "viewer"}).get_json()
    assert admin_api.delete(f"{URL}/{body['id']}").status_code == 204
    assert admin_api.get(URL).get_json()["items"] == []
    assert admin_api.delete(f"{URL}/{body['id']}").status_code == 404
    with pytest.raises(NotFound, match="not valid"):
        invitations.find_open_invitation(body["code"])


def test_another_teams_invitation_is_not_found_under_my_team(admin_api, outsider, other_team):
    invitation, _ = invitations.create_invitation(outsider, other_team, "x@example.org", Role.admin)
    db.session.commit()
    assert admin_api.delete(f"{URL}/{invitation.id}").status_code == 404
    db.session.refresh(invitation)
    assert invitation.state is InvitationState.pending


@pytest.mark.parametrize("role", ["viewer", "reviewer", "editor"])
def test_only_admins_see_or_make_invitations(api_as, make_member, role):
    api = api_as(make_member(role))
    assert api.get(URL).status_code == 403
    assert api.post(URL, json={"email": "x@example.org", "role": "admin"}).status_code == 403


def test_outsider_learns_nothing_of_a_teams_invitations(api_as, outsider, make_member, team):
    invitations.create_invitation(make_member(Role.admin), team, "x@example.org", Role.admin)
    db.session.commit()
    assert api_as(outsider).get(URL).status_code == 404


def test_role_change_of_a_non_member_answers_as_an_unknown_id(admin_api, outsider, team):
    unknown = admin_api.put("/teams/demo-newsroom/members/99999", json={"role": "viewer"})
    stranger = admin_api.put(f"/teams/demo-newsroom/members/{outsider.id}", json={"role": "viewer"})
    assert (stranger.status_code, stranger.get_json()) == (unknown.status_code, unknown.get_json())
    assert stranger.status_code == 404
    assert role_in_team(outsider, team.id) is None


def test_members_are_no_longer_added_directly(admin_api):
    response = admin_api.client.post(
        "/api/v1/teams/demo-newsroom/members",
        json={"email": "x@example.org", "role": "admin"},
        headers={"Authorization": f"Bearer {admin_api.secret}"},
    )
    assert response.status_code == 405
