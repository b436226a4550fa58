"""Who may call the API: tokens, their expiry and revocation, sessions with the CSRF header."""

from datetime import timedelta

import pytest

from annotator import create_app
from annotator.extensions import db
from annotator.models import AccessToken, utcnow
from annotator.services.tokens import revoke_token
from tests.conftest import PASSWORD, IsolatedClient, base_config


def test_request_without_token_answers_401_envelope(client, team):
    response = client.get("/api/v1/me")
    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "unauthorized"
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize(
    "header",
    ["Bearer ann_not-a-real-token", "Bearer ", "Basic dXNlcjpwYXNz", "Bearer nope"],
)
def test_unknown_token_answers_401(client, team, header):
    response = client.get("/api/v1/me", headers={"Authorization": header})
    assert response.status_code == 401


def test_token_acts_as_its_owner(api_as, make_member):
    reviewer = make_member("reviewer", "Rosa Reviewer")
    body = api_as(reviewer).get("/me").get_json()
    assert body["name"] == "Rosa Reviewer"
    assert body["teams"] == [{"slug": "demo-newsroom", "name": "Demo newsroom", "role": "reviewer"}]


def test_revoked_token_answers_401(client, make_member, token_for):
    owner = make_member("reviewer")
    secret = token_for(owner)
    token = db.session.scalars(db.select(AccessToken)).one()
    revoke_token(owner, token.id)
    db.session.commit()
    response = client.get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"})
    assert response.status_code == 401


def test_expired_token_answers_401(client, make_member, token_for):
    owner = make_member("reviewer")
    secret = token_for(owner)
    token = db.session.scalars(db.select(AccessToken)).one()
    token.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    response = client.get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"})
    assert response.status_code == 401


def test_token_of_deactivated_owner_answers_401(client, make_member, token_for):
    owner = make_member("reviewer")
    secret = token_for(owner)
    owner.active = False
    db.session.commit()
    response = client.get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"})
    assert response.status_code == 401


def test_token_use_is_recorded(api_as, make_member):
    api_as(make_member("reviewer")).get("/me")
    token = db.session.scalars(db.select(AccessToken)).one()
    assert token.last_used_at is not None


def test_token_lacking_the_role_answers_403(api_as, make_member, article):
    viewer = make_member("viewer")
    response = api_as(viewer).put(
        f"/articles/{article.id}/sentences/0/annotation", json={"verdict": "verified"}
    )
    assert response.status_code == 403
    assert response.get_json()["error"]["code"] == "permissiondenied"


def test_logged_in_session_can_read_without_a_token(client, login, make_member):
    login(make_member("viewer"))
    assert client.get("/api/v1/me").status_code == 200


@pytest.fixture
def csrf_client(database_url, team):
    """A client of an app with CSRF protection on, as in production."""
    app = create_app({**base_config(database_url), "WTF_CSRF_ENABLED": True})
    app.test_client_class = IsolatedClient
    yield app.test_client()
    with app.app_context():
        db.engine.dispose()  # its connections must not outlive the test's database


def log_in_with_csrf(client, user) -> str:
    """Log in through the real form with its CSRF token; return a token for the header."""
    page = client.get("/login").get_data(as_text=True)
    csrf = page.split('name="csrf-token" content="')[1].split('"')[0]
    response = client.post(
        "/login", data={"email": user.email, "password": PASSWORD, "csrf_token": csrf}
    )
    assert response.status_code == 302
    page = client.get("/").get_data(as_text=True)
    return page.split('name="csrf-token" content="')[1].split('"')[0]


def test_session_write_without_csrf_header_is_refused(csrf_client, make_member, article):
    log_in_with_csrf(csrf_client, make_member("reviewer"))
    response = csrf_client.put(
        f"/api/v1/articles/{article.id}/sentences/0/annotation", json={"verdict": "verified"}
    )
    assert response.status_code == 400
    assert "CSRF" in response.get_json()["error"]["message"]


def test_session_write_with_csrf_header_is_accepted(csrf_client, make_member, article):
    csrf = log_in_with_csrf(csrf_client, make_member("reviewer"))
    response = csrf_client.put(
        f"/api/v1/articles/{article.id}/sentences/0/annotation",
        json={"verdict": "verified"},
        headers={"X-CSRFToken": csrf},
    )
    assert response.status_code == 200


def test_token_write_needs_no_csrf_header(csrf_client, make_member, token_for, article):
    secret = token_for(make_member("reviewer"))
    response = csrf_client.put(
        f"/api/v1/articles/{article.id}/sentences/0/annotation",
        json={"verdict": "verified"},
        headers={"Authorization": f"Bearer {secret}"},
    )
    assert response.status_code == 200
