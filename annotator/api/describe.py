"""The API's own description: the OpenAPI document and a reference page rendered from it."""

from flask import jsonify, render_template, request

from annotator.api import bp
from annotator.api.openapi import openapi_document

METHODS = ("get", "post", "put", "patch", "delete")


def server_url() -> str:
    return request.url_root.rstrip("/") + bp.url_prefix


@bp.get("/openapi.json")
def openapi_document_view():
    return jsonify(openapi_document(server_url()))


@bp.get("/reference")
def reference():
    document = openapi_document(server_url())
    operations = [
        {"method": method.upper(), "path": path, **operation}
        for path, item in document["paths"].items()
        for method, operation in item.items()
        if method in METHODS
    ]
    tags = sorted({operation["tags"][0] for operation in operations})
    return render_template(
        "api/reference.html", document=document, operations=operations, tags=tags
    )
