"""Cursor pages: an opaque cursor naming the last row seen, a `next` link and a Link header."""

import base64

from flask import jsonify, request, url_for

from annotator.api.inputs import MalformedRequest, read_query
from annotator.api.queries import PAGE
from annotator.services.listing import Page
from annotator.web.input_checks import whole_number

DEFAULT_PAGE_SIZE = 50


def encode_cursor(after: int) -> str:
    return base64.urlsafe_b64encode(f"after:{after}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> int | None:
    """Return the id a cursor continues after, or raise 400 for a cursor we did not make."""
    if not cursor:
        return None
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
    except ValueError:
        text = ""
    label, _, number = text.partition(":")
    after = whole_number(number)
    if label != "after" or after is None:
        raise MalformedRequest({"cursor": "Use the cursor of a `next` link as it was given."})
    return after


def page_request() -> tuple[int | None, int]:
    """Return the id to continue after and the page size asked for."""
    page = read_query(PAGE)
    limit = DEFAULT_PAGE_SIZE if page["limit"] is None else page["limit"]
    return decode_cursor(page["cursor"]), limit


def page_response(page: Page, present):
    """Answer a page as {"items", "next"} with a Link header when more follow."""
    next_url = None
    if page.next_after is not None:
        args = {**request.view_args, **request.args.to_dict()}
        args["cursor"] = encode_cursor(page.next_after)
        next_url = url_for(request.endpoint, _external=True, **args)
    response = jsonify({"items": [present(item) for item in page.items], "next": next_url})
    if next_url:
        response.headers["Link"] = f'<{next_url}>; rel="next"'
    return response
