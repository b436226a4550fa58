"""Web addresses in links: only http(s) ever reaches an href."""

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from annotator import limits
from annotator.services.sources import (
    PLAIN_WEB_URL,
    check_web_url,
    problem_with_address,
    web_link,
)


@pytest.mark.parametrize(
    ("stored", "href"),
    [
        ("https://example.org/report", "https://example.org/report"),
        (" http://example.org/a?b=c ", "http://example.org/a?b=c"),
        ("javascript:alert(1)", "about:blank"),
        ("JavaScript:alert(1)", "about:blank"),
        (" javascript:alert(1)", "about:blank"),
        ("java\tscript:alert(1)", "about:blank"),
        ("data:text/html,<script>alert(1)</script>", "about:blank"),
        ("vbscript:msgbox(1)", "about:blank"),
        ("//evil.example/", "about:blank"),
        ("", "about:blank"),
        (None, "about:blank"),
    ],
)
def test_web_link_keeps_only_http_addresses(stored, href):
    assert web_link(stored) == href


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("https://example.org/report", None),
        ("https://[2001:db8::1]:8080/report", None),
        ("https://example.org/" + "a" * 1_981, "Use at most 2,000 characters."),
        ("https://[2001:db8::1/report", "Enter a valid web address."),
        (
            "https://example.org/a report",
            "A web address cannot contain spaces or control characters.",
        ),
        ("ftp://example.org/report", "Enter a web address starting with http:// or https://."),
        ("https:///report", "Enter a web address with a host name."),
    ],
)
def test_check_web_url_says_what_is_wrong_with_an_address(url, problem):
    assert check_web_url(url) == problem


@settings(max_examples=500)
@given(st.from_regex(PLAIN_WEB_URL, fullmatch=True))
def test_every_address_the_quick_check_accepts_the_full_check_accepts(address):
    assume(len(address) <= limits.WEB_ADDRESS.most)
    assert problem_with_address(address) is None
    assert web_link(address) == address
