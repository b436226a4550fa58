"""Refuse request input that no field may hold, or that names no record, before any view runs."""

from flask import Flask, request
from werkzeug.routing import IntegerConverter

from annotator.errors import MalformedRequest, NotFound
from annotator.limits import unusable_character

#: Ids are 32-bit integers on every engine; a larger one names no record.
LARGEST_ID = 2**31 - 1
FORM_TYPES = {"application/x-www-form-urlencoded", "multipart/form-data"}


class IdConverter(IntegerConverter):
    """``<int:...>`` in every route: ASCII digits only.

    Werkzeug's own converter matches ``\\d``, which takes any script's digits: without this,
    /articles/٣ opened article 3.
    """

    regex = r"[0-9]+"


def whole_number(text: str) -> int | None:
    """Return the id or version written in ASCII digits, or None when it is not one."""
    # str.isdigit alone lets "²" through, which int() then refuses with a ValueError.
    if text.isascii() and text.isdigit() and len(text) <= 10 and int(text) <= LARGEST_ID:
        return int(text)
    return None


def id_number(text: str) -> int:
    """Return an id given in a query string, for ``request.args.get(name, type=id_number)``.

    Raises ValueError (the parameter then counts as absent) unless it is ASCII digits.
    """
    number = whole_number(text)
    if number is None:
        raise ValueError(f"Not an id: {text!r}")
    return number


def unusable_problem(text: str) -> str | None:
    """Return why no field may hold the text (NUL, another control character...), or None."""
    found = unusable_character(text)
    return f"Unusable characters: {found}." if found else None


def refuse_unusable_input() -> None:
    """Answer 404 for ids past any table's range, 400 for text no field may hold.

    Every page and API route passes here, so a NUL or an escape character typed into any
    form, query string or file name gets the same 400 on SQLite (which would store it) and
    PostgreSQL (which would fail). Tabs and line breaks pass: the field's own limit
    (annotator/limits.py) says whether it may hold them.
    """
    for name, value in (request.view_args or {}).items():
        if isinstance(value, int) and value > LARGEST_ID:
            raise NotFound("No such record.")
        if isinstance(value, str) and (problem := unusable_problem(value)):
            raise MalformedRequest({name: problem})
    refuse_unusable_pairs(request.args.items(multi=True))
    if request.mimetype in FORM_TYPES:
        refuse_unusable_pairs(request.form.items(multi=True))
        files = request.files.items(multi=True)
        refuse_unusable_pairs((name, upload.filename or "") for name, upload in files)


def refuse_unusable_pairs(pairs) -> None:
    for name, value in pairs:
        if problem := unusable_problem(name):
            raise MalformedRequest({"": f"A field's name: {problem}"})
        if problem := unusable_problem(value):
            raise MalformedRequest({name: problem})


def register_input_checks(app: Flask) -> None:
    """Check every request before its view; ``<int:...>`` takes ASCII digits only."""
    # Set before the blueprints are registered: a rule looks its converter up when added.
    app.url_map.converters["int"] = IdConverter
    app.before_request(refuse_unusable_input)
