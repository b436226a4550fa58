"""How the API's shapes are described: kinds of value, fields, objects and queries.

api/shapes.py (answers), api/bodies.py and api/queries.py describe the API with these,
once. From those descriptions come the check of each request body (api/inputs.py), the
schemas and query parameters of the OpenAPI document (api/openapi.py), and the tests that
hold each presenter to its schema (tests/api/test_shapes.py). ADR 14 says why.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from typing import Any

from annotator.limits import TextLimit
from annotator.web.input_checks import LARGEST_ID, id_number

NULL = {"type": "null"}


class Advice(ValueError):
    """A query value that cannot be used, with what to send instead."""


# eq=False throughout: descriptions are compared (and cached) by identity.
@dataclass(frozen=True, eq=False)
class Kind:
    """A kind of JSON value: what a request's value must look like, else 400.

    ``published`` is what the document says where it says more than the check: the limits
    the services enforce with 422 (a length, a range, a count), which clients keep to too.
    """

    check: dict
    #: Completes the 400 message "Expected <expected>."
    expected: str
    published: dict | None = None
    #: From the checked JSON value to what the services take (an enum member, a date).
    convert: Callable[[Any], Any] | None = None
    #: From a query string's text; raises ValueError (or Advice) when it is not one.
    from_text: Callable[[str], Any] | None = None
    #: A list's items, so that a bad one is named like a form's field: ``sources-0``.
    items: "Kind | None" = None

    @property
    def document(self) -> dict:
        return self.check if self.published is None else self.published


@dataclass(frozen=True, eq=False)
class Field:
    """A member of an object: its kind, its meaning, and whether it may be absent or null."""

    kind: Kind
    description: str = ""
    optional: bool = False
    nullable: bool = False

    def schema(self, published: bool = True) -> dict:
        schema = self.kind.document if published else self.kind.check
        if self.nullable:
            schema = {"anyOf": [schema, NULL]}
        if published and self.description:
            schema = {**schema, "description": self.description}
        return schema

    def read(self, value):
        """Return a checked JSON value as the services take it."""
        if value is None or self.kind.convert is None:
            return value
        return self.kind.convert(value)


class Shape:
    """A JSON object of the API, a request body or an answer; it has no other members."""

    def __init__(self, name: str, description: str, /, **fields: Field):
        self.name, self.description, self.fields = name, description, fields

    def schema(self, published: bool = True) -> dict:
        schema = {"type": "object"}
        if published:
            schema["description"] = self.description
        return schema | {
            "properties": {name: field.schema(published) for name, field in self.fields.items()},
            "required": [name for name, field in self.fields.items() if not field.optional],
            "additionalProperties": False,
        }

    def extended(self, name: str, description: str, /, **fields: Field) -> "Shape":
        """Return a shape with this one's fields and some more."""
        return Shape(name, description, **self.fields, **fields)


class Query:
    """The query parameters an operation takes; each may be left out."""

    def __init__(self, **fields: Field):
        self.fields = fields

    def parameters(self) -> list[dict]:
        """Return the OpenAPI parameter objects of the query."""
        return [
            {
                "name": name,
                "in": "query",
                "required": False,
                "schema": field.kind.document,
                "description": field.description,
            }
            for name, field in self.fields.items()
        ]


# --- kinds --------------------------------------------------------------------------------
STRING = Kind({"type": "string"}, "a string")
BOOLEAN = Kind({"type": "boolean"}, "true or false")
NUMBER = Kind({"type": "number"}, "a number")
INTEGER = Kind({"type": "integer"}, "an integer")
#: An id, a version or a count as the database stores it; negative ones name nothing (the
#: services say so), larger ones cannot be stored.
INT32 = {"type": "integer", "minimum": 0, "maximum": LARGEST_ID}
WHOLE = Kind(
    {"type": "integer", "minimum": -LARGEST_ID - 1, "maximum": LARGEST_ID},
    "an integer",
    published=INT32,
    from_text=id_number,
)
#: A character offset in an article: which ones are inside it is the services' rule (422).
OFFSET = Kind({"type": "integer"}, "an integer", published=INT32)


def moment_from_text(raw: str) -> datetime:
    moment = datetime.fromisoformat(raw)
    if moment.tzinfo is None:
        raise Advice("Give a time zone, e.g. 2026-01-31T00:00:00Z.")
    return moment


MOMENT = Kind(
    {"type": "string", "format": "date-time"},
    "a date and time (e.g. 2026-01-31T00:00:00Z)",
    from_text=moment_from_text,
)
DAY = Kind({"type": "string", "format": "date"}, "a date (YYYY-MM-DD)", convert=date.fromisoformat)
ANY_OBJECT = Kind({"type": "object"}, "an object")


def text(limit: TextLimit) -> Kind:
    """A string of at most the limit's characters (annotator/limits.py, as services check)."""
    return Kind(STRING.check, STRING.expected, published={**STRING.check, "maxLength": limit.most})


def one_of(members: type[Enum]) -> Kind:
    """One of an enum's values, read as its member."""
    values = [member.value for member in members]
    schema = {"type": "string", "enum": values}
    return Kind(schema, "one of " + ", ".join(values), convert=members, from_text=members)


def list_of(item: Kind, most: int | None = None) -> Kind:
    """A list of values of one kind (at most ``most``: a services' rule, 422)."""
    published = {"type": "array", "items": item.document}
    if most is not None:
        published["maxItems"] = most
    convert = None if item.convert is None else lambda values: [item.convert(v) for v in values]
    check = {"type": "array", "items": item.check}
    return Kind(check, "a list", published=published, convert=convert, items=item)


def inline(shape: Shape, expected: str) -> Kind:
    """A small object written out wherever it is used (a span, a source)."""
    return Kind(shape.schema(published=False), expected, published=shape.schema())


def ref(shape: Shape) -> Kind:
    """An object the document names among its schemas (answers only)."""
    published = {"$ref": f"#/components/schemas/{shape.name}"}
    return Kind(shape.schema(published=False), f"a {shape.name}", published=published)
