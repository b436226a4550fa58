"""Refuse request input that no database can store or look up, before any view runs."""

from flask import Flask, request
from werkzeug.routing import IntegerConverter

from annotator.errors import MalformedRequest, NotFound

#: Ids are 32-bit integers on every engine; a larger one names no record.
LARGEST_ID = 2**31 - 1
FORM_TYPES = {"application/x-www-form-urlencoded", "multipart/form-data"}


class IdConverter(IntegerConverter):
    """``<int:...>`` in every route: ASCII digits only.

    Werkzeug's own converter matches ``\\d``, which takes any script's digits: without this,
    /articles/٣ opened article 3.
    """

    regex = r"[0-9]+"


def is_storable_text(text: str) -> bool:
    """Tell whether text can be stored: no NUL (PostgreSQL refuses it), valid UTF-8."""
    if "\x00" in text:
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


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


def refuse_unusable_input() -> None:
    """Answer 404 for ids past any table's range, 400 for text holding NUL or lone surrogates.

    Every page and API route passes here, so a NUL typed into any form, query string or file
    name gets the same 400 on SQLite (which would store it) and PostgreSQL (which would fail).
    """
    for name, value in (request.view_args or {}).items():
        if isinstance(value, int) and value > LARGEST_ID:
            raise NotFound("No such record.")
        if isinstance(value, str) and not is_storable_text(value):
            raise MalformedRequest({name: "Unusable characters."})
    refuse_unusable_pairs(request.args.items(multi=True))
    if request.mimetype in FORM_TYPES:
        refuse_unusable_pairs(request.form.items(multi=True))
        files = request.files.items(multi=True)
        refuse_unusable_pairs((name, upload.filename or "") for name, upload in files)


def refuse_unusable_pairs(pairs) -> None:
    for name, value in pairs:
        if not (is_storable_text(name) and is_storable_text(value)):
            raise MalformedRequest({name: "Unusable characters (NUL or a lone surrogate)."})


def register_input_checks(app: Flask) -> None:
    """Check every request before its view; ``<int:...>`` takes ASCII digits only."""
    # Set before the blueprints are registered: a rule looks its converter up when added.
    app.url_map.converters["int"] = IdConverter
    app.before_request(refuse_unusable_input)
