"""First run, login, logout, password change."""

import pytest

from annotator.extensions import db
from annotator.models import Membership, Role, User
from annotator.services import accounts, teams
from tests.conftest import PASSWORD


def test_every_page_leads_to_setup_when_nobody_can_log_in(client, team):
    for path in ["/", "/articles/new", "/login", "/articles/1"]:
        response = client.get(path)
        assert response.status_code == 302
        assert response.headers["Location"].endswith("/setup")


def test_setup_creates_admin_of_every_team(client, team):
    other = teams.create_team("Night desk", "night-desk")
    db.session.commit()
    response = client.post(
        "/setup",
        data={
            "newsroom": "Harbour Herald fact desk",
            "name": "Ada",
            "email": "ADA@example.org",
            "password": PASSWORD,
            "confirm": PASSWORD,
        },
    )
    assert response.status_code == 302
    ada = accounts.find_user_by_email("ada@example.org")
    newsroom = teams.find_team("harbour-herald-fact-desk")
    roles = {m.team_id: m.role for m in ada.memberships}
    assert roles == {team.id: Role.admin, other.id: Role.admin, newsroom.id: Role.admin}
    assert newsroom.name == "Harbour Herald fact desk"
    assert client.get("/").status_code == 200


def test_setup_opens_on_the_named_newsroom_not_the_demo(client, team):
    team.is_demo = True
    db.session.commit()
    data = {"newsroom": "Harbour Herald", "name": "Ada", "email": "ada@example.org"}
    response = client.post("/setup", data={**data, "password": PASSWORD, "confirm": PASSWORD})
    page = client.get(response.headers["Location"]).text
    assert "Welcome! You are the administrator of Harbour Herald." in page
    assert "selected>Harbour Herald (Admin)</option>" in page
    assert "Demo newsroom · demo (Admin)" in page


@pytest.mark.parametrize(
    ("newsroom", "message"),
    [
        ("", "Name your newsroom."),
        ("   ", "Name your newsroom."),
        ("x" * 101, "Use at most 100 characters."),
        ("demo NEWSROOM", "A team named “demo NEWSROOM” exists already; choose another."),
    ],
)
def test_setup_refuses_a_newsroom_name_with_every_other_problem_too(
    client, team, newsroom, message
):
    data = {"newsroom": newsroom, "name": "Ada", "email": "ada@example.org"}
    response = client.post("/setup", data={**data, "password": "short", "confirm": "short"})
    assert response.status_code == 422
    assert message in response.text
    if newsroom.strip() and len(newsroom) <= 100:  # past the form's checks: the service's
        assert "Use at least 10 characters." in response.text
    assert db.session.query(User).count() == 0
    assert teams.find_team("demo-newsroom-2") is None


def test_setup_ignores_demo_accounts_without_password(client, team):
    accounts.create_user("demo@example.org", "Demo", None)
    db.session.commit()
    assert client.get("/").headers["Location"].endswith("/setup")


def test_setup_is_closed_once_an_account_exists(client, make_member):
    make_member(Role.admin)
    response = client.post(
        "/setup",
        data={
            "newsroom": "Eve's desk",
            "name": "Eve",
            "email": "eve@example.org",
            "password": PASSWORD,
            "confirm": PASSWORD,
        },
    )
    assert response.status_code == 302
    assert accounts.find_user_by_email("eve@example.org") is None


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {
                "newsroom": "Desk",
                "name": "A",
                "email": "a@example.org",
                "password": "short",
                "confirm": "short",
            },
            "at least 10",
        ),
        (
            {
                "newsroom": "Desk",
                "name": "A",
                "email": "a@example.org",
                "password": "1234567890",
                "confirm": "1234567890",
            },
            "most common",
        ),
        (
            {
                "newsroom": "Desk",
                "name": "A",
                "email": "not-an-email",
                "password": PASSWORD,
                "confirm": PASSWORD,
            },
            "Invalid email",
        ),
        (
            {
                "newsroom": "Desk",
                "name": "A",
                "email": "a@example.org",
                "password": PASSWORD,
                "confirm": "other one!!",
            },
            "Passwords differ",
        ),
        (
            {
                "newsroom": "Desk",
                "name": "",
                "email": "a@example.org",
                "password": PASSWORD,
                "confirm": PASSWORD,
            },
            "This field is required",
        ),
    ],
)
def test_setup_rejects_bad_input(client, team, data, message):
    response = client.post("/setup", data=data)
    assert response.status_code == 422
    assert message in response.text
    assert db.session.query(User).count() == 0


def test_login_wrong_password_gives_same_message_as_unknown_email(client, make_member):
    user = make_member(Role.reviewer)
    wrong_password = client.post("/login", data={"email": user.email, "password": "nope" * 3})
    unknown = client.post("/login", data={"email": "who@example.org", "password": "nope" * 3})
    assert wrong_password.status_code == unknown.status_code == 401
    assert "Wrong e-mail address or password." in wrong_password.text
    assert "Wrong e-mail address or password." in unknown.text


def test_login_rejects_offsite_next(client, make_member):
    user = make_member(Role.reviewer)
    response = client.post(
        "/login?next=//evil.example/x", data={"email": user.email, "password": PASSWORD}
    )
    assert response.headers["Location"] == "/"


def test_login_renews_session(client, make_member):
    user = make_member(Role.reviewer)
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
    client.post("/login", data={"email": user.email, "password": PASSWORD})
    with client.session_transaction() as session:
        assert "planted" not in session


def test_login_remember_me_sets_cookie(client, make_member):
    user = make_member(Role.reviewer)
    client.post("/login", data={"email": user.email, "password": PASSWORD, "remember": "y"})
    assert client.get_cookie("remember_token") is not None


def test_logout_ends_session(client, make_member, login):
    login(make_member(Role.reviewer))
    client.post("/logout")
    assert client.get("/").status_code == 302


def test_logout_ends_the_users_other_sessions(app, client, make_member, login):
    user = login(make_member(Role.reviewer))
    other_device = app.test_client()  # same IsolatedClient class as `client`
    other_device.post("/login", data={"email": user.email, "password": PASSWORD, "remember": "y"})
    assert other_device.get("/").status_code == 200
    client.post("/logout")
    response = other_device.get("/")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


@pytest.mark.parametrize("secure", [False, True])
def test_login_cookies_are_httponly_lax_and_secure_when_configured(
    app, client, make_member, secure
):
    app.config["SESSION_COOKIE_SECURE"] = app.config["REMEMBER_COOKIE_SECURE"] = secure
    user = make_member(Role.reviewer)
    response = client.post(
        "/login", data={"email": user.email, "password": PASSWORD, "remember": "y"}
    )
    cookies = {c.split("=")[0]: c for c in response.headers.getlist("Set-Cookie")}
    assert set(cookies) == {"session", "remember_token"}
    for cookie in cookies.values():
        assert "; HttpOnly" in cookie
        assert "; SameSite=Lax" in cookie
        assert ("; Secure" in cookie) is secure


def test_change_password_logs_out_other_sessions(app, client, make_member, login):
    user = login(make_member(Role.reviewer))
    other_device = app.test_client()  # same IsolatedClient class as `client`
    other_device.post("/login", data={"email": user.email, "password": PASSWORD})
    new = "an even longer password"
    response = client.post(
        "/account/password",
        data={
            "current_password": PASSWORD,
            "password": new,
            "confirm": new,
        },
    )
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    assert other_device.get("/").status_code == 302
    assert accounts.authenticate(user.email, new) is not None


def test_change_password_requires_current_password(client, make_member, login):
    login(make_member(Role.reviewer))
    new = "an even longer password"
    response = client.post(
        "/account/password",
        data={
            "current_password": "wrong password",
            "password": new,
            "confirm": new,
        },
    )
    assert response.status_code == 422
    assert "not your current password" in response.text


def test_demo_account_cannot_log_in_until_password_set(client, team, make_member):
    make_member(Role.admin)
    demo = accounts.create_user("demo@example.org", "Demo", None)
    db.session.add(Membership(team=team, user=demo, role=Role.reviewer))
    db.session.commit()
    assert (
        client.post("/login", data={"email": demo.email, "password": PASSWORD}).status_code == 401
    )
    accounts.set_password(demo, PASSWORD)
    db.session.commit()
    assert (
        client.post("/login", data={"email": demo.email, "password": PASSWORD}).status_code == 302
    )


def test_setup_account_is_the_instance_administrator_and_has_logged_in(client, team):
    new = {
        "newsroom": "Desk",
        "name": "Ada",
        "email": "ada@example.org",
        "password": PASSWORD,
        "confirm": PASSWORD,
    }
    client.post("/setup", data=new)
    ada = accounts.find_user_by_email("ada@example.org")
    assert ada.is_instance_admin
    assert ada.last_login_at is not None
    assert 'href="/accounts/"' in client.get("/").text


def test_login_is_recorded(client, make_member):
    user = make_member(Role.reviewer)
    client.post("/login", data={"email": user.email, "password": PASSWORD})
    db.session.refresh(user)
    assert user.last_login_at is not None


def test_failed_login_is_not_recorded(client, make_member):
    user = make_member(Role.reviewer)
    client.post("/login", data={"email": user.email, "password": "not the password"})
    db.session.refresh(user)
    assert user.last_login_at is None


def test_change_password_page_says_tokens_are_revoked_before_it_happens(client, make_member, login):
    login(make_member(Role.reviewer))
    page = client.get("/account/password").text
    assert "revokes all your" in page


def test_change_password_revokes_the_accounts_tokens(client, make_member, login):
    from annotator.services.tokens import create_token

    user = login(make_member(Role.reviewer))
    _, secret = create_token(user, "CMS")
    db.session.commit()
    bearer = {"Authorization": f"Bearer {secret}"}
    assert client.get("/api/v1/me", headers=bearer).status_code == 200
    new = "an even longer password"
    response = client.post(
        "/account/password",
        data={"current_password": PASSWORD, "password": new, "confirm": new},
        follow_redirects=True,
    )
    assert "1 access token revoked" in response.text
    assert client.get("/api/v1/me", headers=bearer).status_code == 401


def test_change_password_to_the_own_address_is_refused(client, make_member, login):
    user = login(make_member(Role.reviewer))
    response = client.post(
        "/account/password",
        data={"current_password": PASSWORD, "password": user.email, "confirm": user.email},
    )
    assert response.status_code == 422
    assert "not your e-mail address" in response.text
    assert accounts.authenticate(user.email, PASSWORD) is not None
