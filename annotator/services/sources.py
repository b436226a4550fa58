"""Rules for the web addresses reviewers and editors cite."""

import re
from urllib.parse import urlsplit

from annotator import limits

#: What str.isspace() calls whitespace, and control characters: one regex search, not a
#: Python test per character (a report checks thousands of addresses).
_SPACE_OR_CONTROL = re.compile(r"[\s\x00-\x1f]")
#: The addresses reviewers paste (scheme, plain host name, optional port, path): accepted
#: without taking them apart. Every address it matches passes the full check below too.
PLAIN_WEB_URL = re.compile(
    r"https?://[a-z0-9.-]+(?::[0-9]{1,5})?(?:[/?#][^\s\x00-\x1f]*)?", re.IGNORECASE
)


def check_web_url(url: str) -> str | None:
    """Return why the URL is not an acceptable http(s) address, or None when it is."""
    url = url.strip()
    if len(url) > limits.WEB_ADDRESS.most:
        return f"Use at most {limits.WEB_ADDRESS.most:,} characters."
    if PLAIN_WEB_URL.fullmatch(url):  # a report checks thousands: most end here
        return None
    return problem_with_address(url)


def problem_with_address(url: str) -> str | None:
    """Return what is wrong with a stripped address of acceptable length, taking it apart."""
    if _SPACE_OR_CONTROL.search(url):
        return "A web address cannot contain spaces or control characters."
    try:
        parts = urlsplit(url)
    except ValueError:
        return "Enter a valid web address."
    if parts.scheme.lower() not in {"http", "https"}:
        return "Enter a web address starting with http:// or https://."
    if not parts.hostname:
        return "Enter a web address with a host name."
    return None


def web_link(url: str | None) -> str:
    """Return the address for an href if it is http(s), else an inert one.

    Input checks refuse other schemes, but a row stored before them or by an import must
    still never become a javascript: link.
    """
    return url.strip() if url and check_web_url(url) is None else "about:blank"
