"""Sanitised Markdown."""

import pytest

from annotator.text.markdown import render_markdown


@pytest.mark.parametrize(
    ("source", "present", "absent"),
    [
        ("**bold**", "<strong>bold</strong>", None),
        ("<script>alert(1)</script>", "&lt;script&gt;", "<script>"),
        ("[x](javascript:alert(1))", None, 'href="javascript'),
        ("[x](https://example.org)", 'href="https://example.org"', None),
        ('<img src=x onerror="alert(1)">', None, "<img"),
        ("~~gone~~", "<s>gone</s>", None),
        ("[x](JaVaScRiPt:alert(1))", None, "href"),
        ("[x](&#106;avascript:alert(1))", None, "href"),
        ("[x](data:text/html,<script>alert(1)</script>)", None, "href"),
        ("[x][1]\n\n[1]: javascript:alert(1)", None, "href"),
        ("<javascript:alert(1)>", None, "href"),
        ("<a href='javascript:alert(1)'>x</a>", "&lt;a href", "<a href='javascript"),
        ("![x](https://example.org/x.png)", None, "<img"),
        ('<svg onload="alert(1)">', None, "<svg"),
        ("</p><script>alert(1)</script>", None, "<script>"),
        ("{{7*7}} ]]> 𝕏", "{{7*7}} ]]&gt; 𝕏", None),
    ],
)
def test_render_markdown_cases(source, present, absent):
    html = str(render_markdown(source))
    if present:
        assert present in html
    if absent:
        assert absent not in html


def test_render_markdown_links_get_rel():
    assert 'rel="noopener noreferrer nofollow"' in str(render_markdown("<https://a.example>"))


def test_render_markdown_none_is_empty():
    assert str(render_markdown(None)) == ""


def test_markdown_as_plain_text_keeps_the_words_readers_see():
    from annotator.text.markdown import markdown_as_plain_text

    text = "The **readout** says [China](https://x.org), not *Mexico*.\n\n- one\n- two &amp; <b>"
    assert markdown_as_plain_text(text) == "The readout says China, not Mexico. one two & <b>"
    assert markdown_as_plain_text("") == ""
