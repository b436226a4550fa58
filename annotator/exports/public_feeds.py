"""The public pages' machine-readable lists: a team's Atom feed and the site's sitemap."""

import re
from collections.abc import Callable
from datetime import datetime
from urllib.parse import quote
from xml.etree import ElementTree as ET

from annotator.services.public_pages import PublicList, SitemapEntry

ATOM = "http://www.w3.org/2005/Atom"
SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
#: Characters XML 1.0 cannot hold at all, not even escaped.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def public_path(team_slug: str, article_slug: str | None = None) -> str:
    """Return the path of a public page, its letters of other scripts percent-encoded."""
    return quote(f"p/{team_slug}/{article_slug or ''}")


def stamp(moment: datetime) -> str:
    """Return an RFC 3339 timestamp in UTC, as Atom and sitemaps want it."""
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def to_text(root: ET.Element) -> str:
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode")


def child(parent: ET.Element, tag: str, text: str | None = None, **attributes) -> ET.Element:
    element = ET.SubElement(parent, tag, attributes)
    element.text = NOT_XML.sub("", text) if text else text
    return element


def entry_summary(claims: int) -> str:
    """Return what a fact-check holds, in words: "3 claims checked"."""
    return f"{claims} claim{'' if claims == 1 else 's'} checked."


def atom_feed(listing: PublicList, iri: Callable[[str], str]) -> str:
    """Return the team's latest published fact-checks as an Atom 1.0 feed; ``iri`` makes
    the absolute address of a path."""
    team = listing.team
    home = iri(public_path(team.slug))
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    child(feed, f"{{{ATOM}}}id", home)
    child(feed, f"{{{ATOM}}}title", f"Fact-checks by {team.publisher}")
    child(feed, f"{{{ATOM}}}updated", stamp(listing.last_modified))
    author = child(feed, f"{{{ATOM}}}author")
    child(author, f"{{{ATOM}}}name", team.publisher)
    child(feed, f"{{{ATOM}}}link", rel="alternate", type="text/html", href=home)
    child(feed, f"{{{ATOM}}}link", rel="self", type="application/atom+xml", href=f"{home}feed.atom")
    for found in listing.entries:
        address = iri(public_path(team.slug, found.slug))
        entry = child(feed, f"{{{ATOM}}}entry")
        child(entry, f"{{{ATOM}}}id", address)
        child(entry, f"{{{ATOM}}}title", found.title)
        child(entry, f"{{{ATOM}}}updated", stamp(found.published_at))
        child(entry, f"{{{ATOM}}}link", rel="alternate", type="text/html", href=address)
        child(entry, f"{{{ATOM}}}summary", entry_summary(found.claims))
    return to_text(feed)


def sitemap(entries: list[SitemapEntry], iri: Callable[[str], str]) -> str:
    """Return the sitemap of every public page: each team's list and fact-checks."""
    ET.register_namespace("", SITEMAP)
    root = ET.Element(f"{{{SITEMAP}}}urlset")
    for found in entries:
        url = child(root, f"{{{SITEMAP}}}url")
        child(url, f"{{{SITEMAP}}}loc", iri(public_path(found.team_slug, found.article_slug)))
        child(url, f"{{{SITEMAP}}}lastmod", stamp(found.modified))
    return to_text(root)
