"""What a settlement says about the claim besides its verdict: the team's textual rating,
who made the claim and where it appeared; what the settle form suggests for each."""

from dataclasses import dataclass

from annotator import limits
from annotator.models import ClaimantKind, Resolution, Sentence, Verdict
from annotator.services.rating_scale import find_rating, ratings_for, suggested_rating
from annotator.services.sources import check_web_url
from annotator.text.attribution import claimant_in


@dataclass(frozen=True)
class ClaimDetails:
    """What a settlement says about the claim besides its verdict: the team's textual
    rating, who made the claim and where it appeared. None takes the suggestion
    (``suggest_details``); an empty name or address says nobody, or the article itself."""

    rating_id: object = None
    claimant_name: str | None = None
    claimant_kind: ClaimantKind | str | None = None
    claim_url: str | None = None


@dataclass(frozen=True)
class Suggestion:
    """What the settle form offers for a sentence: a claimant, where the claim appeared."""

    claimant_name: str
    claimant_kind: ClaimantKind
    claim_url: str


def check_details(
    team_id: int, verdict: object, details: ClaimDetails
) -> tuple[ClaimDetails, dict[str, str]]:
    """Return the details trimmed, the kind an Enum, and every field's problem."""
    errors = {}
    if problem := rating_problem(team_id, verdict, details.rating_id):
        errors["rating"] = problem
    name, url = details.claimant_name.strip(), details.claim_url.strip()
    if problem := limits.CLAIMANT.problem(name):
        errors["claimant_name"] = f"Who made the claim: {problem}"
    kind = details.claimant_kind
    if not isinstance(kind, ClaimantKind):
        kind = ClaimantKind.__members__.get(kind) if isinstance(kind, str) else None
    if kind is None:
        errors["claimant_kind"] = "Choose whether a person or an organisation made the claim."
    if url and (problem := check_web_url(url)):
        errors["claim_url"] = f"Where the claim appeared: {problem}"
    return ClaimDetails(details.rating_id, name, kind, url), errors


def rating_problem(team_id: int, verdict: object, rating_id: object) -> str | None:
    """Return why the rating cannot be the words of this verdict, or None."""
    entry = find_rating(team_id, rating_id)
    if entry is None:
        return "Choose a rating from your team's scale."
    if isinstance(verdict, Verdict) and entry.verdict is not verdict:
        words = ", ".join(f"“{e.label}”" for e in ratings_for(team_id, verdict))
        return (
            f"“{entry.label}” stands for {entry.verdict.label.lower()}, not "
            f"{verdict.label.lower()}: choose {words}."
        )
    return None


def suggest_details(sentence: Sentence, resolution: Resolution | None = None) -> Suggestion:
    """Return what the settle form offers: the claimant and address given before, else
    whoever the sentence quotes, else the article's publisher; the article's address."""
    article = sentence.article
    if resolution is not None and (resolution.claimant_name or resolution.claim_url):
        return Suggestion(resolution.claimant_name, resolution.claimant_kind, resolution.claim_url)
    url = article.source_url or ""
    if quoted := claimant_in(sentence.text_in(article.text)):
        kind = ClaimantKind.organization if quoted.is_organisation else ClaimantKind.person
        return Suggestion(quoted.name, kind, url)
    return Suggestion(article.publisher or "", ClaimantKind.organization, url)


def fill_details(
    sentence: Sentence, resolution: Resolution | None, details: ClaimDetails | None, verdict
) -> ClaimDetails:
    """Return the details with every part not given taken from the suggestions."""
    details = details or ClaimDetails()
    suggestion = suggest_details(sentence, resolution)
    rating_id = details.rating_id
    if rating_id is None and isinstance(verdict, Verdict):
        kept = resolution.rating if resolution is not None else None
        if kept is None or kept.verdict is not verdict:
            kept = suggested_rating(sentence.article.team_id, verdict)
        rating_id = kept.id
    return ClaimDetails(
        rating_id,
        suggestion.claimant_name if details.claimant_name is None else details.claimant_name,
        suggestion.claimant_kind if details.claimant_kind is None else details.claimant_kind,
        suggestion.claim_url if details.claim_url is None else details.claim_url,
    )
