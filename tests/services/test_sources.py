"""Web addresses in links: only http(s) ever reaches an href."""

import pytest

from annotator.services.sources import web_link


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
