"""CSV export: one row per sentence and reviewer, then the sentence's final verdict row."""

import csv
import io
from collections.abc import Iterable, Iterator
from itertools import groupby

from annotator.exports.readmodel import AnnotationView, ArticleExport
from annotator.exports.report import reviewer_name
from annotator.exports.web_annotation import iso_z
from annotator.models import Sentence

HEADER = [
    "article_id",
    "sentence",
    "start",
    "end",
    "text",
    "row",
    "reviewer",
    "verdict",
    "note",
    "highlighted",
    "sources",
    "rationale",
    "updated_at",
    "changed_since_review",
    "judged_text",
    "rating",
]
#: Text gathered before a chunk is handed on: few writes, bounded memory.
CHUNK_CHARACTERS = 64 * 1024
#: A spreadsheet runs a cell starting with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> str:
    """Return the cell as text a spreadsheet will show rather than run."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def encode_rows(rows: Iterable[list]) -> Iterator[str]:
    """Yield RFC 4180 lines (CRLF, quotes doubled), a batch of rows at a time."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in rows:
        writer.writerow([neutralise(cell) for cell in row])
        if buffer.tell() > CHUNK_CHARACTERS:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def render(export: ArticleExport) -> Iterator[str]:
    """Yield the article's verdicts as CSV with a header row."""
    return encode_rows(rows(export))


def rows(export: ArticleExport) -> Iterator[list]:
    """Yield the header, then each sentence's reviewer rows and its final row."""
    yield HEADER
    stream = groupby(export.annotations(), key=lambda a: a.sentence_id)
    pending = next(stream, None)
    for sentence in export.sentences:
        annotations: list[AnnotationView] = []
        if pending and pending[0] == sentence.id:
            annotations = list(pending[1])
            pending = next(stream, None)
        for annotation in annotations:
            yield reviewer_row(export, sentence, annotation)
        yield final_row(export, sentence)


def sentence_cells(export: ArticleExport, sentence: Sentence) -> list:
    """Return the cells that identify the sentence."""
    return [
        export.article.id,
        sentence.index + 1,
        sentence.start,
        sentence.end,
        export.sentence_text(sentence),
    ]


def reviewer_row(export: ArticleExport, sentence: Sentence, annotation: AnnotationView) -> list:
    """Return one reviewer's verdict on the sentence as a row."""
    text = export.article.text
    span = text[annotation.span_start : annotation.span_end] if annotation.has_span else ""
    if annotation.reviewed_text is not None:
        # The words highlighted when judged, whether or not the revision kept them.
        judged = annotation.judged_span(text)
        span = annotation.reviewed_text[judged[0] : judged[1]] if judged else ""
    return [
        *sentence_cells(export, sentence),
        "reviewer",
        reviewer_name(export, annotation.reviewer_id),
        annotation.verdict.value,
        annotation.note,
        span,
        "\n".join(source.url for source in annotation.sources),
        "",
        iso_z(annotation.updated_at),
        *judged_cells(annotation.reviewed_text),
        "",
    ]


def judged_cells(reviewed_text: str | None) -> list[str]:
    """Return the "changed since review" mark and the words judged, when a revision changed
    the sentence after the verdict was given."""
    return ["yes", reviewed_text] if reviewed_text is not None else ["", ""]


def final_row(export: ArticleExport, sentence: Sentence) -> list:
    """Return the sentence's final verdict as a row (empty when not settled)."""
    resolution = export.resolutions.get(sentence.id)
    settled = resolution is not None and resolution.verdict is not None
    return [
        *sentence_cells(export, sentence),
        "final",
        reviewer_name(export, resolution.settled_by_id) if settled else "",
        resolution.verdict.value if settled else "",
        "",
        "",
        "",
        resolution.rationale if settled else "",
        iso_z(resolution.settled_at) if settled else "",
        *judged_cells(resolution.reviewed_text if settled else None),
        resolution.rating.label if settled and resolution.rating else "",
    ]
