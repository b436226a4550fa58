"""Claim similarity: same claim reworded, figures nearby, different claims."""

import pytest

from annotator.text.similarity import claim_similarity, claim_words, figures_near

SETTLED = (
    "She noted that Beijing has already sent notices to Chinese companies that make "
    "precursors for fentanyl and that incidents are being reported to the International "
    "Narcotics Control."
)


def test_claim_words_drop_stop_words_and_keep_figures_without_commas():
    words = claim_words("The U.S. lost 107,000 people in 2022.")
    assert words == ["lost", "107000", "people", "2022"]


def test_claim_words_drop_possessive():
    assert claim_words("China’s lab") == ["china", "lab"]


def test_reworded_claim_is_similar():
    reworded = (
        "Beijing had already sent notices to Chinese firms making fentanyl precursors, "
        "and incidents are reported to the International Narcotics Control, she said."
    )
    assert claim_similarity(SETTLED, reworded) >= 0.5


def test_near_figures_count_as_half_a_match():
    exact = claim_similarity("Overdoses killed 107,000 people.", "Overdoses killed 107,000 people.")
    near = claim_similarity("Overdoses killed 107,000 people.", "Overdoses killed 105,000 people.")
    far = claim_similarity("Overdoses killed 107,000 people.", "Overdoses killed 5,000 people.")
    assert exact == 1.0
    assert far < near < exact


def test_different_claims_are_not_similar():
    assert claim_similarity(SETTLED, "Inflation slowed to 2.4% in November.") < 0.2


def test_empty_sentences_have_no_similarity():
    assert claim_similarity("the and of", SETTLED) == 0.0


@pytest.mark.parametrize(
    ("first", "second", "near"),
    [(100, 110, True), (100, 120, False), (0, 0, True), (-5, -5.5, True)],
)
def test_figures_near(first, second, near):
    assert figures_near(first, second) is near
