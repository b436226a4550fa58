"""Assignments: editors give articles to reviewers or ask for N independent reviewers."""

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from annotator import limits
from annotator.auth.permissions import Action, can
from annotator.errors import InvalidTransition, NotFound, ValidationError
from annotator.extensions import db
from annotator.models import (
    Article,
    ArticleState,
    Assignment,
    Membership,
    NotificationKind,
    Role,
    User,
)
from annotator.services.access import require, role_in_team
from annotator.services.audit import record_event_in, record_setting_change
from annotator.services.following import start_following
from annotator.services.inbox import notify
from annotator.services.progress import Progress, article_progress
from annotator.services.workflow import ensure_writable


def assignees_of(article: Article) -> list[Assignment]:
    """Return the article's assignments, reviewers loaded, by reviewer name."""
    return list(
        db.session.scalars(
            sa.select(Assignment)
            .join(Assignment.reviewer)
            .where(Assignment.article_id == article.id)
            .options(selectinload(Assignment.reviewer))
            .order_by(User.name)
        )
    )


@dataclass(frozen=True)
class Candidate:
    """A member who may be given an article, with the role the choice names."""

    user: User
    role: Role

    @property
    def reviews(self) -> bool:
        """Tell whether reviewing is the member's job (editors and admins may annotate too)."""
        return self.role is Role.reviewer


def assignable_members(article: Article) -> list[Candidate]:
    """Return the team members who may annotate: reviewers first, then editors and admins
    who can annotate too, each group by name."""
    rows = db.session.execute(
        sa.select(User, Membership.role)
        .join(Membership)
        .where(Membership.team_id == article.team_id)
        .order_by(User.name, User.id)
    )
    candidates = [Candidate(user, role) for user, role in rows if can(role, Action.annotate)]
    return sorted(candidates, key=lambda candidate: not candidate.reviews)


def check_due_date(due_on: date | None, today: date) -> None:
    """Refuse a due date that has passed already or lies beyond any planning."""
    if due_on is None:
        return
    if due_on < today:
        raise ValidationError(
            {"due_on": f"That day has passed: choose {today.isoformat()} or later, or no date."}
        )
    if due_on.year > today.year + limits.DUE_YEARS_AHEAD:
        raise ValidationError(
            {"due_on": f"Choose a day within {limits.DUE_YEARS_AHEAD} years, or no date."}
        )


def assign_article(
    editor: User, article: Article, reviewer: User | None, due_on: date | None = None
) -> Assignment:
    """Give the article to a reviewer of the team (again: change the due date)."""
    require(editor, article.team_id, Action.assign)
    ensure_writable(article)
    role = role_in_team(reviewer, article.team_id) if reviewer is not None else None
    if role is None:
        # No account and another team's account answer alike: ids of outsiders stay unknown.
        raise NotFound("No such member of this team.")
    if not can(role, Action.annotate):
        raise ValidationError({"reviewer_id": "Choose a member of the team who can annotate."})
    return add_assignment(editor, article, reviewer, due_on)


def add_assignment(
    actor: User, article: Article, reviewer: User, due_on: date | None, assigned_by=True
) -> Assignment:
    assignment = db.session.scalar(
        sa.select(Assignment).where(
            Assignment.article_id == article.id, Assignment.reviewer_id == reviewer.id
        )
    )
    if assignment is None:
        assignment = Assignment(article=article, reviewer=reviewer)
        db.session.add(assignment)
    assignment.due_on = due_on
    assignment.assigned_by = actor if assigned_by else None
    db.session.flush()
    record_event_in(
        actor,
        article,
        "assignment.set",
        subject=f"assignment:{assignment.id}",
        after={"reviewer": reviewer.name, "due_on": due_on.isoformat() if due_on else None},
    )
    start_following(reviewer, article)
    if assigned_by:
        due = f", due {due_on.isoformat()}" if due_on else ""
        notify(
            reviewer.id,
            NotificationKind.assignment,
            actor,
            article,
            f"{actor.name} asked you to review “{article.title}”{due}.",
        )
    return assignment


def unassign_article(editor: User, article: Article, reviewer_id: int) -> None:
    """Take an article back from a reviewer."""
    require(editor, article.team_id, Action.assign)
    ensure_writable(article)
    assignment = db.session.scalar(
        sa.select(Assignment).where(
            Assignment.article_id == article.id, Assignment.reviewer_id == reviewer_id
        )
    )
    if assignment is not None:
        record_event_in(
            editor,
            article,
            "assignment.remove",
            subject=f"assignment:{assignment.id}",
            before={"reviewer": assignment.reviewer.name},
        )
        db.session.delete(assignment)
        db.session.flush()


def request_reviewers(editor: User, article: Article, count: int | None) -> Article:
    """Ask for this many independent reviewers of the article (None or 0: no request)."""
    require(editor, article.team_id, Action.assign)
    ensure_writable(article)
    if count is not None and not 0 <= count <= limits.REVIEWERS_WANTED:
        raise ValidationError({"count": f"Ask for 0 to {limits.REVIEWERS_WANTED} reviewers."})
    before = article.reviewers_wanted
    article.reviewers_wanted = count or None
    db.session.flush()
    record_setting_change(editor, article, "reviewers_wanted", before, article.reviewers_wanted)
    return article


def take_article(reviewer: User, article: Article) -> Assignment:
    """Volunteer for an article whose editors asked for more reviewers."""
    require(reviewer, article.team_id, Action.annotate)
    ensure_writable(article)
    taken = len(assignees_of(article))
    if not article.reviewers_wanted or taken >= article.reviewers_wanted:
        raise InvalidTransition("This article has all the reviewers its editors asked for.")
    return add_assignment(reviewer, article, reviewer, None, assigned_by=False)


#: States in which a due date can still be missed: later ones have finished the review.
OPEN_STATES = (ArticleState.draft, ArticleState.in_review)


def is_late(due_on: date | None, state: ArticleState, today: date) -> bool:
    """Tell whether a due date has passed while the article is still under review."""
    return due_on is not None and due_on < today and state in OPEN_STATES


@dataclass
class MyWork:
    assignment: Assignment
    progress: Progress
    overdue: bool = False


def my_assignments(user: User, today: date) -> list[MyWork]:
    """Return my assignments with my progress on each, soonest due first, in four queries."""
    assignments = list(
        db.session.scalars(
            sa.select(Assignment)
            .where(Assignment.reviewer_id == user.id)
            .options(selectinload(Assignment.article), selectinload(Assignment.assigned_by))
            .order_by(Assignment.due_on.is_(None), Assignment.due_on, Assignment.id)
        )
    )
    figures = article_progress([a.article_id for a in assignments], user.id)
    return [
        MyWork(a, figures[a.article_id], is_late(a.due_on, a.article.state, today))
        for a in assignments
    ]


def open_requests(user: User) -> list[tuple[Article, int]]:
    """Return articles of my teams still short of the reviewers asked for, with places left."""
    taken = (
        sa.select(Assignment.article_id, sa.func.count(Assignment.id).label("taken"))
        .group_by(Assignment.article_id)
        .subquery()
    )
    mine = sa.select(Assignment.article_id).where(Assignment.reviewer_id == user.id)
    rows = db.session.execute(
        sa.select(Article, sa.func.coalesce(taken.c.taken, 0))
        .join(Membership, Membership.team_id == Article.team_id)
        .outerjoin(taken, taken.c.article_id == Article.id)
        .where(
            Membership.user_id == user.id,
            Article.reviewers_wanted.is_not(None),
            Article.state != ArticleState.published,
            Article.id.not_in(mine),
        )
        .order_by(Article.created_at)
    )
    return [
        (article, article.reviewers_wanted - taken_count)
        for article, taken_count in rows
        if taken_count < article.reviewers_wanted
    ]
