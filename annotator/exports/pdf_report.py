"""PDF report: the HTML report printed by WeasyPrint, when its system libraries are present."""

from collections.abc import Iterator
from functools import cache

from annotator.exports.html_report import render_page
from annotator.exports.readmodel import ArticleExport

MISSING_MESSAGE = (
    "PDF export is not available on this server: WeasyPrint or its system libraries "
    "(Pango, HarfBuzz) are missing. {reason}"
)


@cache
def unavailable_reason() -> str | None:
    """Return why PDF export cannot run here, or None when it can."""
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError) as error:
        # WeasyPrint raises OSError when it cannot load Pango through ctypes/cffi.
        return MISSING_MESSAGE.format(reason=str(error).splitlines()[0])
    return None


def render(export: ArticleExport) -> Iterator[bytes]:
    """Yield the report as one PDF document."""
    from weasyprint import HTML

    # The report is self-contained: no base URL, so WeasyPrint never fetches anything.
    yield HTML(string=render_page(export)).write_pdf()
