"""The ClaimReview export: the whole claim, its claimant, where it appeared, the team's rating."""

import json
import subprocess
import sys

import pytest

from annotator.exports.claimreview import claim_reviews, explanation, validator_mapping
from annotator.exports.registry import FORMATS
from annotator.extensions import db
from annotator.models import ClaimantKind, RatingEntry, Resolution, Verdict
from annotator.services.rating_scale import rating_scale, ratings_for

from .conftest import BASE_URL, scale_mapping, shared_tools

PUBLIC = "https://factcheck.example.org/p/demo/fentanyl-talks"


def reviews(export) -> list[dict]:
    return json.loads(b"".join(FORMATS["claimreview"].chunks(export)))


@pytest.fixture
def first(seeded_export):
    """The first settled sentence and its resolution; changes to it are rolled back."""
    yield seeded_export.settled()[0]
    db.session.rollback()


def test_claim_reviewed_is_the_whole_sentence_uncut(seeded_export):
    for review, (sentence, _) in zip(reviews(seeded_export), seeded_export.settled(), strict=True):
        assert review["claimReviewed"] == " ".join(seeded_export.sentence_text(sentence).split())
        assert "…" not in review["claimReviewed"]
    assert max(len(r["claimReviewed"]) for r in reviews(seeded_export)) > 75


def test_claimant_is_the_claims_author_person_or_organisation(seeded_export, first):
    _, resolution = first
    resolution.claimant_name, resolution.claimant_kind = "Jane Roe", ClaimantKind.person
    assert reviews(seeded_export)[0]["itemReviewed"]["author"] == {
        "@type": "Person",
        "name": "Jane Roe",
    }
    resolution.claimant_kind = ClaimantKind.organization
    assert reviews(seeded_export)[0]["itemReviewed"]["author"]["@type"] == "Organization"


def test_no_claimant_leaves_the_author_out(seeded_export, first):
    first[1].claimant_name = ""
    assert "author" not in reviews(seeded_export)[0]["itemReviewed"]


def test_appearance_is_where_the_claim_appeared(seeded_export, first):
    first[1].claim_url = "https://video.example.net/speech"
    assert reviews(seeded_export)[0]["itemReviewed"]["appearance"] == {
        "@type": "CreativeWork",
        "url": "https://video.example.net/speech",
    }


def test_appearance_is_the_article_when_it_appeared_there(seeded_export, first):
    seeded_export.article.source_url = "https://news.example.com/talks"
    first[1].claim_url = "https://news.example.com/talks"
    appearance = reviews(seeded_export)[0]["itemReviewed"]["appearance"]
    assert appearance["@type"] == "NewsArticle"
    assert appearance["url"] == "https://news.example.com/talks"


def test_rating_is_the_teams_label_with_its_number(seeded_export, first):
    false = next(e for e in rating_scale(seeded_export.article.team_id) if e.label == "False")
    first[1].verdict, first[1].rating = Verdict.disputed, false
    rating = reviews(seeded_export)[0]["reviewRating"]
    assert rating["alternateName"] == "False"
    assert (rating["ratingValue"], rating["bestRating"], rating["worstRating"]) == (1, 5, 1)


def test_text_only_rating_carries_no_number(seeded_export, first):
    [unproven] = ratings_for(seeded_export.article.team_id, Verdict.unverified)
    first[1].verdict, first[1].rating = Verdict.unverified, unproven
    rating = reviews(seeded_export)[0]["reviewRating"]
    assert rating["alternateName"] == "Unproven"
    assert not {"ratingValue", "bestRating", "worstRating"} & set(rating)


def test_explanation_is_the_rationale_as_plain_text(seeded_export, first):
    first[1].rationale = "The **readout** says [China](https://example.org/r), not Mexico.\n\n- a"
    explained = reviews(seeded_export)[0]["reviewRating"]["ratingExplanation"]
    assert explained == "The readout says China, not Mexico. a"
    assert "reviewer(s)" not in json.dumps(reviews(seeded_export))


def test_explanation_without_rationale_is_the_ratings_meaning_else_stock():
    entry = RatingEntry(label="Odd", description="", verdict=Verdict.disputed)
    resolution = Resolution(verdict=Verdict.disputed, rationale="", rating=entry)
    assert explanation(resolution).startswith("Credible evidence contradicts")
    entry.description = "Says what it means."
    assert explanation(resolution) == "Says what it means."


def test_resolution_without_a_rating_reads_as_the_standard_scale(seeded_export, first):
    first[1].verdict, first[1].rating = Verdict.verified, None
    rating = claim_reviews(seeded_export)[0]["reviewRating"]
    assert (rating["alternateName"], rating["ratingValue"]) == ("Verified", 5)


def test_url_is_the_public_page_anchor_when_published(seeded_export, first):
    sentence, _ = first
    assert reviews(seeded_export)[0]["url"] == (
        f"{BASE_URL}articles/{seeded_export.article.id}/export/html#sentence-{sentence.index + 1}"
    )
    seeded_export.public_iri = PUBLIC
    assert reviews(seeded_export)[0]["url"] == f"{PUBLIC}#claim-{sentence.index + 1}"


def test_validator_mapping_lists_every_entry_of_the_scale(team):
    mapping = validator_mapping(rating_scale(team.id))
    assert (mapping["worstRating"], mapping["bestRating"]) == (1, 5)
    labels = {v["alternateName"]: v["ratingValue"] for v in mapping["verdicts"].values()}
    assert labels == {
        "Accurate": 5,
        "Mostly accurate": 4,
        "Unproven": None,
        "Misleading": 2,
        "False": 1,
    }


@pytest.fixture
def tools():
    found = shared_tools()
    if found is None:
        pytest.skip("../shared/tools is not beside the repository: validators not run")
    return found


@pytest.mark.parametrize("published", [False, True])
def test_export_passes_validator_with_and_without_claimant_and_public_page(
    tools, tmp_path, seeded_export, first, published
):
    if published:
        seeded_export.public_iri = PUBLIC
        first[1].claimant_name, first[1].claimant_kind = "Jane Roe", ClaimantKind.person
    else:
        for _, resolution in seeded_export.settled():
            resolution.claimant_name = ""
    path = tmp_path / "claimreview.jsonld"
    path.write_text(json.dumps(reviews(seeded_export)), encoding="utf-8")
    mapping = scale_mapping(tmp_path, seeded_export.article.team_id)
    page = PUBLIC if published else BASE_URL
    args = [tools / "validate_claimreview.py", path, "--page-url", page, "--mapping", mapping]
    result = subprocess.run([sys.executable, *map(str, args)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout
    assert f"{len(seeded_export.settled())} ClaimReviews, 0 problems" in result.stdout
    authors = [r["itemReviewed"].get("author") for r in reviews(seeded_export)]
    assert any(authors) is published
