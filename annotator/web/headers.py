"""Security headers on every response: a strict Content-Security-Policy and its companions."""

from flask import Flask, Response

#: Our own pages: scripts and styles only from our static files, never inline, so text that
#: slipped through escaping still cannot run.
PAGE_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
#: A downloaded file (an export, a CSV) opened from the server: the HTML report is one
#: self-contained file with inline CSS and SVG and a JSON-LD data block, and needs nothing
#: else. ``sandbox`` gives it an opaque origin, so even a script in it could not reach ours.
FILE_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; "
    "form-action 'none'; frame-ancestors 'none'; sandbox"
)
#: An XML answer (the public Atom feed, the sitemap): no script may run in it, and the
#: browser's own XML viewer styles its tree inline, with data: images for its arrows.
XML_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; "
    "form-action 'none'; frame-ancestors 'none'; sandbox"
)
XML_TYPES = {"application/xml", "application/atom+xml", "text/xml"}
#: Chromium refuses to show a PDF in a sandboxed document and applies no CSP to it anyway;
#: our PDFs are rendered by WeasyPrint from the escaped report and carry no script.
PDF_POLICY = "frame-ancestors 'none'"

HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",  # frame-ancestors for browsers that predate it
}


def register_security_headers(app: Flask) -> None:
    app.after_request(add_security_headers)


def add_security_headers(response: Response) -> Response:
    """Add the policy that fits the response, and the companion headers, to every answer."""
    response.headers["Content-Security-Policy"] = policy_for(response)
    for name, value in HEADERS.items():
        response.headers[name] = value
    return response


def policy_for(response: Response) -> str:
    """Return the page policy, an XML document's, or a file's when the answer is a download."""
    if "Content-Disposition" not in response.headers:
        return XML_POLICY if response.mimetype in XML_TYPES else PAGE_POLICY
    return PDF_POLICY if response.mimetype == "application/pdf" else FILE_POLICY
