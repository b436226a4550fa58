"""The OpenAPI 3.1 description of /api/v1: one helper call per operation, shapes from api/shapes.py.

It is also the list of query parameters each operation takes: any other answers 400.
"""

import functools
import re

from annotator.api import shapes
from annotator.api.schema import INT32, NULL, Query, Shape
from annotator.api.shapes import PAGE
from annotator.exports.registry import FORMATS

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


def ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def parameter(name: str, where: str, schema: dict, text: str, required: bool = False) -> dict:
    return {
        "name": name,
        "in": where,
        "required": required or where == "path",
        "schema": schema,
        "description": text,
    }


SLUG = parameter("slug", "path", {"type": "string", "pattern": "^[a-z0-9-]{1,64}$"}, "Team slug")
ARTICLE = parameter("article_id", "path", INT32, "Article id")
INDEX = parameter("index", "path", INT32, "0-based sentence position in the article")
ANNOTATION = parameter("annotation_id", "path", INT32, "Annotation id")
USER = parameter("user_id", "path", INT32, "Member's user id")
INVITATION = parameter("invitation_id", "path", INT32, "Invitation id")
REVIEWER = parameter("reviewer_id", "path", INT32, "Reviewer's user id")
COMMENT = parameter("comment_id", "path", INT32, "Any comment of the thread")
FORMAT = parameter("format_name", "path", {"type": "string", "enum": list(FORMATS)}, "Format")
IF_MATCH = parameter(
    "If-Match",
    "header",
    {"type": "string", "pattern": '^(W/)?"?[0-9]{1,9}"?$'},
    "The version you based the write on (the ETag you read); wins over a `version` field",
)


#: The order of an operation's parameters: the path's, then the query's, then headers.
PLACES = ("path", "query", "header")


def page_of(item: Shape) -> dict:
    """A cursor page of records: follow ``next`` until it is null."""
    next_link = {"anyOf": [{"type": "string"}, NULL]}
    return items_of(item) | {
        "properties": {**items_of(item)["properties"], "next": next_link},
        "required": ["items", "next"],
    }


def items_of(item: Shape) -> dict:
    """A whole list of records."""
    items = {"type": "array", "items": ref(item.name)}
    return {
        "type": "object",
        "properties": {"items": items},
        "required": ["items"],
        "additionalProperties": False,
    }


def op(
    summary: str,
    tag: str,
    answer: Shape | dict | None,
    *,
    status=200,
    body: Shape | None = None,
    params=(),
    query: tuple[Query, ...] = (),
    errors=(),
    also=(),
):
    """Describe one operation: its answer, parameters, body and the errors it can give."""
    # 400 for every operation: a query parameter it does not take is refused.
    codes = {400, 401, 404, 429, *errors}
    if body:
        codes |= {413, 415}
    responses = {str(code): answer_of(answer, code) for code in (status, *also)}
    for code in sorted(codes):
        responses[str(code)] = {"$ref": f"#/components/responses/E{code}"}
    given = [*params, *(parameter for part in query for parameter in part.parameters())]
    parameters = sorted(given, key=lambda parameter: PLACES.index(parameter["in"]))
    operation = {"summary": summary, "tags": [tag], "parameters": parameters}
    operation["responses"] = responses
    if body:
        operation["requestBody"] = {
            "required": True,
            "content": {"application/json": {"schema": ref(body.name)}},
        }
    return operation


def answer_of(answer, status: int) -> dict:
    if answer is None:
        return {"description": "Done; no content"}
    if isinstance(answer, dict) and "content" in answer:
        return answer
    shown = ref(answer.name) if isinstance(answer, Shape) else answer
    return {"description": "OK", "content": {"application/json": {"schema": shown}}}


EXPORT_ANSWER = {
    "description": "The export as a file (attachment)",
    "content": {entry.media_type.split(";")[0]: {"schema": {}} for entry in FORMATS.values()},
}
S = "/articles/{article_id}/sentences/{index}"
SENTENCE = (ARTICLE, INDEX)
WRITE = (403, 422)

PATHS = {
    "/me": {"get": op("Who the token acts for, with teams and roles", "Teams", shapes.ME)},
    "/teams": {"get": op("My teams and my role in each", "Teams", items_of(shapes.TEAM))},
    "/teams/{slug}": {"get": op("One of my teams", "Teams", shapes.TEAM, params=[SLUG])},
    "/teams/{slug}/members": {
        "get": op(
            "The team's members (admins)",
            "Teams",
            items_of(shapes.MEMBER),
            params=[SLUG],
            errors=[403],
        ),
    },
    "/teams/{slug}/invitations": {
        "get": op(
            "The team's invitations waiting for an answer, expired ones too (admins)",
            "Teams",
            items_of(shapes.INVITATION),
            params=[SLUG],
            errors=[403],
        ),
        "post": op(
            "Invite an e-mail address to the team (admins). The answer is the same whether or "
            "not the address has an account; `link` (and `code`) is shown only this once: give "
            "it to the person, who accepts after logging in or creates their account with it",
            "Teams",
            shapes.NEW_INVITATION_LINK,
            status=201,
            body=shapes.NEW_INVITATION,
            params=[SLUG],
            errors=WRITE,
        ),
    },
    "/teams/{slug}/invitations/{invitation_id}": {
        "delete": op(
            "Revoke an invitation waiting for an answer: its link stops working (admins)",
            "Teams",
            None,
            status=204,
            params=[SLUG, INVITATION],
            errors=[403],
        ),
    },
    "/teams/{slug}/members/{user_id}": {
        "put": op(
            "Change a member's role (an id that is no member of the team answers 404)",
            "Teams",
            shapes.MEMBER,
            body=shapes.MEMBER_ROLE,
            params=[SLUG, USER],
            errors=WRITE,
        ),
        "delete": op(
            "Take a member out of the team",
            "Teams",
            None,
            status=204,
            params=[SLUG, USER],
            errors=WRITE,
        ),
    },
    "/teams/{slug}/agreement": {
        "get": op(
            "Agreement figures pooled over the team's articles",
            "Agreement",
            shapes.AGREEMENT,
            params=[SLUG],
        ),
    },
    "/teams/{slug}/articles": {
        "get": op(
            "The team's articles, oldest first, by cursor pages",
            "Articles",
            page_of(shapes.ARTICLE),
            params=[SLUG],
            query=(shapes.ARTICLE_FILTERS, PAGE),
        ),
        "post": op(
            "Import an article (200 when the team has that text already)",
            "Articles",
            shapes.ARTICLE_WITH_TEXT,
            status=201,
            body=shapes.NEW_ARTICLE,
            params=[SLUG],
            errors=WRITE,
            also=[200],
        ),
    },
    "/teams/{slug}/audit": {
        "get": op(
            "The team's history, oldest first; details blind review hides are withheld",
            "Audit",
            page_of(shapes.AUDIT_EVENT),
            params=[SLUG],
            query=(shapes.AUDIT_FILTERS, PAGE),
        ),
    },
    "/articles/{article_id}": {
        "get": op(
            "An article with its text and sentence offsets",
            "Articles",
            shapes.ARTICLE_WITH_TEXT,
            params=[ARTICLE],
        ),
        "patch": op(
            "Switch blind review, ask for N reviewers",
            "Articles",
            shapes.ARTICLE,
            body=shapes.ARTICLE_SETTINGS,
            params=[ARTICLE],
            errors=(403, 409, 422),
        ),
    },
    "/articles/{article_id}/transitions": {
        "post": op(
            "Move the article in the workflow",
            "Articles",
            shapes.ARTICLE,
            body=shapes.TRANSITION,
            params=[ARTICLE],
            errors=(403, 409, 422),
        ),
    },
    "/articles/{article_id}/versions": {
        "post": op(
            "Revise the article: a new version of its text; reviewers' work follows its "
            "sentences, changed ones are marked, lost ones unplaced (editors)",
            "Articles",
            shapes.ARTICLE_REVISION,
            status=201,
            body=shapes.NEW_VERSION,
            params=[ARTICLE],
            errors=(403, 409, 422),
        ),
    },
    "/articles/{article_id}/agreement": {
        "get": op(
            "Agreement figures of the article", "Agreement", shapes.AGREEMENT, params=[ARTICLE]
        ),
    },
    "/articles/{article_id}/annotations": {
        "get": op(
            "The article's annotations you may see, by cursor pages",
            "Annotations",
            page_of(shapes.ANNOTATION),
            params=[ARTICLE],
            query=(shapes.ANNOTATION_FILTERS, PAGE),
        ),
    },
    f"{S}/annotation": {
        "get": op(
            "My annotation of the sentence", "Annotations", shapes.ANNOTATION, params=SENTENCE
        ),
        "put": op(
            "Set or change my annotation (send the version you read)",
            "Annotations",
            shapes.ANNOTATION,
            body=shapes.ANNOTATION_ENTRY,
            params=[*SENTENCE, IF_MATCH],
            errors=(403, 409, 422),
        ),
        "delete": op(
            "Clear my verdict (the history keeps it)",
            "Annotations",
            shapes.ANNOTATION,
            params=[*SENTENCE, IF_MATCH],
            query=(shapes.BASED_ON,),
            errors=(403, 409),
        ),
    },
    "/annotations/{annotation_id}": {
        "get": op("One annotation", "Annotations", shapes.ANNOTATION, params=[ANNOTATION]),
    },
    "/annotations/{annotation_id}/history": {
        "get": op(
            "An annotation's earlier versions, newest first",
            "Annotations",
            shapes.ANNOTATION_HISTORY,
            params=[ANNOTATION],
        ),
    },
    "/annotations/{annotation_id}/responses": {
        "get": op(
            "Teammates' responses to an annotation",
            "Review",
            items_of(shapes.RESPONSE),
            params=[ANNOTATION],
        ),
    },
    "/annotations/{annotation_id}/response": {
        "put": op(
            "Agree or disagree with a teammate's annotation",
            "Review",
            shapes.RESPONSE,
            body=shapes.RESPONSE_ENTRY,
            params=[ANNOTATION],
            errors=(403, 409, 422),
        ),
    },
    f"{S}/comments": {
        "get": op(
            "The sentence's discussion threads", "Review", items_of(shapes.THREAD), params=SENTENCE
        ),
        "post": op(
            "Comment on the sentence, or reply to a thread",
            "Review",
            shapes.COMMENT,
            status=201,
            body=shapes.NEW_COMMENT,
            params=SENTENCE,
            errors=(403, 409, 422),
        ),
    },
    f"{S}/comments/{{comment_id}}/resolve": {
        "post": op(
            "Mark a thread resolved",
            "Review",
            shapes.THREAD,
            params=[*SENTENCE, COMMENT],
            errors=(403, 409),
        ),
    },
    "/articles/{article_id}/resolutions": {
        "get": op(
            "The team's final verdicts on the article's sentences",
            "Resolutions",
            items_of(shapes.RESOLUTION),
            params=[ARTICLE],
        ),
    },
    f"{S}/resolution": {
        "put": op(
            "Settle the sentence's final verdict (editors)",
            "Resolutions",
            shapes.RESOLUTION,
            body=shapes.SETTLEMENT,
            params=[*SENTENCE, IF_MATCH],
            errors=(403, 409, 422),
        ),
        "delete": op(
            "Reopen the sentence (editors)",
            "Resolutions",
            shapes.RESOLUTION,
            params=[*SENTENCE, IF_MATCH],
            query=(shapes.BASED_ON,),
            errors=(403, 409),
        ),
    },
    "/articles/{article_id}/assignments": {
        "get": op(
            "Who the article is assigned to",
            "Assignments",
            items_of(shapes.ASSIGNMENT),
            params=[ARTICLE],
        ),
    },
    "/articles/{article_id}/assignments/take": {
        "post": op(
            "Volunteer for an article that asks for reviewers",
            "Assignments",
            shapes.ASSIGNMENT,
            status=201,
            params=[ARTICLE],
            errors=(403, 409),
        ),
    },
    "/articles/{article_id}/assignments/{reviewer_id}": {
        "put": op(
            "Assign the article to a reviewer (editors)",
            "Assignments",
            shapes.ASSIGNMENT,
            body=shapes.ASSIGNMENT_ENTRY,
            params=[ARTICLE, REVIEWER],
            errors=(403, 409, 422),
        ),
        "delete": op(
            "Take the article back from a reviewer",
            "Assignments",
            None,
            status=204,
            params=[ARTICLE, REVIEWER],
            errors=(403, 409),
        ),
    },
    "/articles/{article_id}/exports": {
        "get": op(
            "The export formats and their links",
            "Exports",
            items_of(shapes.EXPORT_FORMAT),
            params=[ARTICLE],
            errors=[403],
        ),
    },
    "/articles/{article_id}/exports/{format_name}": {
        "get": op(
            "Download the article in one format of the export registry",
            "Exports",
            EXPORT_ANSWER,
            params=[ARTICLE, FORMAT],
            errors=(403, 422),
        ),
    },
}

#: Routes that describe the API itself; they need no token.
OPEN_PATHS = {
    "/openapi.json": {
        "get": {
            "summary": "This document",
            "tags": ["Reference"],
            "security": [],
            "responses": {
                "200": {
                    "description": "OpenAPI 3.1 JSON",
                    "content": {"application/json": {"schema": {"type": "object"}}},
                },
                "400": {"$ref": "#/components/responses/E400"},
            },
        }
    },
    "/reference": {
        "get": {
            "summary": "This document as a page",
            "tags": ["Reference"],
            "security": [],
            "responses": {
                "200": {
                    "description": "HTML",
                    "content": {"text/html": {"schema": {"type": "string"}}},
                },
                "400": {"$ref": "#/components/responses/E400"},
            },
        }
    },
}

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
            "schemas": {shape.name: shape.schema() for shape in shapes.COMPONENTS},
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
