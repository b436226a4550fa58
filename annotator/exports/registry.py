"""The one registry of export formats, shared by the download menu, the CLI and the API.

Each format's module is imported when the format is first produced, not with the registry:
the menu, the API's description and every worker read the registry, and most never export
(ADR 22: start-up time and memory).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from importlib import import_module
from typing import TYPE_CHECKING

from annotator.errors import NotFound, ValidationError

if TYPE_CHECKING:
    from annotator.exports.readmodel import ArticleExport

#: The W3C Web Annotation media type (annotator.exports.web_annotation.MEDIA_TYPE).
WEB_ANNOTATION_TYPE = 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"'


def deferred(module: str, name: str = "render") -> Callable:
    """Return a function that imports annotator.exports.<module> when called and calls <name>."""

    def call(*args, **kwargs):
        return getattr(import_module(f"annotator.exports.{module}"), name)(*args, **kwargs)

    call.__name__ = call.__qualname__ = f"{module}.{name}"
    return call


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
        ExportFormat(
            "html", "HTML report", "text/html; charset=utf-8", "html", deferred("html_report")
        ),
        ExportFormat(
            "pdf",
            "PDF report",
            "application/pdf",
            "pdf",
            deferred("pdf_report"),
            deferred("pdf_report", "unavailable_reason"),
        ),
        ExportFormat(
            "md",
            "Markdown report",
            "text/markdown; charset=utf-8",
            "md",
            deferred("markdown_report"),
        ),
        ExportFormat("csv", "CSV table", "text/csv; charset=utf-8", "csv", deferred("csv_table")),
        ExportFormat(
            "json", "JSON (canonical)", "application/json", "json", deferred("canonical_json")
        ),
        ExportFormat(
            "w3c", "W3C Web Annotation", WEB_ANNOTATION_TYPE, "jsonld", deferred("web_annotation")
        ),
        ExportFormat(
            "claimreview",
            "schema.org ClaimReview",
            "application/ld+json",
            "claimreview.jsonld",
            deferred("claimreview"),
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
