"""PDF report: the HTML report printed by WeasyPrint, in a child process of its own.

WeasyPrint (with fontTools, Pillow, cffi and Pango) adds some 30 MiB to a process that
imports it, and printing a long report takes far more; none of it goes back to the system
when the PDF is sent. So the worker that serves the download never imports it: a child
Python process reads the HTML on its standard input, writes the PDF on its standard output
and exits, handing all of its memory back (ADR 22). Whether the server can print at all is
asked the same way, once per process.
"""

import subprocess
import sys
from collections.abc import Iterator
from functools import cache

from annotator.exports.html_report import render_page
from annotator.exports.readmodel import ArticleExport

MISSING_MESSAGE = (
    "PDF export is not available on this server: WeasyPrint or its system libraries "
    "(Pango, HarfBuzz) are missing. {reason}"
)
#: The child's program: the report (UTF-8 HTML) in, the PDF out. The report is
#: self-contained: no base URL, so WeasyPrint never fetches anything.
PRINT = (
    "import sys\n"
    "from weasyprint import HTML\n"
    "html = sys.stdin.buffer.read().decode('utf-8')\n"
    "sys.stdout.buffer.write(HTML(string=html).write_pdf())\n"
)
#: The child's program when only asked whether WeasyPrint loads: the first line of its error.
CHECK = (
    "import sys\n"
    "try:\n"
    "    import weasyprint\n"
    "except (ImportError, OSError) as error:\n"  # OSError: Pango missing (cffi's dlopen)
    "    sys.stdout.write((str(error) or type(error).__name__).splitlines()[0])\n"
    "    sys.exit(3)\n"
)
#: Longest a child may take, in seconds (gunicorn's worker timeout ends most requests first).
TIMEOUT = 600


class PrintFailed(RuntimeError):
    """The child process could not print the report."""


def run_child(program: str, data: bytes = b"") -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - this interpreter, our own program
        [sys.executable, "-c", program], input=data, capture_output=True, timeout=TIMEOUT
    )


@cache
def unavailable_reason() -> str | None:
    """Return why PDF export cannot run here, or None when it can."""
    child = run_child(CHECK)
    if child.returncode == 0:
        return None
    reason = child.stdout.decode("utf-8", "replace") or last_line(child.stderr)
    return MISSING_MESSAGE.format(reason=reason)


def render(export: ArticleExport) -> Iterator[bytes]:
    """Yield the report as one PDF document, printed by a child process."""
    child = run_child(PRINT, render_page(export).encode("utf-8"))
    if child.returncode != 0:
        raise PrintFailed(f"WeasyPrint failed: {last_line(child.stderr)}")
    yield child.stdout


def last_line(text: bytes) -> str:
    lines = text.decode("utf-8", "replace").strip().splitlines()
    return lines[-1] if lines else "no message"
