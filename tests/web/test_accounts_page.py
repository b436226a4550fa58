"""The instance administrators' Accounts page: list, reset any password, name administrators."""

import pytest

from annotator.extensions import db
from annotator.models import Role
from annotator.services import accounts
from annotator.services.teams import create_team
from annotator.services.tokens import create_token
from tests.conftest import PASSWORD

NEW = "a brand new passphrase"


@pytest.fixture
def boss(make_member, login):
    user = make_member(Role.viewer, name="Ian Stance")
    user.is_instance_admin = True
    db.session.commit()
    return login(user)


@pytest.fixture
def victim(make_member):
    user = make_member(Role.admin, name="Vic Tim", in_team=create_team("Far", "far"))
    accounts.record_login(user)
    db.session.commit()
    return user


def test_page_lists_every_account_with_teams_and_last_login(client, boss, victim):
    page = client.get("/accounts/")
    assert page.status_code == 200
    assert "Vic Tim" in page.text
    assert "Far" in page.text
    assert f"/accounts/{victim.id}/password" in page.text
    assert f"/accounts/{boss.id}/password" not in page.text  # their own: the usual page


def test_top_bar_links_to_the_page_for_instance_administrators_only(app, client, boss, victim):
    assert 'href="/accounts/"' in client.get("/").text
    victims_browser = app.test_client()
    victims_browser.post("/login", data={"email": victim.email, "password": PASSWORD})
    assert 'href="/accounts/"' not in victims_browser.get("/").text


def test_reset_ends_sessions_and_revokes_tokens(app, client, boss, victim):
    _, secret = create_token(victim, "CMS")
    db.session.commit()
    victims_browser = app.test_client()
    victims_browser.post("/login", data={"email": victim.email, "password": PASSWORD})
    assert victims_browser.get("/").status_code == 200
    response = client.post(
        f"/accounts/{victim.id}/password", data={"password": NEW}, follow_redirects=True
    )
    assert "every session of theirs ended, and 1 access token stopped working" in response.text
    assert victims_browser.get("/").status_code == 302
    assert (
        client.get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"}).status_code == 401
    )
    assert accounts.authenticate(victim.email, NEW) is not None


def test_weak_reset_is_refused_with_the_reason(client, boss, victim):
    response = client.post(
        f"/accounts/{victim.id}/password", data={"password": f" {victim.email.upper()}"}
    )
    assert response.status_code == 422
    assert "not your e-mail address or your name" in response.text
    assert accounts.authenticate(victim.email, PASSWORD) is not None


def test_instance_admins_name_another_and_step_down(client, boss, victim):
    client.post(f"/accounts/{victim.id}/instance-admin", data={"change": "grant"})
    db.session.refresh(victim)
    assert victim.is_instance_admin
    response = client.post(f"/accounts/{boss.id}/instance-admin", data={"change": "revoke"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"  # the page is closed to them now
    assert client.get("/accounts/").status_code == 404


def test_the_last_instance_admin_cannot_step_down(client, boss):
    response = client.post(f"/accounts/{boss.id}/instance-admin", data={"change": "revoke"})
    assert response.status_code == 422
    assert "at least one instance administrator" in response.text
    db.session.refresh(boss)
    assert boss.is_instance_admin


@pytest.mark.parametrize("role", ["viewer", "reviewer", "editor", "admin"])
def test_team_roles_give_no_power_over_accounts(client, login, make_member, victim, role):
    login(make_member(role))
    assert client.get("/accounts/").status_code == 404
    response = client.post(f"/accounts/{victim.id}/password", data={"password": NEW})
    assert response.status_code == 404
    granted = client.post(f"/accounts/{victim.id}/instance-admin", data={"change": "grant"})
    assert granted.status_code == 404
    assert accounts.authenticate(victim.email, PASSWORD) is not None
