"""Public fact-check pages: their addresses, who may read them, and the lists that find them.

A team that opts in (``Team.public_pages``) lets anyone read its published articles at
``/p/<team slug>/<article slug>``. The article slug is made from the title at the first
publication and kept; an article reopened since answers 410 (withdrawn), and every other
address, including any of a team that has not opted in, is simply not found.
"""

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from annotator.errors import NotFound, Withdrawn
from annotator.extensions import db
from annotator.models import Article, ArticleState, Resolution, Team, utcnow
from annotator.services.paging import PageWindow
from annotator.text.slugs import is_slug, numbered, slug_of

#: Published fact-checks on one page of a team's public list.
LIST_SIZE = 20
#: Entries in a team's Atom feed: the latest ones (feed readers keep what they saw).
FEED_SIZE = 50
#: Addresses in one sitemap file, as the sitemap protocol allows at most.
SITEMAP_SIZE = 50_000
NOT_PUBLIC = "There is no public fact-check at this address."


def publish_article_address(article: Article) -> Article:
    """Date the publication, and give the article its public slug the first time."""
    article.published_at = utcnow()
    if article.public_slug is None:
        article.public_slug = free_slug(article.team_id, slug_of(article.title))
    db.session.flush()
    return article


def free_slug(team_id: int, wanted: str) -> str:
    """Return the wanted slug, numbered if another article of the team has it already."""
    taken = set(
        db.session.scalars(
            sa.select(Article.public_slug).where(
                Article.team_id == team_id,
                sa.or_(Article.public_slug == wanted, Article.public_slug.like(f"{wanted}-%")),
            )
        )
    )
    number = 1
    while numbered(wanted, number) in taken:
        number += 1
    return numbered(wanted, number)


def address_published_articles(team: Team) -> int:
    """Give every published article of the team without one its public slug (those
    published before the team opted in); return how many got one."""
    articles = db.session.scalars(
        sa.select(Article)
        .where(
            Article.team_id == team.id,
            Article.state == ArticleState.published,
            Article.public_slug.is_(None),
        )
        .order_by(Article.id)
    ).all()
    for article in articles:
        article.public_slug = free_slug(team.id, slug_of(article.title))
        article.published_at = article.published_at or utcnow()
        db.session.flush()
    return len(articles)


def public_team(team_slug: str) -> Team:
    """Return the team with this slug if it publishes public pages, else raise NotFound."""
    if not is_slug(team_slug):
        raise NotFound(NOT_PUBLIC)
    team = db.session.scalar(
        sa.select(Team).where(Team.slug == team_slug, Team.public_pages.is_(True))
    )
    if team is None:
        raise NotFound(NOT_PUBLIC)
    return team


def public_article(team: Team, article_slug: str) -> Article:
    """Return the team's published article at this slug: Withdrawn (410) when it was
    published and has been reopened since, NotFound for any other."""
    if not is_slug(article_slug):
        raise NotFound(NOT_PUBLIC)
    article = db.session.scalar(
        sa.select(Article).where(Article.team_id == team.id, Article.public_slug == article_slug)
    )
    if article is None:
        raise NotFound(NOT_PUBLIC)
    if article.state is not ArticleState.published:
        raise Withdrawn("This fact-check was withdrawn by its publisher.")
    return article


def public_address_of(article: Article) -> str | None:
    """Return the path of the article's public page while anyone may read it, else None."""
    team = article.team
    if article.state is ArticleState.published and article.public_slug and team.public_pages:
        return f"/p/{team.slug}/{article.public_slug}"
    return None


def last_change(team: Team, *moments: datetime | None) -> datetime:
    """Return when a public page last changed: its articles' publications, or the team's
    public settings, whichever is latest."""
    return max(m for m in (*moments, team.public_changed_at, team.created_at) if m is not None)


@dataclass(frozen=True)
class PublicEntry:
    """One published fact-check in a team's public list and feed."""

    title: str
    slug: str
    published_at: datetime
    #: How many of its sentences have a final verdict.
    claims: int


@dataclass(frozen=True)
class PublicList:
    """A page of a team's published fact-checks, newest first."""

    team: Team
    entries: list[PublicEntry]
    window: PageWindow
    last_modified: datetime


def published_query(team: Team) -> sa.Select:
    return sa.select(Article.id, Article.title, Article.public_slug, Article.published_at).where(
        Article.team_id == team.id,
        Article.state == ArticleState.published,
        Article.public_slug.is_not(None),
    )


def public_list(team: Team, page: int | None = None, size: int = LIST_SIZE) -> PublicList:
    """Return one page of the team's published fact-checks, newest first, in three queries."""
    published = published_query(team).subquery()
    total, newest = db.session.execute(
        sa.select(sa.func.count(), sa.func.max(published.c.published_at))
    ).one()
    window = PageWindow.of(page, total, size)
    rows = db.session.execute(
        published_query(team)
        .order_by(Article.published_at.desc(), Article.id.desc())
        .offset(window.start)
        .limit(size)
    ).all()
    counts = claim_counts([row.id for row in rows])
    entries = [
        PublicEntry(row.title, row.public_slug, row.published_at, counts.get(row.id, 0))
        for row in rows
    ]
    return PublicList(team, entries, window, last_change(team, newest))


def claim_counts(article_ids: list[int]) -> dict[int, int]:
    """Return how many sentences of each article have a final verdict on their words."""
    if not article_ids:
        return {}
    rows = db.session.execute(
        sa.select(Resolution.article_id, sa.func.count())
        .where(
            Resolution.article_id.in_(article_ids),
            Resolution.verdict.is_not(None),
            Resolution.reviewed_text.is_(None),
        )
        .group_by(Resolution.article_id)
    )
    return {article_id: count for article_id, count in rows}


@dataclass(frozen=True)
class SitemapEntry:
    team_slug: str
    #: None for the team's own list.
    article_slug: str | None
    modified: datetime


def sitemap_entries(limit: int = SITEMAP_SIZE) -> list[SitemapEntry]:
    """Return every public page of every team that opted in: each team's list, then its
    fact-checks, in two queries (at most ``limit`` in all, newest first)."""
    teams = db.session.execute(
        sa.select(Team.id, Team.slug, Team.created_at, Team.public_changed_at)
        .where(Team.public_pages.is_(True))
        .order_by(Team.slug)
    ).all()
    articles = db.session.execute(
        sa.select(Team.slug, Article.public_slug, Article.published_at)
        .join(Team, Team.id == Article.team_id)
        .where(
            Team.public_pages.is_(True),
            Article.state == ArticleState.published,
            Article.public_slug.is_not(None),
        )
        .order_by(Article.published_at.desc(), Article.id.desc())
        .limit(limit)
    ).all()
    newest: dict[str, datetime] = {}
    for team_slug, _, published_at in articles:
        newest.setdefault(team_slug, published_at)
    entries = [
        SitemapEntry(slug, None, max(filter(None, (created, changed, newest.get(slug)))))
        for _, slug, created, changed in teams
    ]
    entries += [SitemapEntry(*row) for row in articles]
    return entries[:limit]
