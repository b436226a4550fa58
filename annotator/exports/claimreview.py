"""schema.org ClaimReview JSON-LD: one per settled sentence, with the team's final verdict."""

import json
from collections.abc import Iterator

from annotator.exports.readmodel import ArticleExport, ExportContext, SentenceView
from annotator.models import RatingEntry, Resolution, Verdict
from annotator.text.markdown import markdown_as_plain_text

#: Best and worst numbers of every team's scale (standards/claimreview.md).
BEST, WORST = 5, 1
#: The standard's scale, for a final verdict stored without a rating of the team's scale
#: (one restored from an older article record): unverified has no number.
RATINGS = {
    Verdict.verified: ("Verified", 5),
    Verdict.disputed: ("Disputed", 2),
    Verdict.unverified: ("Unverified", None),
}
#: What the rating means when the editor wrote no rationale.
STOCK_EXPLANATIONS = {
    Verdict.verified: "Reviewers confirmed the sentence against the cited evidence.",
    Verdict.disputed: "Credible evidence contradicts the sentence or its accuracy is contested.",
    Verdict.unverified: "The check was inconclusive: not confirmed, not refuted.",
}


def rating_words(resolution: Resolution) -> tuple[str, int | None]:
    """Return the textual rating of a final verdict and its number (None: text only)."""
    entry: RatingEntry | None = resolution.rating
    if entry is None:
        return RATINGS[resolution.verdict]
    return entry.label, entry.value


def explanation(resolution: Resolution) -> str:
    """Return why, as plain text: the rationale without its Markdown, else a stock one."""
    words = markdown_as_plain_text(resolution.rationale)
    if words:
        return words
    entry = resolution.rating
    return (
        entry.description if entry and entry.description else STOCK_EXPLANATIONS[resolution.verdict]
    )


def rating(resolution: Resolution) -> dict:
    """Return the Rating of a final verdict: the team's label, and its number if it has one."""
    label, value = rating_words(resolution)
    found: dict = {"@type": "Rating", "alternateName": label}
    if value is not None:
        found.update(ratingValue=value, bestRating=BEST, worstRating=WORST)
    found["ratingExplanation"] = explanation(resolution)
    return found


def article_work(export: ArticleExport, published: str) -> dict:
    """Return the article as a NewsArticle: its address, headline, date and publisher."""
    article = export.article
    work: dict = {
        "@type": "NewsArticle",
        "url": export.article_iri,
        "headline": article.title,
        "datePublished": published,
    }
    if article.publisher:
        work["publisher"] = {"@type": "Organization", "name": article.publisher}
    return work


def claim(export: ArticleExport, resolution: Resolution) -> dict:
    """Return the Claim: who made it, where it appeared and when."""
    article = export.article
    published = (article.published_on or article.created_at.date()).isoformat()
    address = resolution.claim_url
    if address and address != article.source_url:
        appearance: dict = {"@type": "CreativeWork", "url": address}
    else:
        appearance = article_work(export, published)
    found: dict = {"@type": "Claim", "datePublished": published, "appearance": appearance}
    if resolution.claimant_name:
        kind = resolution.claimant_kind.schema_type
        found["author"] = {"@type": kind, "name": resolution.claimant_name}
    return found


def fact_checker(context: ExportContext) -> dict:
    """Return the Organization that published the check: the team's publisher."""
    found = {
        "@type": "Organization",
        "name": context.organisation,
        "url": context.organisation_url or context.iri(""),
    }
    if context.organisation_logo:
        found["logo"] = context.organisation_logo
    return found


def claim_review(export: ArticleExport, sentence: SentenceView, resolution: Resolution) -> dict:
    """Return the ClaimReview of one settled sentence: the whole sentence is the claim (a
    span marked at fault refines it, standards/web-annotation.md 1.3.1)."""
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": export.claim_iri(sentence),
        "datePublished": resolution.settled_at.date().isoformat(),
        "author": fact_checker(export.context),
        "claimReviewed": " ".join(export.sentence_text(sentence).split()),
        "itemReviewed": claim(export, resolution),
        "reviewRating": rating(resolution),
    }


def claim_reviews(export: ArticleExport) -> list[dict]:
    """Return the ClaimReviews of every settled sentence, in reading order."""
    return [claim_review(export, s, r) for s, r in export.settled()]


def validator_mapping(scale: list[RatingEntry]) -> dict:
    """Return the team's scale as the ClaimReview validator's ``--mapping`` table."""
    return {
        "worstRating": WORST,
        "bestRating": BEST,
        "verdicts": {
            f"{entry.verdict.value}:{entry.id}": {
                "alternateName": entry.label,
                "ratingValue": entry.value,
            }
            for entry in scale
        },
    }


def script_json(value: object) -> str:
    """Return JSON safe inside an HTML <script>: no tag or comment can be closed by it."""
    text = json.dumps(value, ensure_ascii=False, indent=2)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def render(export: ArticleExport) -> Iterator[str]:
    """Yield the ClaimReviews as one JSON-LD array."""
    yield json.dumps(claim_reviews(export), ensure_ascii=False, indent=2) + "\n"
