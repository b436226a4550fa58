"""Where to go after a form: a path on this site taken from the request, or a safe default.

One rule for every ``next`` and ``back`` target (after login, after a response, a comment, a
settled sentence). It is safe by itself: it does not count on Werkzeug percent-encoding the
Location header, which today turns ``/\\evil.example`` into a harmless path but is no promise.
"""

import re
from urllib.parse import unquote, urlsplit

MAX_LENGTH = 2_000
#: A slash or a backslash percent-encoded once or more (%2f, %5C, %252f, %25255c...): a
#: proxy or a second decoding could turn one into a real one, and our own links never hold
#: them in a path we send people back to.
_ENCODED_SLASH = re.compile(r"%(?:25)*(?:2f|5c)", re.IGNORECASE)


def local_path(target: str | None, fallback: str) -> str:
    """Return the target when it is a path on this site, else the fallback."""
    return target if is_local_path(target) else fallback


def is_local_path(target: object) -> bool:
    """Tell whether a redirect target stays on this site whatever reads it.

    Only a path that starts with one "/" (not "//" or "/\\"), holds no backslash, space or
    control character (browsers drop tabs and newlines: "/\\t/evil.example" is "//evil..."),
    no percent-encoded slash or backslash, no scheme or host (so no user name either) and no
    "." or ".." segment.
    """
    if not isinstance(target, str) or not 0 < len(target) <= MAX_LENGTH:
        return False
    if not target.startswith("/") or target.startswith(("//", "/\\")):
        return False
    if "\\" in target or " " in target or not target.isprintable():
        return False
    if _ENCODED_SLASH.search(target):
        return False
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return False
    return not any(segment in {".", ".."} for segment in unquote(parts.path).split("/"))
