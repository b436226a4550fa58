"""The OpenAPI document stays in step with the routes, and the reference page renders it."""

import re

import pytest
from jsonschema import Draft202012Validator

from annotator import create_app
from tests.api.conftest import openapi_path

METHODS = {"GET", "POST", "PUT", "PATCH", "DELETE"}


def api_routes(app) -> set[tuple[str, str]]:
    return {
        (openapi_path(rule.rule), method.lower())
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/api/v1/")
        for method in rule.methods & METHODS
    }


#: Every (OpenAPI path, method) of the API, from an app built without a database.
API_ROUTES = api_routes(
    create_app({"TESTING": True, "SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": "sqlite://"})
)


def documented(document) -> set[tuple[str, str]]:
    return {(path, method) for path, item in document["paths"].items() for method in item}


def test_every_route_is_documented(app, client):
    document = client.get("/api/v1/openapi.json").get_json()
    assert api_routes(app) - documented(document) == set()


def test_every_documented_operation_is_routed(app, client):
    document = client.get("/api/v1/openapi.json").get_json()
    assert documented(document) - api_routes(app) == set()


def test_document_declares_openapi_3_1_with_bearer_tokens(client):
    document = client.get("/api/v1/openapi.json").get_json()
    assert document["openapi"] == "3.1.0"
    assert document["components"]["securitySchemes"]["token"]["scheme"] == "bearer"
    assert document["servers"] == [{"url": "http://localhost/api/v1"}]


def test_every_schema_is_a_valid_json_schema(client):
    document = client.get("/api/v1/openapi.json").get_json()
    for schema in document["components"]["schemas"].values():
        Draft202012Validator.check_schema(schema)


def test_every_operation_documents_the_error_envelope(client):
    document = client.get("/api/v1/openapi.json").get_json()
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if operation.get("security") == []:
                continue
            assert {"401", "404", "429"} <= set(operation["responses"]), (method, path)


def test_reference_page_lists_every_operation_without_a_token(client, app):
    page = client.get("/api/v1/reference")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    for path, method in api_routes(app):
        assert f"{method.upper()} {path}" in text
    assert "https://" not in text.split("<body>")[0]  # no external assets in the head


def test_document_is_served_without_a_token(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response.mimetype == "application/json"


def test_every_operation_documents_the_400_of_an_unknown_query_parameter(client):
    document = client.get("/api/v1/openapi.json").get_json()
    for path, item in document["paths"].items():
        for method, operation in item.items():
            assert "400" in operation["responses"], (method, path)


#: A value for each URL part: the parameter check answers before any record is loaded.
URL_VALUES = {"slug": "demo-newsroom", "format_name": "json"}


def filled(rule: str) -> str:
    path = openapi_path(rule)
    for name in re.findall(r"{([a-z_]+)}", path):
        path = path.replace(f"{{{name}}}", URL_VALUES.get(name, "1"))
    return path


@pytest.mark.parametrize(("path", "method"), sorted(API_ROUTES))
def test_every_operation_refuses_a_query_parameter_it_does_not_take(
    api_as, make_member, path, method
):
    api = api_as(make_member("admin"))
    response = api.call(method.upper(), filled(path), query_string={"bogus": "1"})
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert list(error["fields"]) == ["bogus"]
    assert "no such query parameter" in error["fields"]["bogus"]


def test_a_misspelt_parameter_is_named_with_the_ones_the_operation_takes(api_as, make_member):
    api = api_as(make_member("admin"))
    response = api.get("/teams/demo-newsroom/articles", query_string={"limt": "5"})
    assert response.status_code == 400
    message = response.get_json()["error"]["fields"]["limt"]
    assert "cursor, limit, reviewer, since, state, until" in message


def test_the_parameters_an_operation_takes_are_accepted(api_as, make_member):
    api = api_as(make_member("admin"))
    query = {"limit": "5", "state": "draft", "since": "2026-01-01T00:00:00Z"}
    assert api.get("/teams/demo-newsroom/articles", query_string=query).status_code == 200


def test_the_document_itself_refuses_unknown_parameters_without_a_token(client):
    response = client.get("/api/v1/openapi.json", query_string={"bogus": "1"})
    assert response.status_code == 400
    assert "bogus" in response.get_json()["error"]["fields"]


def test_a_call_without_a_token_is_told_to_authenticate_before_its_parameters(client):
    assert client.get("/api/v1/me", query_string={"bogus": "1"}).status_code == 401
