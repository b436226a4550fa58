"""HTML report: one self-contained page (inline CSS and SVG) an editor can read, print, mail."""

from collections.abc import Iterator
from functools import cache

from jinja2 import Environment, PackageLoader, select_autoescape

from annotator.exports.claimreview import claim_reviews, script_json
from annotator.exports.readmodel import ArticleExport
from annotator.exports.report import (
    DEMO_NOTE,
    PARTIAL_NOTE,
    VERDICT_ICONS,
    Report,
    build_report,
)
from annotator.exports.report_markup import changed_html, disputes_html, notes_html, text_html
from annotator.models import Verdict
from annotator.services.sources import web_link
from annotator.text.markdown import render_markdown

#: Width in SVG units of the longest bar of the verdict chart.
CHART_WIDTH = 260
#: Characters per chunk of the streamed report.
CHUNK_SIZE = 64 * 1024


@cache
def environment() -> Environment:
    """Return the report templates' own environment: the report renders outside requests."""
    env = Environment(
        loader=PackageLoader("annotator", "templates"),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["markdown"] = render_markdown
    env.filters["web_link"] = web_link
    env.filters["stamp"] = lambda moment: moment.strftime("%d %b %Y, %H:%M UTC")
    env.filters["figure"] = lambda value: "n/a" if value is None else f"{value:.2f}"
    env.filters["share"] = lambda value: "n/a" if value is None else f"{round(100 * value)}%"
    env.globals.update(Verdict=Verdict, icons=VERDICT_ICONS)
    return env


def chart_bars(report: Report) -> list[tuple[Verdict, int, int]]:
    """Return (verdict, count, bar width) for the summary chart."""
    largest = max(report.final_counts.values()) or 1
    return [
        (verdict, count, round(CHART_WIDTH * count / largest))
        for verdict, count in report.final_counts.items()
    ]


def page_context(export: ArticleExport, print_only: bool = False) -> dict:
    """Return what the report's template draws."""
    report = build_report(export)
    return {
        "report": report,
        "export": export,
        "article": export.article,
        "context": export.context,
        "bars": chart_bars(report),
        "agreement": report.agreement,
        "text_html": text_html(report),
        "disputes_html": disputes_html(report),
        "changed_html": changed_html(report),
        "notes_html": notes_html(report),
        "claim_reviews_json": script_json(claim_reviews(export)),
        "print_only": print_only,
        "partial_note": PARTIAL_NOTE,
        "demo_note": DEMO_NOTE,
    }


def render_page(export: ArticleExport, print_only: bool = False) -> str:
    """Return the report as one HTML document."""
    template = environment().get_template("reports/article.html")
    return template.render(page_context(export, print_only))


def render(export: ArticleExport) -> Iterator[str]:
    """Yield the report as one HTML document in chunks of about CHUNK_SIZE characters.

    Joined at once, a long article's report is some 300,000 small strings in one list: a
    worker's memory would peak higher than when they leave as they come (ADR 4).
    """
    template = environment().get_template("reports/article.html")
    pieces: list[str] = []
    size = 0
    for piece in template.generate(page_context(export)):
        pieces.append(piece)
        size += len(piece)
        if size >= CHUNK_SIZE:
            yield "".join(pieces)
            pieces, size = [], 0
    yield "".join(pieces)
