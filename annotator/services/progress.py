"""Read models for pages: how far the review of each article has come."""

from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.orm import defer

from annotator.extensions import db
from annotator.models import Annotation, Article, Resolution, Sentence, Verdict
from annotator.services.visibility import hidden_from


@dataclass
class Progress:
    """How far the review of one article has come."""

    total: int = 0
    with_any_verdict: int = 0
    with_my_verdict: int = 0
    #: Sentences with a final verdict from an editor.
    settled: int = 0
    verdict_counts: dict[Verdict, int] = field(default_factory=lambda: dict.fromkeys(Verdict, 0))

    def share(self, count: int) -> int:
        """Return count as a whole percentage of the sentences."""
        return round(100 * count / self.total) if self.total else 0


def article_progress(article_ids: list[int], user_id: int | None) -> dict[int, Progress]:
    """Return the progress of each article, in four queries whatever their size.

    ``user_id`` is whose own verdicts to count and whose view blind review shapes (None:
    the host's, which sees all). How many sentences have a verdict or are settled shows
    how far the review has come and is counted for everyone; which verdicts they are is
    counted from those the member may see.
    """
    progress = {article_id: Progress() for article_id in article_ids}
    if not article_ids:
        return progress
    totals = (
        sa.select(Sentence.article_id, sa.func.count())
        .where(Sentence.article_id.in_(article_ids))
        .group_by(Sentence.article_id)
    )
    for article_id, count in db.session.execute(totals):
        progress[article_id].total = count
    count_covered(progress, user_id)
    hidden = hidden_from(
        user_id, Annotation.article_id, Annotation.reviewer_id, Annotation.sentence_id
    )
    counts = (
        sa.select(Annotation.article_id, Annotation.verdict, sa.func.count())
        .where(Annotation.article_id.in_(article_ids), Annotation.verdict.is_not(None), ~hidden)
        .group_by(Annotation.article_id, Annotation.verdict)
    )
    for article_id, verdict, count in db.session.execute(counts):
        progress[article_id].verdict_counts[verdict] = count
    count_settled(progress)
    return progress


def page_progress(article_id: int, user_id: int, total: int, verdicts: list) -> Progress:
    """Return one article's progress for its page, in two queries: the page has counted the
    sentences, and read the verdicts the member may see (rows with a ``verdict`` value)."""
    progress = {article_id: Progress(total=total)}
    count_covered(progress, user_id)
    count_settled(progress)
    counts = progress[article_id].verdict_counts
    for row in verdicts:
        counts[Verdict(row.verdict)] += 1
    return progress[article_id]


def count_covered(progress: dict[int, Progress], user_id: int | None) -> None:
    """Count the sentences with anyone's verdict, and with the user's, of each article."""
    covered = (
        sa.select(
            Annotation.article_id,
            sa.func.count(sa.distinct(Annotation.sentence_id)),
            sa.func.count(
                sa.distinct(sa.case((Annotation.reviewer_id == user_id, Annotation.sentence_id)))
            ),
        )
        .where(Annotation.article_id.in_(list(progress)), Annotation.verdict.is_not(None))
        .group_by(Annotation.article_id)
    )
    for article_id, any_count, mine in db.session.execute(covered):
        progress[article_id].with_any_verdict = any_count
        progress[article_id].with_my_verdict = mine


def count_settled(progress: dict[int, Progress]) -> None:
    """Count the sentences with a final verdict of each article."""
    settled = (
        sa.select(Resolution.article_id, sa.func.count())
        .where(Resolution.article_id.in_(list(progress)), Resolution.verdict.is_not(None))
        .group_by(Resolution.article_id)
    )
    for article_id, count in db.session.execute(settled):
        progress[article_id].settled = count


def team_articles(team_id: int) -> list[Article]:
    """Return a team's articles, newest first."""
    return list(
        db.session.scalars(
            sa.select(Article)
            .where(Article.team_id == team_id)
            .options(defer(Article.text))
            .order_by(Article.created_at.desc(), Article.id.desc())
        )
    )
