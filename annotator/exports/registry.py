"""The one registry of export formats, shared by the download menu, the CLI and the API."""

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from annotator.errors import NotFound, ValidationError
from annotator.exports import (
    canonical_json,
    claimreview,
    csv_table,
    html_report,
    markdown_report,
    pdf_report,
    web_annotation,
)
from annotator.exports.readmodel import ArticleExport


def always_available() -> str | None:
    """Tell that nothing is missing for this format."""
    return None


@dataclass(frozen=True)
class ExportFormat:
    name: str
    label: str
    media_type: str
    extension: str
    render: Callable[[ArticleExport], Iterator[str] | Iterator[bytes]]
    #: Returns why the format cannot be produced on this server, or None.
    unavailable: Callable[[], str | None] = always_available

    @property
    def available(self) -> bool:
        return self.unavailable() is None

    def filename(self, article_id: int) -> str:
        """Return the download's file name."""
        return f"article-{article_id}.{self.extension}"

    def chunks(self, export: ArticleExport) -> Iterator[bytes]:
        """Yield the export encoded as UTF-8 bytes (PDF chunks are bytes already)."""
        for chunk in self.render(export):
            yield chunk if isinstance(chunk, bytes) else chunk.encode("utf-8")


FORMATS: dict[str, ExportFormat] = {
    entry.name: entry
    for entry in [
        ExportFormat("html", "HTML report", "text/html; charset=utf-8", "html", html_report.render),
        ExportFormat(
            "pdf",
            "PDF report",
            "application/pdf",
            "pdf",
            pdf_report.render,
            pdf_report.unavailable_reason,
        ),
        ExportFormat(
            "md", "Markdown report", "text/markdown; charset=utf-8", "md", markdown_report.render
        ),
        ExportFormat("csv", "CSV table", "text/csv; charset=utf-8", "csv", csv_table.render),
        ExportFormat("json", "JSON (canonical)", "application/json", "json", canonical_json.render),
        ExportFormat(
            "w3c",
            "W3C Web Annotation",
            web_annotation.MEDIA_TYPE,
            "jsonld",
            web_annotation.render,
        ),
        ExportFormat(
            "claimreview",
            "schema.org ClaimReview",
            "application/ld+json",
            "claimreview.jsonld",
            claimreview.render,
        ),
    ]
}


def find_format(name: str) -> ExportFormat:
    """Return the format of that name, or raise NotFound."""
    try:
        return FORMATS[name]
    except KeyError:
        raise NotFound(f"No export format {name!r}.") from None


def usable_format(name: str) -> ExportFormat:
    """Return the format, or raise ValidationError when this server cannot produce it."""
    entry = find_format(name)
    if reason := entry.unavailable():
        raise ValidationError({"format": reason})
    return entry
