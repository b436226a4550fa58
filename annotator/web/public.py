"""Public fact-check pages: read without an account, by readers, feed readers and search
engines. Nothing here reads the visitor: no session, no login, the same answer for all,
so shared caches may keep it.
"""

from datetime import UTC, datetime

from flask import Blueprint, Response, current_app, make_response, render_template, request

from annotator.errors import NotFound, Withdrawn
from annotator.exports.public_feeds import atom_feed, sitemap
from annotator.services import public_pages
from annotator.web.input_checks import id_number

bp = Blueprint("public", __name__)

#: How long a browser or shared cache may reuse a page before asking again (a withdrawn
#: page stops showing within this), in seconds; after that an ETag makes asking cheap.
MAX_AGE = 60


def base_url() -> str:
    return current_app.config.get("EXPORT_BASE_URL") or request.url_root


def iri(path: str) -> str:
    return base_url().rstrip("/") + "/" + path.lstrip("/")


def cached(body: str, modified: datetime, mimetype: str = "text/html") -> Response:
    """Answer with validators (Last-Modified, a strong ETag of the body), 304 when the
    client has this version already."""
    response = make_response(body)
    response.mimetype = mimetype
    response.last_modified = modified
    response.cache_control.public = True
    response.cache_control.max_age = MAX_AGE
    response.add_etag()
    return response.make_conditional(request)


@bp.errorhandler(NotFound)
def not_found(error: NotFound):
    return render_template("public/missing.html", message=error.message), 404


@bp.errorhandler(Withdrawn)
def withdrawn(error: Withdrawn):
    return render_template("public/withdrawn.html", message=error.message), 410


@bp.get("/p/<team_slug>/")
def team(team_slug: str):
    found = public_pages.public_team(team_slug)
    listing = public_pages.public_list(found, request.args.get("page", 1, type=id_number))
    body = render_template("public/team.html", listing=listing, address=iri(f"p/{found.slug}/"))
    return cached(body, listing.last_modified)


@bp.get("/p/<team_slug>/<article_slug>")
def article(team_slug: str, article_slug: str):
    found = public_pages.public_article(public_pages.public_team(team_slug), article_slug)
    # The page's module brings the export read model and ClaimReview: loaded on first use.
    from annotator.exports.public_page import load_public_page

    page = load_public_page(found, base_url())
    return cached(render_template("public/article.html", page=page), page.last_modified)


@bp.get("/p/<team_slug>/feed.atom")
def feed(team_slug: str):
    found = public_pages.public_team(team_slug)
    listing = public_pages.public_list(found, 1, public_pages.FEED_SIZE)
    return cached(atom_feed(listing, iri), listing.last_modified, "application/atom+xml")


@bp.get("/sitemap.xml")
def sitemap_xml():
    entries = public_pages.sitemap_entries()
    modified = max((entry.modified for entry in entries), default=datetime(2026, 1, 1, tzinfo=UTC))
    return cached(sitemap(entries, iri), modified, "application/xml")


@bp.get("/robots.txt")
def robots():
    body = render_template("public/robots.txt", sitemap=iri("sitemap.xml"))
    response = make_response(body)
    response.mimetype = "text/plain"
    return response
