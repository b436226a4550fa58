"""Fixtures for API tests: tokens, a bearer client, an imported article."""

import pytest

from annotator.extensions import db
from annotator.models import Role
from annotator.services import teams
from annotator.services.articles import ArticleDraft, import_article
from annotator.services.tokens import create_token

ARTICLE_TEXT = (
    "The mayor said crime fell by 20 percent last year. Police figures show a rise.\n\n"
    "The council will vote on Tuesday. Critics called the plan reckless."
)


@pytest.fixture
def token_for(app):
    """Return a fresh secret for the user's new token."""

    def make(user, name: str = "script", expires_on=None) -> str:
        _, secret = create_token(user, name, expires_on)
        db.session.commit()
        return secret

    return make


class Api:
    """Calls /api/v1 with a bearer token, answering the test client's response."""

    def __init__(self, client, secret: str):
        self.client, self.secret = client, secret

    def call(self, method: str, path: str, json=None, headers=None, **kwargs):
        headers = {"Authorization": f"Bearer {self.secret}", **(headers or {})}
        url = path if path.startswith("http") else f"/api/v1{path}"
        return self.client.open(url, method=method, json=json, headers=headers, **kwargs)

    def get(self, path, **kwargs):
        return self.call("GET", path, **kwargs)

    def post(self, path, json=None, **kwargs):
        return self.call("POST", path, json=json, **kwargs)

    def put(self, path, json=None, **kwargs):
        return self.call("PUT", path, json=json, **kwargs)

    def patch(self, path, json=None, **kwargs):
        return self.call("PATCH", path, json=json, **kwargs)

    def delete(self, path, **kwargs):
        return self.call("DELETE", path, **kwargs)


@pytest.fixture
def api_as(client, token_for):
    """Return an API caller acting as the user, through a new token of theirs."""
    return lambda user: Api(client, token_for(user))


@pytest.fixture
def article(team):
    result = import_article(team, None, ArticleDraft(title="Crime figures", text=ARTICLE_TEXT))
    db.session.commit()
    return result.article


@pytest.fixture
def other_team(app):
    team = teams.create_team("Rival desk", "rival-desk")
    db.session.commit()
    return team


@pytest.fixture
def outsider(make_member, other_team):
    """An admin of another team, with every power there and none here."""
    return make_member(Role.admin, "Outsider", in_team=other_team)
