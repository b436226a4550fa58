"""The OpenAPI 3.1 description of /api/v1: the routes of api/paths.py, the shapes they name.

It is also the list of query parameters each operation takes: any other answers 400.
"""

import functools
import re

from annotator.api import bodies, shapes
from annotator.api.operations import ref
from annotator.api.paths import OPEN_PATHS, PATHS

ERRORS = {
    400: "Malformed JSON (a key given twice too), unknown or mistyped fields, text holding NUL "
    "or another control character (tab and line breaks aside) or lone surrogates, or a query "
    "parameter that is mistyped or that the operation does not take",
    401: "No token, or a token that is unknown, expired or revoked",
    403: "The team is yours but your role does not allow this",
    404: "No such record in your teams (another team's records answer 404 too)",
    409: "Stale version or a workflow move the article's state does not allow",
    413: "The body is larger than the server accepts",
    415: "The body is not application/json",
    422: "The fields have the right shape but break a rule; `fields` says which",
    429: "Too many requests for this token or account; wait `Retry-After` seconds, then retry",
}


def error_answer(code: int, text: str) -> dict:
    """Describe an error answer: the envelope, and for 429 the header that says how long."""
    answer = {"description": text, "content": {"application/json": {"schema": ref("Error")}}}
    if code == 429:
        seconds = {"type": "string", "pattern": "^[0-9]+$"}
        answer["headers"] = {
            "Retry-After": {"description": "Seconds to wait", "schema": seconds, "required": True}
        }
    return answer


#: The named schemas of the document: every answer and body an operation refers to.
COMPONENTS = (
    shapes.ERROR,
    shapes.PERSON,
    shapes.TEAM,
    shapes.RATING,
    shapes.ME,
    shapes.MEMBER,
    shapes.INVITATION,
    shapes.ARTICLE,
    shapes.SENTENCE,
    shapes.ANNOTATION,
    shapes.REVISION,
    shapes.RESPONSE,
    shapes.COMMENT,
    shapes.RESOLUTION,
    shapes.ASSIGNMENT,
    shapes.AGREEMENT,
    shapes.AUDIT_EVENT,
    shapes.EXPORT_FORMAT,
    shapes.ARTICLE_WITH_TEXT,
    shapes.WHOLE_ARTICLE_HEAD,
    shapes.WHOLE_ARTICLE_LINE,
    shapes.ANNOTATION_HISTORY,
    shapes.THREAD,
    shapes.NEW_INVITATION_LINK,
    shapes.ARTICLE_REVISION,
    bodies.NEW_INVITATION,
    bodies.MEMBER_ROLE,
    bodies.NEW_ARTICLE,
    bodies.NEW_VERSION,
    bodies.TRANSITION,
    bodies.ARTICLE_SETTINGS,
    bodies.ANNOTATION_ENTRY,
    bodies.UNDO,
    bodies.RESTORE,
    bodies.RESPONSE_ENTRY,
    bodies.NEW_COMMENT,
    bodies.SETTLEMENT,
    bodies.ASSIGNMENT_ENTRY,
)

INTRODUCTION = """\
Every action of the web pages, for scripts and tools. Authenticate with a personal access token
(create one on the Access tokens page of your account): `Authorization: Bearer ann_...`. A token
acts with its owner's roles in each team, nothing more; another team's records answer 404.

Errors share one envelope: `{"error": {"code", "message", "fields"}}`. Lists are paged by cursor:
follow `next` (also sent as a `Link: <...>; rel="next"` header) until it is null; rows inserted
meanwhile never shift a page. Annotations and resolutions carry a `version`: send the one you read
as `If-Match` or in the body; a stale one answers 409 with the current record in `error.current`.
Calls are limited per token (or per logged-in user): beyond the limit the answer is 429 with the
code `rate_limited` and a `Retry-After` header in seconds. Each operation takes the query
parameters listed here and no other: an unknown one (a typo such as `?limt=10`) answers 400
naming it, rather than being ignored.
"""


def openapi_document(server_url: str) -> dict:
    """Return the OpenAPI 3.1 description of the API, served from ``server_url``."""
    return {
        "openapi": "3.1.0",
        "info": {"title": "Annotator API", "version": "1.0.0", "description": INTRODUCTION},
        "servers": [{"url": server_url}],
        "security": [{"token": []}],
        "paths": {**PATHS, **OPEN_PATHS},
        "components": {
            "securitySchemes": {
                "token": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "Personal access token",
                }
            },
            "schemas": {shape.name: shape.schema() for shape in COMPONENTS},
            "responses": {f"E{code}": error_answer(code, text) for code, text in ERRORS.items()},
        },
    }


def openapi_path(rule: str) -> str:
    """Turn a Flask rule such as /api/v1/articles/<int:article_id> into /articles/{article_id}."""
    return re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", r"{\1}", rule).removeprefix("/api/v1")


@functools.cache
def query_parameters(rule: str, method: str) -> frozenset[str]:
    """Return the query parameters the operation of a Flask rule and method takes."""
    item = {**PATHS, **OPEN_PATHS}.get(openapi_path(rule), {})
    operation = item.get("get" if method == "HEAD" else method.lower(), {})
    return frozenset(p["name"] for p in operation.get("parameters", ()) if p["in"] == "query")
