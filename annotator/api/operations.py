"""Describing one operation of the OpenAPI document: parameters, body, answers and errors.

Bodies and answers are shapes (api/shapes.py, api/bodies.py); query parameters are
api/queries.py's. api/paths.py describes every operation with these helpers.
"""

from annotator.api import shapes
from annotator.api.schema import INT32, NULL, Query, Shape
from annotator.exports.registry import FORMATS


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
VERSION_NUMBER = parameter(
    "number", "path", INT32, "A version of my annotation (its history lists them)"
)
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
WHOLE_ARTICLE_ANSWER = {
    "description": "One JSON object per line: a WholeArticleHead, then SentenceWithAnnotations",
    "content": {
        "application/x-ndjson": {
            "schema": {
                "oneOf": [
                    ref(shapes.WHOLE_ARTICLE_HEAD.name),
                    ref(shapes.WHOLE_ARTICLE_LINE.name),
                ]
            }
        }
    },
}
S = "/articles/{article_id}/sentences/{index}"
SENTENCE = (ARTICLE, INDEX)
WRITE = (403, 422)
