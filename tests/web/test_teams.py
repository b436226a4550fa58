"""The members page: admins create accounts, change roles, set passwords, remove members."""

import pytest

from annotator.extensions import db
from annotator.models import Membership, Role
from annotator.services import accounts
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


def test_admin_creates_account_that_can_log_in(client, team, admin):
    response = client.post(
        "/teams/demo-newsroom/members",
        data={
            "name": "New Reviewer",
            "email": "new@example.org",
            "role": "reviewer",
            "password": PASSWORD,
        },
    )
    assert response.status_code == 302
    new = accounts.find_user_by_email("new@example.org")
    assert role_of(new, team) is Role.reviewer
    assert accounts.authenticate("new@example.org", PASSWORD) is not None


def test_admin_adds_existing_account_by_email(client, team, admin, make_member):
    from annotator.services.teams import create_team

    elsewhere = make_member(Role.viewer, name="Ellis Where", in_team=create_team("Other", "other"))
    client.post(
        "/teams/demo-newsroom/members",
        data={
            "name": "ignored",
            "email": elsewhere.email,
            "role": "editor",
            "password": "",
        },
    )
    assert role_of(elsewhere, team) is Role.editor


def test_admin_add_member_rejects_duplicate_and_short_password(client, admin):
    response = client.post(
        "/teams/demo-newsroom/members",
        data={
            "name": "X",
            "email": "x@example.org",
            "role": "reviewer",
            "password": "short",
        },
    )
    assert response.status_code == 422
    assert "at least 10" in response.text
    assert accounts.find_user_by_email("x@example.org") is None


def test_admin_changes_role_and_sets_password(client, team, admin, make_member):
    member = make_member(Role.reviewer)
    client.post(f"/teams/demo-newsroom/members/{member.id}/role", data={"role": "editor"})
    assert role_of(member, team) is Role.editor
    client.post(
        f"/teams/demo-newsroom/members/{member.id}/password",
        data={"password": "another long password"},
    )
    assert accounts.authenticate(member.email, "another long password") is not None


def test_last_admin_cannot_step_down(client, team, admin):
    response = client.post(f"/teams/demo-newsroom/members/{admin.id}/role", data={"role": "viewer"})
    assert response.status_code == 302
    assert role_of(admin, team) is Role.admin
    assert "at least one admin" in client.get("/teams/demo-newsroom/members").text


def test_weak_password_from_admin_is_refused_with_message(client, admin, make_member):
    member = make_member(Role.reviewer)
    client.post(f"/teams/demo-newsroom/members/{member.id}/password", data={"password": "x"})
    assert "at least 10" in client.get("/teams/demo-newsroom/members").text


def test_admin_removes_member(client, team, admin, make_member):
    member = make_member(Role.reviewer)
    client.post(f"/teams/demo-newsroom/members/{member.id}/remove")
    assert role_of(member, team) is None


@pytest.mark.parametrize("role", [Role.viewer, Role.reviewer, Role.editor])
def test_members_page_refuses_non_admins(client, make_member, login, role):
    login(make_member(role))
    assert client.get("/teams/demo-newsroom/members").status_code == 403


def test_members_page_of_other_team_answers_404(client, admin):
    from annotator.services.teams import create_team

    create_team("Hidden", "hidden")
    db.session.commit()
    assert client.get("/teams/hidden/members").status_code == 404
    assert client.get("/teams/nope/members").status_code == 404


def test_member_of_other_team_cannot_be_managed(client, admin, make_member):
    from annotator.services.teams import create_team

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
