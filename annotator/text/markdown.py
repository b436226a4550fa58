"""Render reviewers' Markdown as sanitised HTML, for pages and reports alike."""

import re
from functools import cache, lru_cache
from html import unescape

import nh3
from markupsafe import Markup


@cache
def _markdown():
    """The parser, built on the first note rendered (markdown-it is not loaded before: ADR 22)."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("strikethrough")


_ALLOWED_TAGS = {
    "p",
    "br",
    "em",
    "strong",
    "s",
    "del",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "a",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
}
_ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}


#: Notes up to this long are kept rendered: pages show the same notes again and again.
CACHED_UP_TO = 2_000


def render_markdown(text: str) -> Markup:
    """Return the Markdown as HTML with only harmless tags and http(s)/mailto links."""
    text = text or ""
    return _rendered(text) if len(text) <= CACHED_UP_TO else _render(text)


@lru_cache(maxsize=2048)  # at most a few MB: 2,048 short notes and their HTML
def _rendered(text: str) -> Markup:
    return _render(text)


def _render(text: str) -> Markup:
    html = _markdown().render(text)
    clean = nh3.clean(
        html,
        tags=_ALLOWED_TAGS,
        attributes=_ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
    return Markup(clean)  # noqa: S704 - sanitised by nh3 just above


def markdown_as_plain_text(text: str) -> str:
    """Return the words a reader sees of the Markdown, as one line of plain text: markup,
    link addresses and HTML gone, entities decoded."""
    html = _markdown().render(text or "")
    # Block ends become spaces, so that paragraphs and list items do not run together.
    html = _BLOCK_END.sub(" ", html)
    return " ".join(unescape(nh3.clean(html, tags=set())).split())


_BLOCK_END = re.compile(r"</(?:p|li|h\d|blockquote|pre)>|<br\s*/?>|<hr\s*/?>")
