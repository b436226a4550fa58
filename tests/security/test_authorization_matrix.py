"""Every route against every role, for the team's own records and another team's."""

import pytest

from annotator.auth.permissions import can
from annotator.models import Role
from tests.conftest import PASSWORD, IsolatedClient
from tests.security.matrix import (
    FIRST_RUN,
    INSTANCE,
    MEMBER,
    OWNER,
    PUBLIC,
    ROUTES,
    UNSETTLED,
    fill,
)

IGNORED_METHODS = {"HEAD", "OPTIONS"}
#: Denied roles first and the most powerful last, so an allowed change cannot hide a refusal.
ACTORS = ("anonymous", "outsider", "viewer", "reviewer", "editor", "admin")


def url_map_rules(app) -> list[tuple[str, str, str]]:
    return sorted(
        (rule.endpoint, method, rule.rule)
        for rule in app.url_map.iter_rules()
        for method in rule.methods - IGNORED_METHODS
    )


def test_every_route_has_an_expectation(app):
    endpoints = {endpoint for endpoint, _, _ in url_map_rules(app)}
    assert sorted(endpoints - ROUTES.keys()) == [], "add these routes to tests/security/matrix.py"
    assert sorted(ROUTES.keys() - endpoints) == [], "these routes no longer exist"


def expected(route, actor: str, record_owner: str) -> str:
    """Return the answer the role table promises: allowed, login, 403, 404 or 302."""
    if route.gate == FIRST_RUN:
        return "login"
    if route.gate == PUBLIC and actor == "anonymous":
        return "allowed"
    if actor == "anonymous":
        return "login"
    if route.logged_in is not None:
        return route.logged_in
    if route.gate in {PUBLIC, MEMBER}:
        return "allowed"
    if route.gate == OWNER:
        return "allowed" if actor == record_owner else "404"
    if route.gate == INSTANCE:
        return "allowed" if actor == "admin" else "404"  # the own team's admin is one
    if actor == "outsider":
        # The outsider administers a team of its own: there it may do anything.
        return "allowed" if route.current_team else "404"
    return "allowed" if can(Role(actor), route.gate) else str(route.denied)


def observed(response, is_api: bool) -> str:
    status, location = response.status_code, response.headers.get("Location", "")
    if (is_api and status == 401) or (status == 302 and "/login" in location):
        return "login"
    if status in {403, 404}:
        return str(status)
    if status == 302 and location.rstrip("/") in {"", "http://localhost"}:
        return "302"  # sent back to the article list with a message
    return "allowed" if status < 500 else f"server error {status}"


def client_for(app, actor: str, own, other, is_api: bool):
    client = app.test_client()
    if actor == "anonymous":
        return client, {}
    world = other if actor == "outsider" else own
    user_role = "admin" if actor == "outsider" else actor
    if is_api:
        return client, {"Authorization": f"Bearer {world.tokens[user_role]}"}
    user = world.members[user_role]
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return client, {}


def call(client, method: str, url: str, headers: dict, is_api: bool):
    if is_api and method != "GET":
        return client.open(url, method=method, json={}, headers=headers)
    return client.open(url, method=method, data={}, headers=headers)


def answers(app, endpoint, method, rule, records, own, other, actors):
    route = ROUTES[endpoint]
    is_api = rule.startswith("/api/")
    found = {}
    for actor in actors:
        url = fill(rule, route, lambda key, actor=actor: records.value(key, actor))
        client, headers = client_for(app, actor, own, other, is_api)
        with call(client, method, url, headers, is_api) as response:
            found[actor] = observed(response, is_api)
    return found


def rules(kind: str) -> list:
    """Return the URL map's rules as parameters; unsettled ones are strict xfails."""
    from annotator import create_app

    app = create_app({"TESTING": True, "SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    params = []
    for endpoint, method, rule in url_map_rules(app):
        if endpoint not in ROUTES:
            continue  # test_every_route_has_an_expectation names it
        name = f"{endpoint}-{method}"
        marks = []
        if (kind, name) in UNSETTLED:
            marks = [pytest.mark.xfail(strict=True, reason="unsettled: see SECURITY.md")]
        params.append(pytest.param(endpoint, method, rule, id=name, marks=marks))
    return params


@pytest.mark.parametrize(("endpoint", "method", "rule"), rules("own"))
def test_route_answers_each_role_as_the_role_table_says(
    app, own_world, other_world, endpoint, method, rule
):
    app.test_client_class = IsolatedClient
    route = ROUTES[endpoint]
    found = answers(app, endpoint, method, rule, own_world, own_world, other_world, ACTORS)
    wanted = {actor: expected(route, actor, "admin") for actor in ACTORS}
    assert found == wanted


@pytest.mark.parametrize(("endpoint", "method", "rule"), rules("other"))
def test_route_hides_another_teams_records_from_every_role(
    app, own_world, other_world, endpoint, method, rule
):
    route = ROUTES[endpoint]
    if route.gate in {PUBLIC, MEMBER, FIRST_RUN} or route.current_team:
        pytest.skip("this route shows no team's records")
    if route.gate == INSTANCE:
        pytest.skip("an instance administrator reaches every account, whatever its team")
    app.test_client_class = IsolatedClient
    roles = ("viewer", "reviewer", "editor", "admin")
    found = answers(app, endpoint, method, rule, other_world, own_world, other_world, roles)
    assert found == dict.fromkeys(roles, "404")
