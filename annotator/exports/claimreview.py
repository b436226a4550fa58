"""schema.org ClaimReview JSON-LD: one per settled sentence, with the team's final verdict."""

import json
from collections.abc import Iterator

from annotator.exports.readmodel import ArticleExport, ExportContext
from annotator.models import Resolution, Sentence, Verdict

#: The published verdict scale (standards/claimreview.md): unverified has no number.
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
CLAIM_LIMIT = 75
EXPLANATION_LIMIT = 500


def shorten(text: str, limit: int) -> str:
    """Cut text at a word boundary to at most ``limit`` characters, marking the cut."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + "…"


def rating(resolution: Resolution) -> dict:
    """Return the Rating of a final verdict, by the published scale."""
    label, value = RATINGS[resolution.verdict]
    found: dict = {"@type": "Rating", "alternateName": label}
    if value is not None:
        found.update(ratingValue=value, bestRating=5, worstRating=1)
    explanation = resolution.rationale.strip() or STOCK_EXPLANATIONS[resolution.verdict]
    found["ratingExplanation"] = shorten(explanation, EXPLANATION_LIMIT)
    return found


def claim(export: ArticleExport) -> dict:
    """Return the Claim: where it appeared, when, and who published it."""
    article = export.article
    published = (article.published_on or article.created_at.date()).isoformat()
    appearance: dict = {
        "@type": "NewsArticle",
        "url": export.article_iri,
        "headline": article.title,
        "datePublished": published,
    }
    found: dict = {"@type": "Claim", "datePublished": published, "appearance": appearance}
    if article.publisher:
        publisher = {"@type": "Organization", "name": article.publisher}
        appearance["publisher"] = publisher
        found["author"] = publisher
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


def review_iri(export: ArticleExport, sentence: Sentence) -> str:
    """Return where the check of a sentence is read: its claim on the public page, when the
    article has one, else its sentence in the HTML report."""
    if export.public_iri:
        return f"{export.public_iri}#claim-{sentence.index + 1}"
    return f"{export.report_iri}#sentence-{sentence.index + 1}"


def claim_review(export: ArticleExport, sentence: Sentence, resolution: Resolution) -> dict:
    """Return the ClaimReview of one settled sentence."""
    context = export.context
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": review_iri(export, sentence),
        "datePublished": resolution.settled_at.date().isoformat(),
        "author": fact_checker(context),
        "claimReviewed": shorten(export.sentence_text(sentence), CLAIM_LIMIT),
        "itemReviewed": claim(export),
        "reviewRating": rating(resolution),
    }


def claim_reviews(export: ArticleExport) -> list[dict]:
    """Return the ClaimReviews of every settled sentence, in reading order."""
    return [claim_review(export, s, r) for s, r in export.settled()]


def script_json(value: object) -> str:
    """Return JSON safe inside an HTML <script>: no tag or comment can be closed by it."""
    text = json.dumps(value, ensure_ascii=False, indent=2)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def render(export: ArticleExport) -> Iterator[str]:
    """Yield the ClaimReviews as one JSON-LD array."""
    yield json.dumps(claim_reviews(export), ensure_ascii=False, indent=2) + "\n"
