"""API rate limits: per token or logged-in user, 429 in the error envelope with Retry-After."""

import pytest

from annotator.models import Role


@pytest.fixture
def limits(app):
    """Switch the limits on (they are off in tests) with a tiny API limit."""
    app.config.update(RATE_LIMITS_ENABLED=True, API_RATE_LIMIT="3 per minute")
    return app


def test_calls_beyond_the_limit_answer_429_in_the_envelope(limits, api_as, make_member):
    api = api_as(make_member(Role.viewer))  # checks each answer against the OpenAPI document
    assert [api.get("/teams").status_code for _ in range(3)] == [200] * 3
    refused = api.get("/teams")
    assert refused.status_code == 429
    assert refused.get_json()["error"]["code"] == "rate_limited"
    assert "Retry-After" in refused.get_json()["error"]["message"]
    assert 0 < int(refused.headers["Retry-After"]) <= 60


def test_each_token_has_its_own_count(limits, api_as, make_member):
    for _ in range(3):
        api_as(make_member(Role.viewer)).get("/teams")
    busy = api_as(make_member(Role.viewer))
    assert [busy.get("/teams").status_code for _ in range(4)] == [200, 200, 200, 429]


def test_calls_from_the_logged_in_page_count_per_user(limits, client, login, make_member):
    login(make_member(Role.viewer))
    statuses = [client.get("/api/v1/teams").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]


def test_the_api_description_is_not_limited(limits, client):
    statuses = {client.get("/api/v1/openapi.json").status_code for _ in range(5)}
    assert statuses == {200}
