"""The team dashboard's figures: verdicts, reviewers' activity by day, agreement by article.

Verdicts, final verdicts and agreement count only what blind review lets the member see.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

import sqlalchemy as sa

from annotator.auth.permissions import Action
from annotator.extensions import db
from annotator.models import Annotation, Article, AuditEvent, Resolution, Team, User, Verdict
from annotator.services.access import require
from annotator.services.agreement import (
    ArticleAgreement,
    agreement_of,
    current_verdicts,
    reviewers_judging,
    team_agreement,
    team_verdicts,
)
from annotator.services.visibility import hidden_from

#: Days of activity the dashboard shows, today included.
ACTIVITY_DAYS = 14


@dataclass
class Dashboard:
    """Everything the team dashboard draws."""

    verdicts: dict[Verdict, int]
    final_verdicts: dict[Verdict, int]
    days: list[date]
    #: Reviewer name -> changes to annotations on each of ``days``.
    activity: dict[str, list[int]]
    agreement: list[tuple[Article, ArticleAgreement]]
    #: Pooled over every article of the team.
    team_agreement: ArticleAgreement

    @property
    def changes_per_day(self) -> list[int]:
        return [sum(counts) for counts in zip(*self.activity.values(), strict=True)] or [
            0 for _ in self.days
        ]


def team_dashboard(actor: User, team: Team, today: date) -> Dashboard:
    """Gather the dashboard of a team, as of the given day."""
    require(actor, team.id, Action.read)
    days = [today - timedelta(days=n) for n in range(ACTIVITY_DAYS - 1, -1, -1)]
    return Dashboard(
        verdicts=verdict_counts(Annotation, team, actor.id),
        final_verdicts=verdict_counts(Resolution, team, actor.id),
        days=days,
        activity=activity_by_day(team, days),
        agreement=agreement_by_article(team, actor.id),
        team_agreement=team_agreement(team.id, actor.id),
    )


def verdict_counts(model, team: Team, viewer_id: int) -> dict[Verdict, int]:
    """Count the current verdicts (annotations) or final verdicts (resolutions) of a team
    that the viewer may see."""
    author = model.reviewer_id if model is Annotation else None
    counts = dict.fromkeys(Verdict, 0)
    rows = db.session.execute(
        sa.select(model.verdict, sa.func.count())
        .join(Article, Article.id == model.article_id)
        .where(
            Article.team_id == team.id,
            model.verdict.is_not(None),
            ~hidden_from(viewer_id, model.article_id, author, model.sentence_id),
        )
        .group_by(model.verdict)
    )
    counts.update(dict(rows.all()))
    return counts


def activity_by_day(team: Team, days: list[date]) -> dict[str, list[int]]:
    """Count each reviewer's changes to annotations per day, from the history."""
    start = datetime.combine(days[0], time.min, UTC)
    rows = db.session.execute(
        sa.select(AuditEvent.actor_name, AuditEvent.created_at).where(
            AuditEvent.team_id == team.id,
            AuditEvent.action.startswith("annotation."),
            AuditEvent.created_at >= start,
        )
    )
    per_reviewer: dict[str, Counter] = defaultdict(Counter)
    for name, moment in rows:
        per_reviewer[name or "Someone"][moment.date()] += 1
    return {
        name: [counts[day] for day in days]
        for name, counts in sorted(per_reviewer.items(), key=lambda item: item[0].casefold())
    }


def agreement_by_article(team: Team, viewer_id: int) -> list[tuple[Article, ArticleAgreement]]:
    """Return the agreement figures of each article two reviewers have judged, newest first,
    from the verdicts the viewer may see."""
    condition = team_verdicts(team.id, viewer_id)
    by_article: dict[int, list] = defaultdict(list)
    for annotation in current_verdicts(condition):
        by_article[annotation.article_id].append(annotation)
    reviewers = reviewers_judging(condition)
    articles = db.session.scalars(
        sa.select(Article)
        .where(Article.id.in_(by_article))
        .order_by(Article.created_at.desc(), Article.id.desc())
    )
    figures = [(article, agreement_of(by_article[article.id], reviewers)) for article in articles]
    return [(article, figure) for article, figure in figures if figure.sentences_compared]
