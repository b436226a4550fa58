"""Agreement figures of an article or a team, from reviewers' current verdicts."""

from collections import defaultdict
from dataclasses import dataclass, field
from itertools import combinations
from typing import NamedTuple

import sqlalchemy as sa
from sqlalchemy.orm import contains_eager

from annotator.agreement import cohen_kappa, krippendorff_alpha_nominal, percent_agreement
from annotator.extensions import db
from annotator.models import Annotation, Article, User, Verdict


class PairAgreement(NamedTuple):
    """Cohen's kappa of two reviewers over the ``n`` sentences both of them judged."""

    reviewer_a: User
    reviewer_b: User
    kappa: float | None
    n: int


@dataclass
class ArticleAgreement:
    """Agreement among the reviewers of one article (or, pooled, of a team's articles)."""

    alpha: float | None = None
    percent: float | None = None
    pairwise: list[PairAgreement] = field(default_factory=list)
    reviewers: list[User] = field(default_factory=list)
    #: Sentence ids where the reviewers' current verdicts differ.
    disagreements: list[int] = field(default_factory=list)
    #: How many sentences at least two reviewers judged.
    sentences_compared: int = 0


def current_verdicts(condition) -> list[Annotation]:
    """Return the current annotations with a verdict matching the condition, reviewers loaded."""
    return list(
        db.session.scalars(
            sa.select(Annotation)
            .join(Annotation.reviewer)
            .where(condition, Annotation.verdict.is_not(None))
            .options(contains_eager(Annotation.reviewer))
            .order_by(Annotation.sentence_id, Annotation.reviewer_id)
        )
    )


def agreement_of(annotations: list[Annotation]) -> ArticleAgreement:
    """Compute every figure from a list of current annotations (missing verdicts are None)."""
    reviewers = sorted({a.reviewer for a in annotations}, key=lambda user: (user.name, user.id))
    by_sentence: dict[int, dict[int, Verdict]] = defaultdict(dict)
    for annotation in annotations:
        by_sentence[annotation.sentence_id][annotation.reviewer_id] = annotation.verdict
    sentence_ids = sorted(by_sentence)
    units = [[by_sentence[s].get(r.id) for r in reviewers] for s in sentence_ids]
    return ArticleAgreement(
        alpha=krippendorff_alpha_nominal(units),
        percent=percent_agreement(units),
        pairwise=pairwise_kappas(reviewers, units),
        reviewers=reviewers,
        disagreements=[s for s in sentence_ids if len(set(by_sentence[s].values())) > 1],
        sentences_compared=sum(len(verdicts) > 1 for verdicts in by_sentence.values()),
    )


def pairwise_kappas(reviewers: list[User], units: list[list]) -> list[PairAgreement]:
    """Return Cohen's kappa for every pair of reviewers, in reviewer order."""
    pairs = []
    for (i, first), (j, second) in combinations(enumerate(reviewers), 2):
        column_a = [unit[i] for unit in units]
        column_b = [unit[j] for unit in units]
        both = sum(a is not None and b is not None for a, b in zip(column_a, column_b, strict=True))
        pairs.append(PairAgreement(first, second, cohen_kappa(column_a, column_b), both))
    return pairs


def article_agreement(article: Article) -> ArticleAgreement:
    """Return the agreement figures of one article, in one query."""
    return agreement_of(current_verdicts(Annotation.article_id == article.id))


def team_agreement(team_id: int) -> ArticleAgreement:
    """Return the agreement figures pooled over every article of a team, in one query."""
    team_articles = sa.select(Article.id).where(Article.team_id == team_id)
    return agreement_of(current_verdicts(Annotation.article_id.in_(team_articles)))
