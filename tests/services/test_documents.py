"""Reading uploaded files."""

import pytest

from annotator.errors import ValidationError
from annotator.services.documents import html_blocks_to_text, read_document


def test_read_document_plain_text_uses_headline_as_title():
    document = read_document("a_story.txt", b"Headline here\nBody sentence.")
    assert document.title == "Headline here"
    assert document.text.startswith("Headline here\n")


def test_read_document_plain_text_without_headline_uses_file_name():
    document = read_document("a_story.txt", b"A full sentence ends here.\nMore.")
    assert document.title == "a story"


def test_read_document_strips_bom():
    assert read_document("a.txt", "\ufeffTitle\nText.".encode()).title == "Title"


def test_read_document_markdown_keeps_paragraphs():
    document = read_document("a.md", b"# Title\n\nFirst *para*.\n\n- item one\n- item two\n")
    assert document.title == "Title"
    assert document.text.split("\n") == ["Title", "First para.", "item one", "item two"]


def test_read_document_html_without_main_text_falls_back_to_blocks():
    html = b"<html><body><p>Short.</p><script>var x;</script><p>Also short.</p></body></html>"
    document = read_document("page.html", html)
    assert "Short." in document.text
    assert "var x" not in document.text


def test_read_document_html_with_nothing_is_refused():
    with pytest.raises(ValidationError, match="No article text"):
        read_document("page.htm", b"<html><body><script>x()</script></body></html>")


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("a.pdf", b"text", "Upload a .txt"),
        ("", b"text", "Upload a .txt"),
        ("a.txt", b"\x00\x01", "binary"),
        ("a.txt", "é".encode("latin-1"), "not UTF-8"),
    ],
)
def test_read_document_rejects_bad_files(name, data, message):
    with pytest.raises(ValidationError, match=message):
        read_document(name, data)


def test_html_blocks_to_text_joins_inline_and_splits_blocks():
    html = "<div>One <b>bold</b>\nword</div><style>p{}</style><br><p>Two</p>"
    assert html_blocks_to_text(html) == "One bold word\nTwo"
