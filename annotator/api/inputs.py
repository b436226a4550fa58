"""Reading API input: the JSON body, query parameters and versions, refusing bad shapes with 400.

What each body and query must look like is described in api/shapes.py.
"""

import functools
import json
from collections import Counter
from datetime import date

from flask import request

from annotator.api.schema import Advice, Kind, Query, Shape
from annotator.errors import DomainError, MalformedRequest
from annotator.web.input_checks import unusable_problem, whole_number


class UnsupportedMediaType(DomainError):
    status = 415


def read_body(shape: Shape) -> dict:
    """Return the JSON body's members as the services take them, or raise 400 naming each bad one.

    Members left out are left out of the answer too, so views tell "absent" from null.
    """
    if not request.is_json:
        raise UnsupportedMediaType("Send the body as application/json.")
    data = read_json()
    if not isinstance(data, dict):
        raise MalformedRequest({"": "The body must be a JSON object."})
    if unusable := unusable_text(data):
        raise MalformedRequest(unusable)
    if errors := field_errors(shape, data):
        raise MalformedRequest(errors)
    return {name: shape.fields[name].read(value) for name, value in data.items()}


def field_errors(shape: Shape, data: dict) -> dict[str, str]:
    """Name each member the shape does not have, each required one missing, each bad value."""
    errors = {name: "Unknown field." for name in data if name not in shape.fields}
    for name, field in shape.fields.items():
        if name not in data and not field.optional:
            errors[name] = "Required."
    for error in validator(shape).iter_errors(data):
        # The object's own errors (unknown, missing members) are named above, in our words.
        if error.path:
            errors.setdefault(*value_error(shape, list(error.path)))
    return errors


def value_error(shape: Shape, path: list) -> tuple[str, str]:
    """Return the field a bad value is in, named as forms name it (``sources-0``), and why."""
    name, *inside = path
    kind = shape.fields[name].kind
    if inside and isinstance(inside[0], int) and kind.items is not None:
        return joined(name, inside[0]), f"Expected {kind.items.expected}."
    return name, f"Expected {kind.expected}."


@functools.cache
def validator(shape: Shape):
    """Return a JSON Schema validator of the shape's check (its limits are the services')."""
    # Imported on the first body read, not with the app: a worker that only serves pages
    # need not carry it.
    from jsonschema import Draft202012Validator, FormatChecker, validators

    formats = FormatChecker(formats=())
    formats.checks("date", raises=ValueError)(is_date)
    # JSON Schema counts 1.0 as an integer; no id, version or offset of ours is a float.
    types = Draft202012Validator.TYPE_CHECKER.redefine("integer", is_whole)
    checker = validators.extend(Draft202012Validator, type_checker=types)
    return checker(shape.schema(published=False), format_checker=formats)


def is_date(value) -> bool:
    """Tell whether a string is a date as the services read it; raise ValueError if not."""
    if isinstance(value, str):
        date.fromisoformat(value)
    return True


def is_whole(_checker, value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def read_json():
    """Return the parsed body, or None when it is not JSON at all (or nested past reason)."""
    try:
        return json.loads(request.get_data(), object_pairs_hook=unique_keys)
    except (ValueError, RecursionError):
        return None


def unique_keys(pairs: list[tuple]) -> dict:
    """Refuse an object naming a key twice: parsers disagree on which value wins."""
    counts = Counter(name for name, _ in pairs)
    repeated = sorted(name for name, count in counts.items() if count > 1)
    if repeated:
        raise MalformedRequest({name: "Given more than once." for name in repeated})
    return dict(pairs)


def unusable_text(value) -> dict[str, str] | None:
    """Name a string of a JSON value that no field may hold, and say why; None when all may.

    Nested fields are named as the forms name them: ``sources-0-url``.
    """
    # A loop, not recursion: a body nested hundreds deep must not exhaust the stack.
    pending = [("", value)]
    while pending:
        path, value = pending.pop()
        if isinstance(value, str) and (problem := unusable_problem(value)):
            return {path: problem}
        if isinstance(value, list):
            pending.extend((joined(path, number), item) for number, item in enumerate(value))
        elif isinstance(value, dict):
            for key, item in value.items():
                if problem := unusable_problem(key):
                    return {path: f"A key: {problem}"}
                pending.append((joined(path, key), item))
    return None


def joined(path: str, step: str | int) -> str:
    return f"{path}-{step}" if path else str(step)


def read_query(query: Query) -> dict:
    """Return each query parameter as the services take it (None when absent), or raise 400."""
    return {name: query_value(name, field.kind) for name, field in query.fields.items()}


def query_value(name: str, kind: Kind):
    raw = request.args.get(name)
    if raw is None or raw == "":
        return None
    try:
        return kind.from_text(raw)
    except Advice as advice:
        raise MalformedRequest({name: str(advice)}) from None
    except ValueError:
        raise MalformedRequest({name: f"Expected {kind.expected}."}) from None


def expected_version(body_version: int | None) -> int | None:
    """Return the version the client based its write on: If-Match, else the body's field."""
    header = request.headers.get("If-Match")
    if header is None:
        return body_version
    tag = header.strip().removeprefix("W/").strip('"')
    version = whole_number(tag)
    if version is None:
        raise MalformedRequest({"If-Match": 'Send the version number, e.g. If-Match: "3".'})
    return version
