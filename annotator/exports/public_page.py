"""The public fact-check page's read model: a published article's settled claims, as
anyone may read them, with one ClaimReview each.

It reads what the exports read (``load_export``), plus the claims' sources and, when the
team chooses to show them, their reviewers' names: a fixed number of statements whatever
the article's size. Reviewers' notes, their own verdicts, responses, agreement figures and
drafts are never read here, so no page built from it can show them.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

import sqlalchemy as sa

from annotator.exports.bundle import context_for
from annotator.exports.claimreview import (
    STOCK_EXPLANATIONS,
    claim_review,
    rating_words,
    script_json,
)
from annotator.exports.public_feeds import public_path
from annotator.exports.readmodel import ArticleExport, SentenceView, SourceView, load_export
from annotator.extensions import db
from annotator.models import Annotation, Article, Resolution, Source, Team, User, Verdict
from annotator.services.public_pages import last_change
from annotator.services.sources import check_web_url
from annotator.services.visibility import ReviewVisibility


def claim_rating_label(resolution: Resolution) -> str:
    """Return the words the public page gives a claim's final verdict: the team's rating."""
    return rating_words(resolution)[0]


def rating_meaning(resolution: Resolution) -> str:
    """Return what the claim's rating means: the team's description of it, else the
    verdict's stock explanation."""
    entry = resolution.rating
    if entry is not None and entry.description:
        return entry.description
    return STOCK_EXPLANATIONS[resolution.verdict]


@dataclass(frozen=True)
class PublicClaim:
    """A settled sentence: its final verdict in words, why, and the evidence."""

    #: The sentence's position + 1: the claim's anchor on the page is ``claim-<number>``.
    number: int
    words: str
    resolution: Resolution
    label: str
    sources: tuple[SourceView, ...]
    #: The reviewers who gave it a verdict, when the team shows their names (else empty).
    reviewers: tuple[str, ...]
    #: Its ClaimReview, as JSON safe inside a <script> element.
    json_ld: str

    @property
    def anchor(self) -> str:
        return f"claim-{self.number}"

    @property
    def verdict(self) -> Verdict:
        return self.resolution.verdict

    @property
    def has_own_rationale(self) -> bool:
        """Tell whether an editor wrote the rationale: a default one quotes the reviewers'
        notes, which are never public, so the page gives the verdict's meaning instead."""
        return not self.resolution.rationale_is_default

    @property
    def stock_explanation(self) -> str:
        return rating_meaning(self.resolution)


class Piece(NamedTuple):
    """Words of a paragraph in reading order: a claim's sentence, or the words between."""

    words: str
    claim: PublicClaim | None


@dataclass(frozen=True)
class PublicPage:
    """What the public page of one published article shows."""

    team: Team
    article: Article
    #: The page's absolute address (canonical link, og:url, the ClaimReviews' url).
    address: str
    paragraphs: list[list[Piece]]
    claims: list[PublicClaim]
    last_modified: datetime

    @property
    def publisher(self) -> str:
        return self.team.publisher

    @property
    def summary(self) -> str:
        """Return one sentence saying what was checked and found (og:description)."""
        if not self.claims:
            return f"{self.publisher} checked this article and rated no claim in it."
        counts: dict[str, int] = {}
        for claim in self.claims:
            counts[claim.label] = counts.get(claim.label, 0) + 1
        found = ", ".join(f"{count} {label.lower()}" for label, count in counts.items())
        noun = "claim" if len(self.claims) == 1 else "claims"
        return f"{self.publisher} checked {len(self.claims)} {noun} in this article: {found}."


def load_public_page(article: Article, base_url: str | None) -> PublicPage:
    """Load the public page of a published article of a team that opted in."""
    team = article.team
    context = context_for(article, base_url)
    export = load_export(article, context, ReviewVisibility(article.id, None, blinded=False))
    export.public_iri = context.iri(public_path(team.slug, article.public_slug))
    claims = public_claims(export, team)
    return PublicPage(
        team=team,
        article=article,
        address=export.public_iri,
        paragraphs=paragraphs_of(export, {claim.number: claim for claim in claims}),
        claims=claims,
        last_modified=last_change(team, article.published_at),
    )


def public_claims(export: ArticleExport, team: Team) -> list[PublicClaim]:
    """Return the article's settled claims in reading order, each with what it shows."""
    sources = sources_by_sentence(export.article.id)
    names = reviewers_by_sentence(export) if team.public_reviewer_names else {}
    return [
        PublicClaim(
            number=sentence.index + 1,
            words=export.sentence_text(sentence),
            resolution=resolution,
            label=claim_rating_label(resolution),
            sources=sources.get(sentence.id, ()),
            reviewers=names.get(sentence.id, ()),
            json_ld=script_json(public_claim_review(export, sentence, resolution)),
        )
        for sentence, resolution in export.settled()
    ]


def public_claim_review(export: ArticleExport, sentence: SentenceView, resolution) -> dict:
    """Return the claim's ClaimReview; a default rationale, written from the reviewers'
    notes, is explained by the verdict's meaning instead."""
    review = claim_review(export, sentence, resolution)
    if resolution.rationale_is_default:
        review["reviewRating"]["ratingExplanation"] = rating_meaning(resolution)
    return review


def sources_by_sentence(article_id: int) -> dict[int, tuple[SourceView, ...]]:
    """Return the evidence cited for each sentence, each web address once, in one query."""
    rows = db.session.execute(
        sa.select(Annotation.sentence_id, Source.url, Source.title, Source.quote)
        .join(Annotation, Annotation.id == Source.annotation_id)
        .where(Annotation.article_id == article_id, Annotation.verdict.is_not(None))
        .order_by(Annotation.created_at, Annotation.id, Source.position)
    )
    found: dict[int, dict[str, SourceView]] = {}
    for sentence_id, url, title, quote in rows:
        if check_web_url(url) is None:  # an address stored before the checks: left out
            found.setdefault(sentence_id, {}).setdefault(url, SourceView(url, title, quote))
    return {sentence_id: tuple(views.values()) for sentence_id, views in found.items()}


def reviewers_by_sentence(export: ArticleExport) -> dict[int, tuple[str, ...]]:
    """Return the names of the reviewers with a verdict on each sentence, in one query."""
    rows = db.session.execute(
        sa.select(Annotation.sentence_id, User.name)
        .join(User, User.id == Annotation.reviewer_id)
        .where(Annotation.article_id == export.article.id, Annotation.verdict.is_not(None))
        .order_by(Annotation.sentence_id, User.name)
        .distinct()
    )
    found: dict[int, list[str]] = {}
    for sentence_id, name in rows:
        found.setdefault(sentence_id, []).append(name)
    return {sentence_id: tuple(names) for sentence_id, names in found.items()}


def paragraphs_of(export: ArticleExport, claims: dict[int, PublicClaim]) -> list[list[Piece]]:
    """Cut the article into paragraphs of pieces, the words between sentences kept as they
    are in the stored text."""
    text = export.article.text
    paragraphs: list[list[Piece]] = []
    previous: SentenceView | None = None
    for sentence in export.sentences:
        if previous is None or sentence.paragraph != previous.paragraph:
            paragraphs.append([])
        elif gap := text[previous.end : sentence.start]:
            paragraphs[-1].append(Piece(gap, None))
        words = text[sentence.start : sentence.end]
        paragraphs[-1].append(Piece(words, claims.get(sentence.index + 1)))
        previous = sentence
    return paragraphs
