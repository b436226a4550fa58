"""Read models for pages: progress per article and the annotations of an article."""

from collections import defaultdict
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.orm import defer, selectinload

from annotator.extensions import db
from annotator.models import Annotation, Article, Resolution, Sentence, Verdict


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

    ``user_id`` is whose own verdicts to count (None: nobody's).
    """
    progress = {article_id: Progress() for article_id in article_ids}
    if not article_ids:
        return progress
    annotated = Annotation.verdict.is_not(None)
    totals = (
        sa.select(Sentence.article_id, sa.func.count())
        .where(Sentence.article_id.in_(article_ids))
        .group_by(Sentence.article_id)
    )
    for article_id, count in db.session.execute(totals):
        progress[article_id].total = count
    covered = (
        sa.select(
            Annotation.article_id,
            sa.func.count(sa.distinct(Annotation.sentence_id)),
            sa.func.count(
                sa.distinct(sa.case((Annotation.reviewer_id == user_id, Annotation.sentence_id)))
            ),
        )
        .where(Annotation.article_id.in_(article_ids), annotated)
        .group_by(Annotation.article_id)
    )
    for article_id, any_count, mine in db.session.execute(covered):
        progress[article_id].with_any_verdict = any_count
        progress[article_id].with_my_verdict = mine
    counts = (
        sa.select(Annotation.article_id, Annotation.verdict, sa.func.count())
        .where(Annotation.article_id.in_(article_ids), annotated)
        .group_by(Annotation.article_id, Annotation.verdict)
    )
    for article_id, verdict, count in db.session.execute(counts):
        progress[article_id].verdict_counts[verdict] = count
    settled = (
        sa.select(Resolution.article_id, sa.func.count())
        .where(Resolution.article_id.in_(article_ids), Resolution.verdict.is_not(None))
        .group_by(Resolution.article_id)
    )
    for article_id, count in db.session.execute(settled):
        progress[article_id].settled = count
    return progress


def annotations_by_sentence(article: Article) -> dict[int, list[Annotation]]:
    """Return the article's current annotations with a verdict, grouped by sentence id."""
    rows = db.session.scalars(
        sa.select(Annotation)
        .where(Annotation.article_id == article.id, Annotation.verdict.is_not(None))
        .options(selectinload(Annotation.sources), selectinload(Annotation.reviewer))
        .order_by(Annotation.updated_at)
    )
    grouped: dict[int, list[Annotation]] = defaultdict(list)
    for annotation in rows:
        grouped[annotation.sentence_id].append(annotation)
    return grouped


def sentences_of(article: Article) -> list[Sentence]:
    """Return the article's sentences in order."""
    return list(
        db.session.scalars(
            sa.select(Sentence).where(Sentence.article_id == article.id).order_by(Sentence.index)
        )
    )


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
