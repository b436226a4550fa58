"""Exporting one article, or every article of a team streamed into a zip file."""

import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import BinaryIO

import sqlalchemy as sa

from annotator.exports.readmodel import ExportContext, load_export
from annotator.exports.registry import ExportFormat
from annotator.extensions import db
from annotator.models import Article, ArticleState, Team
from annotator.services.sources import check_web_url
from annotator.services.visibility import ReviewVisibility

DEFAULT_BASE_URL = "https://annotator.invalid/"


@dataclass(frozen=True)
class TeamFilter:
    """Which of a team's articles to export: workflow states and an import date range."""

    states: tuple[ArticleState, ...] = ()
    since: date | None = None
    until: date | None = None


def context_for(article: Article, base_url: str | None) -> ExportContext:
    """Return the export context of an article: its team is the fact-checking organisation,
    under the publisher name and addresses of the team's settings."""
    team = article.team
    return ExportContext(
        base_url=base_url or DEFAULT_BASE_URL,
        organisation=team.publisher,
        organisation_url=checked_address(team.site_url),
        organisation_logo=checked_address(team.logo_url),
        demo=team.is_demo,
    )


def checked_address(url: str) -> str:
    """Return the address if it is an acceptable http(s) one, else nothing.

    The settings form refuses any other, but a row written by hand or an older version
    must still never put a javascript: address into a report or its markup.
    """
    return url.strip() if url and check_web_url(url) is None else ""


def export_article(
    article: Article, entry: ExportFormat, base_url: str | None, visibility: ReviewVisibility
) -> Iterator[bytes]:
    """Yield one article's export in the format, as the visibility shows it, as bytes."""
    return entry.chunks(load_export(article, context_for(article, base_url), visibility))


def team_article_ids(team: Team, selection: TeamFilter) -> list[int]:
    """Return the ids of the team's articles that pass the filter, oldest first."""
    query = sa.select(Article.id).where(Article.team_id == team.id).order_by(Article.id)
    if selection.states:
        query = query.where(Article.state.in_(selection.states))
    if selection.since:
        query = query.where(Article.created_at >= datetime.combine(selection.since, time(), UTC))
    if selection.until:
        end = datetime.combine(selection.until + timedelta(days=1), time(), UTC)
        query = query.where(Article.created_at < end)
    return list(db.session.scalars(query))


def write_team_bundle(
    team: Team,
    entry: ExportFormat,
    target: BinaryIO,
    selection: TeamFilter,
    base_url: str | None,
    visibility_of: Callable[[Article], ReviewVisibility],
) -> int:
    """Write each selected article's export into a zip, one member at a time; return how many.

    ``visibility_of`` says what the bundle's reader may see of each article (blind review
    holds per article). Articles are loaded one by one and dropped from the session
    afterwards, so memory stays flat however large the team.
    """
    count = 0
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for article_id in team_article_ids(team, selection):
            article = db.session.get(Article, article_id)
            with archive.open(entry.filename(article_id), "w", force_zip64=True) as member:
                chunks = export_article(article, entry, base_url, visibility_of(article))
                for chunk in chunks:
                    member.write(chunk)
            db.session.expunge_all()
            count += 1
    return count
