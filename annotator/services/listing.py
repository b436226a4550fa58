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
    Team,
    User,
    Verdict,
)
from annotator.services.access import require
from annotator.services.reviews import flags_hidden

MAX_PAGE_SIZE = limits.PAGE_SIZE
#: Events whose details blind review keeps from a reviewer until they judge the sentence.
BLIND_ACTIONS = ("annotation.", "response.")


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


def judged_sentences(user: User):
    """Return a subquery of the ids of the sentences the user has a current verdict on."""
    return sa.select(Annotation.sentence_id).where(
        Annotation.reviewer_id == user.id, Annotation.verdict.is_not(None)
    )


def list_annotations(
    actor: User,
    article: Article,
    chosen: AnnotationFilter,
    after: int | None = None,
    limit: int = 50,
) -> Page:
    """Return one page of the article's annotations this member may see (blind review holds)."""
    role = require(actor, article.team_id, Action.read)
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
    if flags_hidden(article, role, has_own_verdict=False):
        query = query.where(
            sa.or_(
                Annotation.reviewer_id == actor.id,
                Annotation.sentence_id.in_(judged_sentences(actor)),
            )
        )
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
    """Return the article's resolutions (settled and reopened), by sentence."""
    require(actor, article.team_id, Action.read)
    return list(
        db.session.scalars(
            sa.select(Resolution)
            .where(Resolution.article_id == article.id)
            .options(selectinload(Resolution.sentence), selectinload(Resolution.settled_by))
            .order_by(Resolution.sentence_id)
        )
    )


@dataclass(frozen=True)
class EventView:
    """An event of the history, with its details withheld while blind review hides them."""

    event: AuditEvent
    hidden: bool

    @property
    def id(self) -> int:
        return self.event.id


def list_events(
    actor: User,
    team: Team,
    article_id: int | None = None,
    after: int | None = None,
    limit: int = 50,
) -> Page:
    """Return one page of the team's history, oldest first, as this member may see it."""
    role = require(actor, team.id, Action.read)
    query = sa.select(AuditEvent).where(AuditEvent.team_id == team.id)
    if article_id is not None:
        query = query.where(AuditEvent.article_id == article_id)
    page = page_of(query, AuditEvent.id, after, limit)
    blind = set(
        db.session.scalars(
            sa.select(Article.id).where(Article.team_id == team.id, Article.blind_review)
        )
    )
    reviewer_blinded = bool(blind) and flags_hidden(
        db.session.get(Article, next(iter(blind))), role, has_own_verdict=False
    )
    judged = set(db.session.scalars(judged_sentences(actor))) if reviewer_blinded else set()
    views = [
        EventView(event, reviewer_blinded and secret_from(actor, event, blind, judged))
        for event in page.items
    ]
    return Page(views, page.next_after)


def secret_from(actor: User, event: AuditEvent, blind: set[int], judged: set[int]) -> bool:
    """Tell whether an event tells a blinded reviewer a teammate's verdict too early."""
    return (
        event.actor_id != actor.id
        and event.article_id in blind
        and event.action.startswith(BLIND_ACTIONS)
        and event.sentence_id not in judged
    )
