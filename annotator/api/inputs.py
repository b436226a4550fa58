"""Reading API input: the JSON body, query parameters and versions, refusing bad shapes with 400."""

import enum
import json
from collections import Counter
from datetime import date, datetime

from flask import request

from annotator.errors import DomainError, MalformedRequest
from annotator.web.input_checks import unusable_problem, whole_number


class UnsupportedMediaType(DomainError):
    status = 415


MISSING = object()


class Body:
    """The request's JSON object, read field by field; every problem is collected, then raised."""

    def __init__(self, allowed: set[str]):
        if not request.is_json:
            raise UnsupportedMediaType("Send the body as application/json.")
        data = read_json()
        if not isinstance(data, dict):
            raise MalformedRequest({"": "The body must be a JSON object."})
        if unusable := unusable_text(data):
            raise MalformedRequest(unusable)
        self.data = data
        self.errors = {name: "Unknown field." for name in data if name not in allowed}

    def take(self, name: str, kind, required: bool = False, nullable: bool = False, default=None):
        value = self.data.get(name, MISSING)
        if value is MISSING:
            if required:
                self.errors[name] = "Required."
            return default
        if value is None and nullable:
            return None
        converted = convert(value, kind)
        if converted is MISSING:
            self.errors[name] = f"Expected {describe(kind)}."
            return default
        return converted

    def done(self) -> None:
        if self.errors:
            raise MalformedRequest(self.errors)


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


def convert(value, kind):
    """Return the value as ``kind``, or MISSING when it cannot be one."""
    if kind is int:
        ok = isinstance(value, int) and not isinstance(value, bool)
        return value if ok and -(2**31) <= value < 2**31 else MISSING
    if kind in (str, bool, list, dict):
        return value if isinstance(value, kind) else MISSING
    if kind is date:
        return parse(date.fromisoformat, value)
    if isinstance(kind, type) and issubclass(kind, enum.Enum):
        return parse(kind, value)
    raise TypeError(kind)


def parse(function, value):
    if not isinstance(value, str):
        return MISSING
    try:
        return function(value)
    except ValueError:
        return MISSING


def describe(kind) -> str:
    if isinstance(kind, type) and issubclass(kind, enum.Enum):
        return "one of " + ", ".join(member.value for member in kind)
    names = {int: "an integer", str: "a string", bool: "true or false", list: "a list"}
    return names.get(kind, {date: "a date (YYYY-MM-DD)"}.get(kind, "an object"))


def query_value(name: str, kind):
    """Return a query parameter converted to ``kind`` (None when absent), or raise 400."""
    raw = request.args.get(name)
    if raw is None or raw == "":
        return None
    if kind is int:
        number = whole_number(raw)
        value = MISSING if number is None else number
    elif kind is datetime:
        value = parse(datetime.fromisoformat, raw)
    else:
        value = convert(raw, kind)
    if value is MISSING:
        raise MalformedRequest({name: f"Expected {describe(kind)}."})
    if isinstance(value, datetime) and value.tzinfo is None:
        raise MalformedRequest({name: "Give a time zone, e.g. 2026-01-31T00:00:00Z."})
    return value


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
