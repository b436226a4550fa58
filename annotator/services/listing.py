"""Team-scoped lists for API clients: filters and keyset pages that stay stable under inserts."""

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from annotator import limits
from annotator.auth.permissions import Action
from annotator.extensions import db
from annotator.models import (
    Annotation,
    Article,
    ArticleState,
    Assignment,
    AuditEvent,
    Resolution,
    Sentence,
    Team,
    User,
    Verdict,
)
from annotator.services.access import require
from annotator.services.audit import article_history, sentence_history
from annotator.services.visibility import (
    EventView,
    event_hidden,
    seen_events,
    visibilities_for,
    visibility_for,
)

MAX_PAGE_SIZE = limits.PAGE_SIZE


@dataclass(frozen=True)
class Page:
    """Rows in id order, and the id to continue after when more rows follow."""

    items: list
    next_after: int | None = None


def page_of(query: sa.Select, id_column, after: int | None, limit: int) -> Page:
    """Return up to ``limit`` rows with ids above ``after``: new rows never shift a page."""
    limit = max(1, min(limit, MAX_PAGE_SIZE))
    if after is not None:
        query = query.where(id_column > after)
    rows = list(db.session.scalars(query.order_by(id_column).limit(limit + 1)))
    more = len(rows) > limit
    rows = rows[:limit]
    return Page(rows, rows[-1].id if more else None)


@dataclass(frozen=True)
class ArticleFilter:
    state: ArticleState | None = None
    #: Imported at or after / before these moments.
    since: datetime | None = None
    until: datetime | None = None
    #: Articles this member is assigned to or has annotated.
    reviewer_id: int | None = None


def list_articles(
    actor: User, team: Team, chosen: ArticleFilter, after: int | None = None, limit: int = 50
) -> Page:
    """Return one page of the team's articles that match the filter."""
    require(actor, team.id, Action.read)
    query = sa.select(Article).where(Article.team_id == team.id)
    if chosen.state is not None:
        query = query.where(Article.state == chosen.state)
    if chosen.since is not None:
        query = query.where(Article.created_at >= chosen.since)
    if chosen.until is not None:
        query = query.where(Article.created_at < chosen.until)
    if chosen.reviewer_id is not None:
        assigned = sa.select(Assignment.article_id).where(
            Assignment.reviewer_id == chosen.reviewer_id
        )
        annotated = sa.select(Annotation.article_id).where(
            Annotation.reviewer_id == chosen.reviewer_id
        )
        query = query.where(sa.or_(Article.id.in_(assigned), Article.id.in_(annotated)))
    return page_of(query, Article.id, after, limit)


@dataclass(frozen=True)
class AnnotationFilter:
    verdict: Verdict | None = None
    reviewer_id: int | None = None
    #: Last changed at or after / before these moments.
    since: datetime | None = None
    until: datetime | None = None


def list_annotations(
    actor: User,
    article: Article,
    chosen: AnnotationFilter,
    after: int | None = None,
    limit: int = 50,
) -> Page:
    """Return one page of the article's annotations this member may see (blind review holds)."""
    require(actor, article.team_id, Action.read)
    query = (
        sa.select(Annotation)
        .where(Annotation.article_id == article.id)
        # Presented with sentence, reviewer and sources: load them per page, not per row.
        .options(
            selectinload(Annotation.sentence),
            selectinload(Annotation.reviewer),
            selectinload(Annotation.sources),
        )
    )
    visibility = visibility_for(actor, article)
    query = visibility.keep_visible(query, Annotation.reviewer_id, Annotation.sentence_id)
    if chosen.verdict is not None:
        query = query.where(Annotation.verdict == chosen.verdict)
    if chosen.reviewer_id is not None:
        query = query.where(Annotation.reviewer_id == chosen.reviewer_id)
    if chosen.since is not None:
        query = query.where(Annotation.updated_at >= chosen.since)
    if chosen.until is not None:
        query = query.where(Annotation.updated_at < chosen.until)
    return page_of(query, Annotation.id, after, limit)


def resolutions_of(actor: User, article: Article) -> list[Resolution]:
    """Return the article's resolutions (settled and reopened) the member may see, by sentence."""
    require(actor, article.team_id, Action.read)
    query = (
        sa.select(Resolution)
        .where(Resolution.article_id == article.id)
        .options(selectinload(Resolution.sentence), selectinload(Resolution.settled_by))
        .order_by(Resolution.sentence_id)
    )
    visibility = visibility_for(actor, article)
    return list(db.session.scalars(visibility.keep_visible(query, None, Resolution.sentence_id)))


def list_events(
    actor: User,
    team: Team,
    article_id: int | None = None,
    after: int | None = None,
    limit: int = 50,
) -> Page:
    """Return one page of the team's history, oldest first, as this member may see it."""
    require(actor, team.id, Action.read)
    query = sa.select(AuditEvent).where(AuditEvent.team_id == team.id)
    if article_id is not None:
        query = query.where(AuditEvent.article_id == article_id)
    page = page_of(query, AuditEvent.id, after, limit)
    about = {event.article_id for event in page.items} - {None}
    articles = db.session.scalars(sa.select(Article).where(Article.id.in_(about))) if about else []
    seen = visibilities_for(actor, articles)
    views = [
        EventView(event, event.article_id in seen and event_hidden(seen[event.article_id], event))
        for event in page.items
    ]
    return Page(views, page.next_after)


@dataclass(frozen=True)
class History:
    """An article's or a sentence's events, newest first, as one member may see them."""

    events: list[EventView]
    #: Blind review holds back details of teammates' judgements from this member.
    blinded: bool


def article_activity(actor: User, article: Article) -> History:
    """Return the article's history as the member may see it."""
    require(actor, article.team_id, Action.read)
    visibility = visibility_for(actor, article)
    return History(seen_events(visibility, article_history(article.id)), visibility.blinded)


def sentence_activity(actor: User, sentence: Sentence) -> History:
    """Return one sentence's history as the member may see it."""
    require(actor, sentence.article.team_id, Action.read)
    visibility = visibility_for(actor, sentence.article)
    events = seen_events(visibility, sentence_history(sentence.id))
    return History(events, not visibility.shows_sentence(sentence.id))
