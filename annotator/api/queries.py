"""The query parameters of the API's lists and deletes, described once (see api/schema.py).

An operation takes these and no other: the OpenAPI document lists them, api/__init__.py
refuses any other with 400, api/inputs.py reads them.
"""

from annotator import limits
from annotator.api.schema import MOMENT, STRING, WHOLE, Advice, Field, Kind, Query
from annotator.api.shapes import STATE, VERDICT
from annotator.web.input_checks import id_number


def page_size(raw: str) -> int:
    size = id_number(raw)
    if not 1 <= size <= limits.PAGE_SIZE:
        raise Advice(f"Ask for 1 to {limits.PAGE_SIZE} items.")
    return size


PAGE = Query(
    cursor=Field(
        Kind(STRING.check, "a string", from_text=str),
        "The cursor of the `next` link of the page before",
    ),
    limit=Field(
        Kind(
            {"type": "integer", "minimum": 1, "maximum": limits.PAGE_SIZE},
            "an integer",
            from_text=page_size,
        ),
        "Page size",
    ),
)
SINCE = Field(MOMENT, "At or after this moment (with a time zone)")
UNTIL = Field(MOMENT, "Before this moment (with a time zone)")
ARTICLE_FILTERS = Query(
    state=Field(STATE, "Workflow state"),
    since=SINCE,
    until=UNTIL,
    reviewer=Field(WHOLE, "Assigned to or annotated by this user id"),
)
ANNOTATION_FILTERS = Query(
    verdict=Field(VERDICT, "Current verdict"),
    reviewer=Field(WHOLE, "Reviewer's user id"),
    since=SINCE,
    until=UNTIL,
)
AUDIT_FILTERS = Query(article_id=Field(WHOLE, "Only this article"))
BASED_ON = Query(version=Field(WHOLE, "The version you based the change on"))
