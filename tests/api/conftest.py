"""Fixtures for API tests: tokens, a bearer client, an imported article."""

import json

import pytest
from jsonschema import Draft202012Validator

from annotator.api.openapi import openapi_document, openapi_path
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


def check_conforms(app, response, method: str, url: str) -> None:
    """Fail unless the response's status and JSON body are documented for its operation."""
    path = url.split("?")[0].removeprefix("http://localhost")
    rule, _ = app.url_map.bind("localhost").match(path, method, return_rule=True)
    document = openapi_document("http://localhost/api/v1")
    operation = document["paths"][openapi_path(rule.rule)][method.lower()]
    answer = operation["responses"].get(str(response.status_code))
    assert answer is not None, f"{method} {path} answered undocumented {response.status_code}"
    if "$ref" in answer:
        answer = document["components"]["responses"][answer["$ref"].split("/")[-1]]
    if response.status_code == 204:
        return
    media = response.mimetype
    assert media in answer["content"], f"{method} {path} answered undocumented {media}"
    schema = {**answer["content"][media]["schema"], "components": document["components"]}
    if media == "application/json":
        Draft202012Validator(schema).validate(response.get_json())
    if media == "application/x-ndjson":
        for line in response.get_data(as_text=True).splitlines():
            Draft202012Validator(schema).validate(json.loads(line))


class Api:
    """Calls /api/v1 with a bearer token; every answer is checked against the OpenAPI document."""

    def __init__(self, client, secret: str):
        self.client, self.secret = client, secret

    def call(self, method: str, path: str, json=None, headers=None, **kwargs):
        headers = {"Authorization": f"Bearer {self.secret}", **(headers or {})}
        url = path if path.startswith("http") else f"/api/v1{path}"
        response = self.client.open(url, method=method, json=json, headers=headers, **kwargs)
        check_conforms(self.client.application, response, method, url)
        return response

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
