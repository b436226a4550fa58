"""Reading uploaded files into article text: .txt, .md and .html."""

from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import PurePath

from annotator.errors import ValidationError

ALLOWED_SUFFIXES = {".txt", ".md", ".markdown", ".html", ".htm"}
_BLOCK_TAGS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "div", "br"}


@dataclass(frozen=True)
class Document:
    """Text taken from a file, with the title found in it if any."""

    title: str
    text: str


def read_document(filename: str, data: bytes) -> Document:
    """Turn an uploaded file into a title and plain text, or raise ValidationError."""
    suffix = PurePath(filename or "").suffix.lower()
    if suffix not in ALLOWED_SUFFIXES:
        raise ValidationError({"file": "Upload a .txt, .md or .html file."})
    content = decode_utf8(data)
    stem = PurePath(filename).stem.replace("_", " ").strip()
    if suffix in {".html", ".htm"}:
        return read_html(content, stem)
    if suffix in {".md", ".markdown"}:
        return read_markdown(content, stem)
    return read_plain(content, stem)


def decode_utf8(data: bytes) -> str:
    """Decode UTF-8 (with or without BOM), refusing binary and other encodings."""
    if b"\x00" in data:
        raise ValidationError({"file": "This looks like a binary file, not text."})
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(
            {"file": "The file is not UTF-8 text. Save it as UTF-8 and upload it again."}
        ) from None


def read_plain(content: str, fallback_title: str) -> Document:
    """Use a short first line without final punctuation as the headline and title."""
    first_line = content.lstrip("\ufeff").strip().split("\n", 1)[0].strip()
    looks_like_headline = 0 < len(first_line) <= 200 and first_line[-1] not in '.!?"”'
    return Document(first_line if looks_like_headline else fallback_title, content)


def read_markdown(content: str, fallback_title: str) -> Document:
    """Render Markdown and keep its text, one block per paragraph."""
    from markdown_it import MarkdownIt  # on the first upload, not with the app (ADR 22)

    html = MarkdownIt("commonmark").render(content)
    text = html_blocks_to_text(html)
    return read_plain(text, fallback_title)


def read_html(content: str, fallback_title: str) -> Document:
    """Extract the main text of a web page with trafilatura, paragraphs kept."""
    # Imported here: trafilatura and lxml would weigh on every worker that never reads a web
    # page (ADR 8).
    import trafilatura

    text = trafilatura.extract(content, include_comments=False, include_tables=False)
    if not text:
        text = html_blocks_to_text(content)
    metadata = trafilatura.extract_metadata(content)
    title = (metadata.title if metadata and metadata.title else "") or fallback_title
    if not text.strip():
        raise ValidationError({"file": "No article text could be found in this page."})
    return Document(title.strip()[:300], text)


class _BlockText(HTMLParser):
    """Collect text, starting a new line at every block element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in {"script", "style"}:
            self.skipping += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in {"script", "style"}:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data.replace("\n", " "))


def html_blocks_to_text(html: str) -> str:
    """Return the text of simple HTML, one line per block element."""
    parser = _BlockText()
    parser.feed(html)
    lines = (" ".join(line.split()) for line in "".join(parser.parts).split("\n"))
    return "\n".join(line for line in lines if line)
