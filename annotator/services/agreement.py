"""Agreement figures of an article or a team, from reviewers' current verdicts."""

from collections import defaultdict
from dataclasses import dataclass, field
from itertools import combinations
from typing import NamedTuple

import sqlalchemy as sa

from annotator.agreement import cohen_kappa, krippendorff_alpha_nominal, percent_agreement
from annotator.extensions import db
from annotator.models import Annotation, Article, User


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


def current_verdicts(condition) -> list[sa.Row]:
    """Return (article_id, sentence_id, reviewer_id, verdict) of the current annotations with a
    verdict matching the condition: plain rows, as building 10,000 entities costs seconds."""
    return list(
        db.session.execute(
            sa.select(
                Annotation.article_id,
                Annotation.sentence_id,
                Annotation.reviewer_id,
                Annotation.verdict,
            )
            .where(condition, Annotation.verdict.is_not(None))
            .order_by(Annotation.sentence_id, Annotation.reviewer_id)
        )
    )


def reviewers_judging(condition) -> dict[int, User]:
    """Return the reviewers with a current verdict matching the condition, by id."""
    judging = sa.select(Annotation.reviewer_id).where(condition, Annotation.verdict.is_not(None))
    return {
        user.id: user for user in db.session.scalars(sa.select(User).where(User.id.in_(judging)))
    }


def agreement_of(annotations: list, reviewers_by_id: dict[int, User]) -> ArticleAgreement:
    """Compute every figure from current verdict rows (missing verdicts are None)."""
    # Verdicts by their value: strings hash in C, enum members in Python (a second per 10,000).
    by_sentence: dict[int, dict[int, str]] = defaultdict(dict)
    for annotation in annotations:
        by_sentence[annotation.sentence_id][annotation.reviewer_id] = annotation.verdict.value
    judging = {reviewer_id for verdicts in by_sentence.values() for reviewer_id in verdicts}
    reviewers = sorted((reviewers_by_id[r] for r in judging), key=lambda user: (user.name, user.id))
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
    """Return the agreement figures of one article, in two queries."""
    condition = Annotation.article_id == article.id
    return agreement_of(current_verdicts(condition), reviewers_judging(condition))


def team_agreement(team_id: int) -> ArticleAgreement:
    """Return the agreement figures pooled over every article of a team, in two queries."""
    condition = Annotation.article_id.in_(sa.select(Article.id).where(Article.team_id == team_id))
    return agreement_of(current_verdicts(condition), reviewers_judging(condition))
