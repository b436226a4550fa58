"""The editor's desk: a team's articles with their state, assignees, due dates, progress,
open disagreements and last activity, filtered, sorted and paged in a fixed number of
statements however many articles a page shows."""

import enum
from dataclasses import dataclass, field
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import defer, selectinload

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
)
from annotator.services.access import require
from annotator.services.assignments import OPEN_STATES, is_late
from annotator.services.event_words import word_event
from annotator.services.paging import PageWindow
from annotator.services.progress import Progress, article_progress
from annotator.services.visibility import hidden_from

#: Articles per page of the desk.
DESK_PAGE_SIZE = 25


class DeskSort(enum.Enum):
    """How the desk orders the articles."""

    activity = "activity"
    due = "due"
    title = "title"
    progress = "progress"

    @property
    def label(self) -> str:
        return SORT_LABELS[self]


SORT_LABELS = {
    DeskSort.activity: "Latest activity",
    DeskSort.due: "Soonest due",
    DeskSort.title: "Title, A to Z",
    DeskSort.progress: "Least settled",
}


@dataclass(frozen=True)
class DeskFilter:
    """Which of the team's articles the desk shows, in which order, and which page."""

    state: ArticleState | None = None
    #: Only articles assigned to the member looking.
    mine: bool = False
    #: Only articles still under review with a due date before today.
    overdue: bool = False
    #: Only articles with a sentence the reviewers disagree on and no final verdict yet.
    disputed: bool = False
    sort: DeskSort = DeskSort.activity
    page: int | None = None


@dataclass(frozen=True)
class LastActivity:
    """The newest event of an article, said in plain words."""

    at: datetime
    words: str


@dataclass
class DeskRow:
    """One article as the desk shows it."""

    article: Article
    progress: Progress
    #: The day overdue is reckoned from.
    today: date
    assignments: list[Assignment] = field(default_factory=list)
    #: Sentences the reviewers disagree on that have no final verdict yet.
    disputes: int = 0
    last: LastActivity | None = None

    @property
    def due_on(self) -> date | None:
        """Return the soonest due date of the article's assignments."""
        return min((a.due_on for a in self.assignments if a.due_on), default=None)

    @property
    def overdue(self) -> bool:
        """Tell whether the soonest due date has passed while the article is under review."""
        return is_late(self.due_on, self.article.state, self.today)


@dataclass
class Desk:
    """One page of the desk."""

    rows: list[DeskRow]
    window: PageWindow


def team_desk(actor: User, team: Team, chosen: DeskFilter, today: date) -> Desk:
    """Return one page of the team's articles as the filter chooses and sorts them."""
    require(actor, team.id, Action.read)
    query = filtered_articles(actor, team, chosen, today)
    total = db.session.scalar(sa.select(sa.func.count()).select_from(query.subquery()))
    window = PageWindow.of(chosen.page, total, DESK_PAGE_SIZE)
    ordered = sorted_articles(query, team, chosen.sort)
    articles = list(
        db.session.scalars(
            ordered.options(defer(Article.text)).offset(window.start).limit(window.size)
        )
    )
    return Desk(desk_rows(actor, articles, today), window)


def filtered_articles(actor: User, team: Team, chosen: DeskFilter, today: date) -> sa.Select:
    """SQL: the team's articles that match the filter, unordered."""
    query = sa.select(Article).where(Article.team_id == team.id)
    if chosen.state is not None:
        query = query.where(Article.state == chosen.state)
    if chosen.mine:
        assigned = sa.select(Assignment.article_id).where(Assignment.reviewer_id == actor.id)
        query = query.where(Article.id.in_(assigned))
    if chosen.overdue:
        late = sa.select(Assignment.article_id).where(Assignment.due_on < today)
        query = query.where(Article.state.in_(OPEN_STATES), Article.id.in_(late))
    if chosen.disputed:
        disputed = open_disputes(actor, team_articles(team)).subquery()
        query = query.where(Article.id.in_(sa.select(disputed.c.article_id)))
    return query


def team_articles(team: Team) -> sa.ColumnElement[bool]:
    """SQL: the row's article belongs to the team."""
    return Annotation.article_id.in_(sa.select(Article.id).where(Article.team_id == team.id))


def sorted_articles(query: sa.Select, team: Team, sort: DeskSort) -> sa.Select:
    """Return the query in the chosen order; the article id breaks ties, so pages never
    overlap."""
    if sort is DeskSort.title:
        return query.order_by(sa.func.lower(Article.title), Article.id)
    if sort is DeskSort.due:
        soonest = (
            sa.select(Assignment.article_id, sa.func.min(Assignment.due_on).label("due_on"))
            .group_by(Assignment.article_id)
            .subquery()
        )
        return query.outerjoin(soonest, soonest.c.article_id == Article.id).order_by(
            soonest.c.due_on.is_(None), soonest.c.due_on, Article.id
        )
    if sort is DeskSort.progress:
        return by_progress(query)
    newest = (
        sa.select(AuditEvent.article_id, sa.func.max(AuditEvent.id).label("event_id"))
        .where(AuditEvent.team_id == team.id)
        .group_by(AuditEvent.article_id)
        .subquery()
    )
    return query.outerjoin(newest, newest.c.article_id == Article.id).order_by(
        sa.func.coalesce(newest.c.event_id, 0).desc(), Article.id.desc()
    )


def by_progress(query: sa.Select) -> sa.Select:
    """Return the query ordered by the share of sentences settled, then judged, least first."""
    sentences = counted(sa.select(Sentence.article_id, sa.func.count().label("n")), Sentence)
    judged = counted(
        sa.select(
            Annotation.article_id,
            sa.func.count(sa.distinct(Annotation.sentence_id)).label("n"),
        ).where(Annotation.verdict.is_not(None)),
        Annotation,
    )
    settled = counted(
        sa.select(Resolution.article_id, sa.func.count().label("n")).where(
            Resolution.verdict.is_not(None)
        ),
        Resolution,
    )
    total = sa.func.nullif(sentences.c.n, 0)

    def share(part):
        return sa.func.coalesce(sa.cast(part.c.n, sa.Float) / total, 0)

    return (
        query.outerjoin(sentences, sentences.c.article_id == Article.id)
        .outerjoin(judged, judged.c.article_id == Article.id)
        .outerjoin(settled, settled.c.article_id == Article.id)
        .order_by(share(settled), share(judged), Article.id)
    )


def counted(query: sa.Select, model) -> sa.Subquery:
    return query.group_by(model.article_id).subquery()


def open_disputes(actor: User, condition: sa.ColumnElement[bool]) -> sa.Select:
    """SQL: (article id, sentence id) of each sentence whose current verdicts, as the member
    may see them, differ and that has no final verdict on its current words."""
    settled = sa.select(Resolution.sentence_id).where(
        Resolution.verdict.is_not(None),
        Resolution.reviewed_text.is_(None),
        # NOT IN over a NULL matches nothing: leave out final verdicts of no sentence.
        Resolution.sentence_id.is_not(None),
    )
    hidden = hidden_from(
        actor.id, Annotation.article_id, Annotation.reviewer_id, Annotation.sentence_id
    )
    return (
        sa.select(Annotation.article_id, Annotation.sentence_id)
        .where(
            condition,
            Annotation.verdict.is_not(None),
            Annotation.sentence_id.is_not(None),
            Annotation.sentence_id.not_in(settled),
            ~hidden,
        )
        .group_by(Annotation.article_id, Annotation.sentence_id)
        .having(sa.func.count(sa.distinct(Annotation.verdict)) > 1)
    )


def desk_rows(actor: User, articles: list[Article], today: date) -> list[DeskRow]:
    """Return the rows of these articles, in their order, in the same few statements."""
    ids = [article.id for article in articles]
    figures = article_progress(ids, actor.id)
    rows = {a.id: DeskRow(a, figures[a.id], today) for a in articles}
    if not ids:
        return []
    for assignment in assignments_of(ids):
        rows[assignment.article_id].assignments.append(assignment)
    disputes = open_disputes(actor, Annotation.article_id.in_(ids)).subquery()
    counts = sa.select(disputes.c.article_id, sa.func.count()).group_by(disputes.c.article_id)
    for article_id, count in db.session.execute(counts):
        rows[article_id].disputes = count
    for event in newest_events(ids):
        rows[event.article_id].last = LastActivity(event.created_at, word_event(event, hidden=True))
    return [rows[article_id] for article_id in ids]


def assignments_of(article_ids: list[int]) -> list[Assignment]:
    """Return the articles' assignments with their reviewers, soonest due first."""
    return list(
        db.session.scalars(
            sa.select(Assignment)
            .join(Assignment.reviewer)
            .where(Assignment.article_id.in_(article_ids))
            .options(selectinload(Assignment.reviewer))
            .order_by(Assignment.due_on.is_(None), Assignment.due_on, User.name, User.id)
        )
    )


def newest_events(article_ids: list[int]) -> list[AuditEvent]:
    """Return the newest event of each of the articles that has any."""
    newest = (
        sa.select(sa.func.max(AuditEvent.id))
        .where(AuditEvent.article_id.in_(article_ids))
        .group_by(AuditEvent.article_id)
    )
    return list(db.session.scalars(sa.select(AuditEvent).where(AuditEvent.id.in_(newest))))
