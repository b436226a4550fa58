"""The OpenAPI document stays in step with the routes, and the reference page renders it."""

from jsonschema import Draft202012Validator

from tests.api.conftest import openapi_path

METHODS = {"GET", "POST", "PUT", "PATCH", "DELETE"}


def api_routes(app) -> set[tuple[str, str]]:
    return {
        (openapi_path(rule.rule), method.lower())
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/api/v1/")
        for method in rule.methods & METHODS
    }


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
