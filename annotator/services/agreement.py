"""Agreement figures of an article or a team, from the current verdicts a member may see.

Under blind review the figures come from the verdicts the member sees, like everything else:
a reviewer's figures cover the sentences they have judged, so no figure tells them how
teammates judged the others.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from itertools import combinations
from typing import NamedTuple

import sqlalchemy as sa

from annotator.extensions import db
from annotator.models import Annotation, Article, User
from annotator.services.agreement_measures import (
    alpha_of_counts,
    kappa_of_table,
    pairable,
    percent_of_counts,
)
from annotator.services.visibility import ReviewVisibility, hidden_from

#: Below this many sentences compared a figure says little: pages caution against relying on it.
RELIABLE_FROM = 10


def caution_for(compared: int) -> str:
    """Return the caution shown beside a figure computed over ``compared`` sentences, or ""
    when they are enough to rely on it."""
    if compared >= RELIABLE_FROM:
        return ""
    return (
        f"Too few sentences compared ({compared}) to rely on this figure: "
        f"it steadies from about {RELIABLE_FROM}."
    )


class PairAgreement(NamedTuple):
    """Cohen's kappa of two reviewers over the ``n`` sentences both of them judged."""

    reviewer_a: User
    reviewer_b: User
    kappa: float | None
    n: int

    @property
    def caution(self) -> str:
        return caution_for(self.n)


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

    @property
    def caution(self) -> str:
        return caution_for(self.sentences_compared)


def current_verdicts(condition) -> list[sa.Row]:
    """Return (article_id, sentence_id, reviewer_id, verdict) of the current annotations with a
    verdict matching the condition: plain rows, as entities cost far more to build, and the
    verdict as its stored value (a string), as converting each to a Verdict shows on the
    article page's time (ADR 8)."""
    return list(
        db.session.execute(
            sa.select(
                Annotation.article_id,
                Annotation.sentence_id,
                Annotation.reviewer_id,
                sa.type_coerce(Annotation.verdict, sa.String).label("verdict"),
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
    """Compute every figure from current verdict rows (verdicts as Verdict or its value)."""
    by_sentence = verdicts_by_sentence(annotations)
    judging = {reviewer_id for verdicts in by_sentence.values() for reviewer_id in verdicts}
    reviewers = sorted((reviewers_by_id[r] for r in judging), key=lambda user: (user.name, user.id))
    order = [reviewer.id for reviewer in reviewers]
    sentence_ids = sorted(by_sentence)
    units = [[by_sentence[s].get(r) for r in order] for s in sentence_ids]
    unit_counts = pairable(units)
    return ArticleAgreement(
        alpha=alpha_of_counts(unit_counts),
        percent=percent_of_counts(unit_counts),
        pairwise=pairwise_kappas(reviewers, units),
        reviewers=reviewers,
        disagreements=[s for s in sentence_ids if len(set(by_sentence[s].values())) > 1],
        sentences_compared=len(unit_counts),
    )


def verdicts_by_sentence(annotations: list) -> dict[int, dict[int, str]]:
    """Return each sentence's verdict values by reviewer id."""
    # By value: strings hash in C, enum members in Python (ADR 8).
    by_sentence: dict[int, dict[int, str]] = defaultdict(dict)
    for annotation in annotations:
        verdict = annotation.verdict
        value = verdict if verdict.__class__ is str else verdict.value
        by_sentence[annotation.sentence_id][annotation.reviewer_id] = value
    return by_sentence


def pairwise_kappas(reviewers: list[User], units: list[list]) -> list[PairAgreement]:
    """Return Cohen's kappa for every pair of reviewers, in reviewer order.

    One pass over the units counts each pair's (first, second) verdicts; the kappas come
    from those tables instead of two columns per pair.
    """
    tables = {pair: Counter() for pair in combinations(range(len(reviewers)), 2)}
    for unit in units:
        judged = [(i, value) for i, value in enumerate(unit) if value is not None]
        for (i, first), (j, second) in combinations(judged, 2):
            tables[i, j][first, second] += 1
    return [
        PairAgreement(reviewers[i], reviewers[j], kappa_of_table(table), table.total())
        for (i, j), table in tables.items()
    ]


def visible_verdicts(article: Article, visibility: ReviewVisibility) -> list[sa.Row]:
    """Return the article's current verdict rows (as ``current_verdicts``) that the
    visibility shows."""
    hidden = visibility.hides(Annotation.reviewer_id, Annotation.sentence_id)
    return current_verdicts(sa.and_(Annotation.article_id == article.id, ~hidden))


def reviewers_of(verdicts: list[sa.Row]) -> dict[int, User]:
    """Return the reviewers of these verdict rows, by id, in one query (none without rows)."""
    ids = {row.reviewer_id for row in verdicts}
    if not ids:
        return {}
    return {user.id: user for user in db.session.scalars(sa.select(User).where(User.id.in_(ids)))}


def article_agreement(article: Article, visibility: ReviewVisibility) -> ArticleAgreement:
    """Return the agreement figures of one article as the visibility shows it, in two queries."""
    verdicts = visible_verdicts(article, visibility)
    return agreement_of(verdicts, reviewers_of(verdicts))


def team_verdicts(team_id: int, viewer_id: int | None) -> sa.ColumnElement[bool]:
    """SQL: the current annotations of the team's articles the viewer may see (None: all)."""
    return sa.and_(
        Annotation.article_id.in_(sa.select(Article.id).where(Article.team_id == team_id)),
        ~hidden_from(
            viewer_id, Annotation.article_id, Annotation.reviewer_id, Annotation.sentence_id
        ),
    )


def team_agreement(team_id: int, viewer_id: int | None) -> ArticleAgreement:
    """Return the agreement figures pooled over every article of a team, as the viewer (None:
    the host) may see them, in two queries."""
    condition = team_verdicts(team_id, viewer_id)
    return agreement_of(current_verdicts(condition), reviewers_judging(condition))
