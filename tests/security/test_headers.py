"""Security headers: every route of the URL map answers with the CSP and its companions."""

import pytest
from flask import url_for

from annotator.exports import registry
from annotator.web.headers import FILE_POLICY, PDF_POLICY
from tests.conftest import PASSWORD, IsolatedClient, unavailable
from tests.security.matrix import ROUTES
from tests.security.test_authorization_matrix import url_map_rules

COMPANIONS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


def directives(policy: str) -> dict[str, set[str]]:
    """Split a Content-Security-Policy into its directives and their sources."""
    parsed = {}
    for part in filter(None, (piece.strip() for piece in policy.split(";"))):
        name, *sources = part.split()
        parsed[name] = set(sources)
    return parsed


def problems(response) -> list[str]:
    """Name what a response lacks of the strict policy and the companion headers."""
    found = [
        f"{name}: {response.headers.get(name)!r}"
        for name, value in COMPANIONS.items()
        if response.headers.get(name) != value
    ]
    policy = directives(response.headers.get("Content-Security-Policy", ""))
    scripts = policy.get("script-src", policy.get("default-src", {"*"}))
    objects = policy.get("object-src", policy.get("default-src", {"*"}))
    if scripts & {"'unsafe-inline'", "'unsafe-eval'", "*", "data:"}:
        found.append(f"scripts allowed from {sorted(scripts)}")
    if objects != {"'none'"}:
        found.append(f"objects allowed from {sorted(objects)}")
    for name in ("frame-ancestors", "base-uri"):
        if policy.get(name) != {"'none'"}:
            found.append(f"{name} is {policy.get(name)}")
    return found


def logged_in_client(app, world, is_api: bool):
    """Return a client and headers acting as the team's admin, by cookie or by token."""
    client = app.test_client()
    if is_api:
        return client, {"Authorization": f"Bearer {world.tokens['admin']}"}
    user = world.members["admin"]
    client.post("/login", data={"email": user.email, "password": PASSWORD})
    return client, {}


def test_every_route_sends_the_security_headers(app, own_world):
    app.test_client_class = IsolatedClient
    missing = {}
    for endpoint, method, rule in url_map_rules(app):
        values = {name: own_world.values[key] for name, key in ROUTES[endpoint].url_values()}
        with app.test_request_context():
            url = url_for(endpoint, **values)
        # A fresh admin each time: logging out or removing a record must not blind the rest.
        client, headers = logged_in_client(app, own_world, rule.startswith("/api/"))
        with client.open(url, method=method, headers=headers) as response:
            if found := problems(response):
                missing[f"{method} {url} ({response.status_code})"] = found
    assert missing == {}


@pytest.mark.parametrize(
    ("url", "status"),
    [("/login", 200), ("/no-such-page", 404), ("/", 302), ("/healthz", 200), ("/favicon.ico", 200)],
)
def test_anonymous_answers_send_the_security_headers(client, make_member, url, status):
    make_member()  # with no account at all, every page leads to the first-admin setup
    response = client.get(url)
    assert response.status_code == status
    assert problems(response) == []


def test_page_policy_allows_no_inline_script_or_style(client):
    policy = directives(client.get("/login").headers["Content-Security-Policy"])
    assert policy["script-src"] == {"'self'"}
    assert policy["style-src"] == {"'self'"}
    assert policy["form-action"] == {"'self'"}


@pytest.mark.parametrize(
    ("format_name", "policy"),
    [("html", FILE_POLICY), ("csv", FILE_POLICY), ("w3c", FILE_POLICY), ("pdf", PDF_POLICY)],
)
def test_export_download_gets_the_file_policy(app, own_world, format_name, policy):
    if reason := registry.FORMATS[format_name].unavailable():
        unavailable(reason)
    client, _ = logged_in_client(app, own_world, is_api=False)
    article_id = own_world.values["article_id"]
    with client.get(f"/articles/{article_id}/export/{format_name}?inline=1") as response:
        assert response.status_code == 200
        assert response.headers["Content-Security-Policy"] == policy
        assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_html_report_is_sandboxed_with_nothing_but_inline_style(app, own_world):
    client, _ = logged_in_client(app, own_world, is_api=False)
    with client.get(f"/articles/{own_world.values['article_id']}/export/html") as response:
        policy = directives(response.headers.get("Content-Security-Policy", ""))
        assert policy.get("default-src") == {"'none'"}
        assert policy.get("style-src") == {"'unsafe-inline'"}
        assert "sandbox" in policy
        assert problems(response) == []


@pytest.mark.parametrize("url", ["/sitemap.xml"])
def test_xml_answers_are_sandboxed_and_run_no_script(client, url):
    from annotator.web.headers import XML_POLICY

    answer = client.get(url)
    assert answer.headers["Content-Security-Policy"] == XML_POLICY
    assert "script-src" not in XML_POLICY
    assert "sandbox" in XML_POLICY
    assert answer.headers["X-Content-Type-Options"] == "nosniff"
