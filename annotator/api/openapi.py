"""The OpenAPI 3.1 description of /api/v1, one helper call per operation.

It is also the list of query parameters each operation takes: any other answers 400.
"""

import functools
import re

from annotator import limits
from annotator.exports.registry import FORMATS
from annotator.models import ArticleState, Role, Stance, Verdict

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


def maybe(schema: dict) -> dict:
    return {"anyOf": [schema, {"type": "null"}]}


def obj(properties: dict, optional: tuple = ()) -> dict:
    required = [name for name in properties if name not in optional]
    return {
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": False,
    }


def enum_of(members) -> dict:
    return {"type": "string", "enum": [member.value for member in members]}


STRING, INTEGER, BOOLEAN = {"type": "string"}, {"type": "integer"}, {"type": "boolean"}


def text(limit: limits.TextLimit) -> dict:
    """A string of at most the limit's characters (annotator/limits.py, as the services check)."""
    return {"type": "string", "maxLength": limit.most}


MOMENT = {"type": "string", "format": "date-time"}
DAY = {"type": "string", "format": "date"}
PERSON = obj({"id": INTEGER, "name": STRING})
SPAN = obj({"start": INTEGER, "end": INTEGER})
SOURCE_OUT = obj({"url": STRING, "title": STRING, "quote": STRING})
SOURCE_IN = obj(
    {
        "url": text(limits.WEB_ADDRESS),
        "title": text(limits.SOURCE_TITLE),
        "quote": text(limits.SOURCE_QUOTE),
    },
    optional=("title", "quote"),
)
NUMBER_OR_NULL = maybe({"type": "number"})

SCHEMAS = {
    "Error": obj(
        {
            "error": obj(
                {
                    "code": STRING,
                    "message": STRING,
                    "fields": {"type": "object", "additionalProperties": STRING},
                    "current": {},
                },
                optional=("current",),
            )
        }
    ),
    "Person": PERSON,
    "Team": obj({"slug": STRING, "name": STRING, "role": enum_of(Role)}),
    "Me": obj(
        {
            "id": INTEGER,
            "name": STRING,
            "email": STRING,
            "teams": {"type": "array", "items": ref("Team")},
        }
    ),
    "Member": obj({"id": INTEGER, "name": STRING, "email": STRING, "role": enum_of(Role)}),
    "Invitation": obj(
        {
            "id": INTEGER,
            "email": STRING,
            "role": enum_of(Role),
            "invited_by": maybe(PERSON),
            "created_at": MOMENT,
            "expires_at": MOMENT,
            "expired": BOOLEAN,
        }
    ),
    "Article": obj(
        {
            "id": INTEGER,
            "team": STRING,
            "title": STRING,
            "state": enum_of(ArticleState),
            "sha256": STRING,
            "source_url": maybe(STRING),
            "publisher": maybe(STRING),
            "published_on": maybe(DAY),
            "language": STRING,
            "blind_review": BOOLEAN,
            "reviewers_wanted": maybe(INTEGER),
            "created_at": MOMENT,
            "version": INTEGER,
            "version_date": MOMENT,
            "transitions": {"type": "array", "items": enum_of(ArticleState)},
        }
    ),
    "Sentence": obj(
        {"index": INTEGER, "start": INTEGER, "end": INTEGER, "paragraph": INTEGER, "text": STRING}
    ),
    "Annotation": obj(
        {
            "id": INTEGER,
            "article_id": INTEGER,
            "sentence_index": INTEGER,
            "reviewer": PERSON,
            "verdict": maybe(enum_of(Verdict)),
            "note": STRING,
            "span": maybe(SPAN),
            "sources": {"type": "array", "items": SOURCE_OUT},
            "version": INTEGER,
            "created_at": MOMENT,
            "updated_at": MOMENT,
        }
    ),
    "Revision": obj(
        {
            "version": INTEGER,
            "verdict": maybe(enum_of(Verdict)),
            "note": STRING,
            "span": maybe(SPAN),
            "sources": {"type": "array", "items": SOURCE_OUT},
            "recorded_at": MOMENT,
        }
    ),
    "Response": obj(
        {
            "id": INTEGER,
            "annotation_id": INTEGER,
            "responder": PERSON,
            "stance": enum_of(Stance),
            "comment": STRING,
            "updated_at": MOMENT,
        }
    ),
    "Comment": obj(
        {
            "id": INTEGER,
            "author": PERSON,
            "body": STRING,
            "parent_id": maybe(INTEGER),
            "created_at": MOMENT,
            "resolved_at": maybe(MOMENT),
        }
    ),
    "Resolution": obj(
        {
            "sentence_index": INTEGER,
            "verdict": maybe(enum_of(Verdict)),
            "rationale": STRING,
            "settled_by": maybe(PERSON),
            "settled_at": MOMENT,
            "version": INTEGER,
        }
    ),
    "Assignment": obj(
        {
            "reviewer": PERSON,
            "assigned_by": maybe(PERSON),
            "due_on": maybe(DAY),
            "created_at": MOMENT,
        }
    ),
    "Agreement": obj(
        {
            "alpha": NUMBER_OR_NULL,
            "percent": NUMBER_OR_NULL,
            "sentences_compared": INTEGER,
            "reviewers": {"type": "array", "items": PERSON},
            "pairwise": {
                "type": "array",
                "items": obj(
                    {
                        "reviewers": {"type": "array", "items": PERSON},
                        "kappa": NUMBER_OR_NULL,
                        "sentences": INTEGER,
                    }
                ),
            },
            "disagreements": {"type": "array", "items": INTEGER},
        }
    ),
    "AuditEvent": obj(
        {
            "id": INTEGER,
            "action": STRING,
            "actor": maybe(PERSON),
            "subject": STRING,
            "article_id": maybe(INTEGER),
            "sentence_id": maybe(INTEGER),
            "before": maybe({"type": "object"}),
            "after": maybe({"type": "object"}),
            "hidden": BOOLEAN,
            "created_at": MOMENT,
            "hash": STRING,
        }
    ),
    "ExportFormat": obj(
        {
            "format": {"type": "string", "enum": list(FORMATS)},
            "label": STRING,
            "media_type": STRING,
            "available": BOOLEAN,
            "url": STRING,
        }
    ),
}
SCHEMAS["ArticleWithText"] = {
    **SCHEMAS["Article"],
    "properties": {
        **SCHEMAS["Article"]["properties"],
        "text": STRING,
        "sentences": {"type": "array", "items": ref("Sentence")},
    },
    "required": [*SCHEMAS["Article"]["required"], "text", "sentences"],
}
SCHEMAS["AnnotationHistory"] = obj(
    {"current": ref("Annotation"), "revisions": {"type": "array", "items": ref("Revision")}}
)
SCHEMAS["Thread"] = {
    **SCHEMAS["Comment"],
    "properties": {
        **SCHEMAS["Comment"]["properties"],
        "replies": {"type": "array", "items": ref("Comment")},
    },
    "required": [*SCHEMAS["Comment"]["required"], "replies"],
}

SCHEMAS["NewInvitationLink"] = obj(
    {
        **SCHEMAS["Invitation"]["properties"],
        "code": STRING,
        "link": {"type": "string", "format": "uri"},
    }
)

#: Request bodies: what each write accepts (the API answers 400 for anything else).
BODIES = {
    "NewInvitation": obj({"email": {"type": "string", "maxLength": 254}, "role": enum_of(Role)}),
    "MemberRole": obj({"role": enum_of(Role)}),
    "NewArticle": obj(
        {
            "title": text(limits.ARTICLE_TITLE),
            "text": STRING,
            "source_url": maybe(text(limits.WEB_ADDRESS)),
            "publisher": maybe(text(limits.PUBLISHER)),
            "published_on": maybe(DAY),
            "language": text(limits.LANGUAGE_TAG),
        },
        optional=("source_url", "publisher", "published_on", "language"),
    ),
    "NewVersion": obj({"title": text(limits.ARTICLE_TITLE), "text": STRING}, optional=("title",)),
    "ArticleRevision": obj(
        {
            "article": ref("ArticleWithText"),
            "kept": INTEGER,
            "changed": INTEGER,
            "added": INTEGER,
            "unplaced": obj(
                {
                    kind: {"type": "array", "items": INTEGER}
                    for kind in ("annotations", "comments", "resolutions")
                }
            ),
        }
    ),
    "Transition": obj({"state": enum_of(ArticleState)}),
    "ArticleSettings": obj(
        {"blind_review": maybe(BOOLEAN), "reviewers_wanted": maybe(INTEGER)},
        optional=("blind_review", "reviewers_wanted"),
    ),
    "AnnotationEntry": obj(
        {
            "verdict": enum_of(Verdict),
            "note": text(limits.NOTE),
            "span": maybe(SPAN),
            "sources": {"type": "array", "items": SOURCE_IN, "maxItems": limits.SOURCES},
            "version": maybe(INTEGER),
        },
        optional=("note", "span", "sources", "version"),
    ),
    "ResponseEntry": obj(
        {"stance": enum_of(Stance), "comment": text(limits.RESPONSE_COMMENT)},
        optional=("comment",),
    ),
    "NewComment": obj(
        {"body": text(limits.DISCUSSION_COMMENT), "reply_to": maybe(INTEGER)},
        optional=("reply_to",),
    ),
    "Settlement": obj(
        {
            "verdict": enum_of(Verdict),
            "rationale": text(limits.RATIONALE),
            "version": maybe(INTEGER),
        },
        optional=("version",),
    ),
    "AssignmentEntry": obj({"due_on": maybe(DAY)}, optional=("due_on",)),
}

INT32 = {"type": "integer", "minimum": 0, "maximum": 2**31 - 1}
for name in ("AnnotationEntry", "Settlement"):
    BODIES[name]["properties"]["version"] = maybe(INT32)
BODIES["NewComment"]["properties"]["reply_to"] = maybe(INT32)
BODIES["ArticleSettings"]["properties"]["reviewers_wanted"] = maybe(INT32)
BODIES["AnnotationEntry"]["properties"]["span"] = maybe(obj({"start": INT32, "end": INT32}))


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
CURSOR = parameter("cursor", "query", STRING, "The cursor of the `next` link of the page before")
LIMIT = parameter(
    "limit", "query", {"type": "integer", "minimum": 1, "maximum": limits.PAGE_SIZE}, "Page size"
)
SINCE = parameter("since", "query", MOMENT, "At or after this moment (with a time zone)")
UNTIL = parameter("until", "query", MOMENT, "Before this moment (with a time zone)")
VERSION_Q = parameter("version", "query", INT32, "The version you based the change on")
IF_MATCH = parameter(
    "If-Match",
    "header",
    {"type": "string", "pattern": '^(W/)?"?[0-9]{1,9}"?$'},
    "The version you based the write on (the ETag you read); wins over a `version` field",
)


def page_of(item: str) -> dict:
    return obj({"items": {"type": "array", "items": ref(item)}, "next": maybe(STRING)})


def list_of(item: str) -> dict:
    return obj({"items": {"type": "array", "items": ref(item)}})


def op(summary: str, tag: str, answer, *, status=200, body=None, params=(), errors=(), also=()):
    """Describe one operation: its answer, parameters, body and the errors it can give."""
    # 400 for every operation: a query parameter it does not take is refused.
    codes = {400, 401, 404, 429, *errors}
    if body:
        codes |= {413, 415}
    responses = {str(code): answer_of(answer, code) for code in (status, *also)}
    for code in sorted(codes):
        responses[str(code)] = {"$ref": f"#/components/responses/E{code}"}
    operation = {"summary": summary, "tags": [tag], "parameters": list(params)}
    operation["responses"] = responses
    if body:
        operation["requestBody"] = {
            "required": True,
            "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{body}"}}},
        }
    return operation


def answer_of(answer, status: int) -> dict:
    if answer is None:
        return {"description": "Done; no content"}
    if isinstance(answer, dict) and "content" in answer:
        return answer
    schema = ref(answer) if isinstance(answer, str) else answer
    return {"description": "OK", "content": {"application/json": {"schema": schema}}}


EXPORT_ANSWER = {
    "description": "The export as a file (attachment)",
    "content": {entry.media_type.split(";")[0]: {"schema": {}} for entry in FORMATS.values()},
}
S = "/articles/{article_id}/sentences/{index}"
SENTENCE = (ARTICLE, INDEX)
WRITE = (403, 422)

PATHS = {
    "/me": {"get": op("Who the token acts for, with teams and roles", "Teams", "Me")},
    "/teams": {"get": op("My teams and my role in each", "Teams", list_of("Team"))},
    "/teams/{slug}": {"get": op("One of my teams", "Teams", "Team", params=[SLUG])},
    "/teams/{slug}/members": {
        "get": op(
            "The team's members (admins)", "Teams", list_of("Member"), params=[SLUG], errors=[403]
        ),
    },
    "/teams/{slug}/invitations": {
        "get": op(
            "The team's invitations waiting for an answer, expired ones too (admins)",
            "Teams",
            list_of("Invitation"),
            params=[SLUG],
            errors=[403],
        ),
        "post": op(
            "Invite an e-mail address to the team (admins). The answer is the same whether or "
            "not the address has an account; `link` (and `code`) is shown only this once: give "
            "it to the person, who accepts after logging in or creates their account with it",
            "Teams",
            "NewInvitationLink",
            status=201,
            body="NewInvitation",
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
            "Member",
            body="MemberRole",
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
            "Agreement",
            params=[SLUG],
        ),
    },
    "/teams/{slug}/articles": {
        "get": op(
            "The team's articles, oldest first, by cursor pages",
            "Articles",
            page_of("Article"),
            params=[
                SLUG,
                parameter("state", "query", enum_of(ArticleState), "Workflow state"),
                SINCE,
                UNTIL,
                parameter("reviewer", "query", INT32, "Assigned to or annotated by this user id"),
                CURSOR,
                LIMIT,
            ],
        ),
        "post": op(
            "Import an article (200 when the team has that text already)",
            "Articles",
            "ArticleWithText",
            status=201,
            body="NewArticle",
            params=[SLUG],
            errors=WRITE,
            also=[200],
        ),
    },
    "/teams/{slug}/audit": {
        "get": op(
            "The team's history, oldest first; details blind review hides are withheld",
            "Audit",
            page_of("AuditEvent"),
            params=[
                SLUG,
                parameter("article_id", "query", INT32, "Only this article"),
                CURSOR,
                LIMIT,
            ],
        ),
    },
    "/articles/{article_id}": {
        "get": op(
            "An article with its text and sentence offsets",
            "Articles",
            "ArticleWithText",
            params=[ARTICLE],
        ),
        "patch": op(
            "Switch blind review, ask for N reviewers",
            "Articles",
            "Article",
            body="ArticleSettings",
            params=[ARTICLE],
            errors=(403, 409, 422),
        ),
    },
    "/articles/{article_id}/transitions": {
        "post": op(
            "Move the article in the workflow",
            "Articles",
            "Article",
            body="Transition",
            params=[ARTICLE],
            errors=(403, 409, 422),
        ),
    },
    "/articles/{article_id}/versions": {
        "post": op(
            "Revise the article: a new version of its text; reviewers' work follows its "
            "sentences, changed ones are marked, lost ones unplaced (editors)",
            "Articles",
            "ArticleRevision",
            status=201,
            body="NewVersion",
            params=[ARTICLE],
            errors=(403, 409, 422),
        ),
    },
    "/articles/{article_id}/agreement": {
        "get": op("Agreement figures of the article", "Agreement", "Agreement", params=[ARTICLE]),
    },
    "/articles/{article_id}/annotations": {
        "get": op(
            "The article's annotations you may see, by cursor pages",
            "Annotations",
            page_of("Annotation"),
            params=[
                ARTICLE,
                parameter("verdict", "query", enum_of(Verdict), "Current verdict"),
                parameter("reviewer", "query", INT32, "Reviewer's user id"),
                SINCE,
                UNTIL,
                CURSOR,
                LIMIT,
            ],
        ),
    },
    f"{S}/annotation": {
        "get": op("My annotation of the sentence", "Annotations", "Annotation", params=SENTENCE),
        "put": op(
            "Set or change my annotation (send the version you read)",
            "Annotations",
            "Annotation",
            body="AnnotationEntry",
            params=[*SENTENCE, IF_MATCH],
            errors=(403, 409, 422),
        ),
        "delete": op(
            "Clear my verdict (the history keeps it)",
            "Annotations",
            "Annotation",
            params=[*SENTENCE, VERSION_Q, IF_MATCH],
            errors=(403, 409),
        ),
    },
    "/annotations/{annotation_id}": {
        "get": op("One annotation", "Annotations", "Annotation", params=[ANNOTATION]),
    },
    "/annotations/{annotation_id}/history": {
        "get": op(
            "An annotation's earlier versions, newest first",
            "Annotations",
            "AnnotationHistory",
            params=[ANNOTATION],
        ),
    },
    "/annotations/{annotation_id}/responses": {
        "get": op(
            "Teammates' responses to an annotation",
            "Review",
            list_of("Response"),
            params=[ANNOTATION],
        ),
    },
    "/annotations/{annotation_id}/response": {
        "put": op(
            "Agree or disagree with a teammate's annotation",
            "Review",
            "Response",
            body="ResponseEntry",
            params=[ANNOTATION],
            errors=(403, 409, 422),
        ),
    },
    f"{S}/comments": {
        "get": op(
            "The sentence's discussion threads", "Review", list_of("Thread"), params=SENTENCE
        ),
        "post": op(
            "Comment on the sentence, or reply to a thread",
            "Review",
            "Comment",
            status=201,
            body="NewComment",
            params=SENTENCE,
            errors=(403, 409, 422),
        ),
    },
    f"{S}/comments/{{comment_id}}/resolve": {
        "post": op(
            "Mark a thread resolved",
            "Review",
            "Thread",
            params=[*SENTENCE, COMMENT],
            errors=(403, 409),
        ),
    },
    "/articles/{article_id}/resolutions": {
        "get": op(
            "The team's final verdicts on the article's sentences",
            "Resolutions",
            list_of("Resolution"),
            params=[ARTICLE],
        ),
    },
    f"{S}/resolution": {
        "put": op(
            "Settle the sentence's final verdict (editors)",
            "Resolutions",
            "Resolution",
            body="Settlement",
            params=[*SENTENCE, IF_MATCH],
            errors=(403, 409, 422),
        ),
        "delete": op(
            "Reopen the sentence (editors)",
            "Resolutions",
            "Resolution",
            params=[*SENTENCE, VERSION_Q, IF_MATCH],
            errors=(403, 409),
        ),
    },
    "/articles/{article_id}/assignments": {
        "get": op(
            "Who the article is assigned to", "Assignments", list_of("Assignment"), params=[ARTICLE]
        ),
    },
    "/articles/{article_id}/assignments/take": {
        "post": op(
            "Volunteer for an article that asks for reviewers",
            "Assignments",
            "Assignment",
            status=201,
            params=[ARTICLE],
            errors=(403, 409),
        ),
    },
    "/articles/{article_id}/assignments/{reviewer_id}": {
        "put": op(
            "Assign the article to a reviewer (editors)",
            "Assignments",
            "Assignment",
            body="AssignmentEntry",
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
            list_of("ExportFormat"),
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
            "schemas": {**SCHEMAS, **BODIES},
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
