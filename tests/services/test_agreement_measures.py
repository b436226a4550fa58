"""Agreement figures checked against worked examples published in the literature."""

import pytest

from annotator.services.agreement_measures import (
    cohen_kappa,
    krippendorff_alpha_nominal,
    percent_agreement,
)

# Krippendorff, K. (2011). "Computing Krippendorff's Alpha-Reliability", section C: four
# observers, twelve units, values 1-5, missing data (None). Published nominal alpha: 0.743.
_ = None
KRIPPENDORFF_OBSERVERS = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, _, _, _],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, _, 3],
    [_, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, _],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, _],
]
# Same paper, section A: two observers, ten units, binary data. Published alpha: 0.095.
KRIPPENDORFF_BINARY = [
    [0, 1, 0, 0, 0, 0, 0, 0, 1, 0],
    [1, 1, 1, 0, 0, 1, 0, 0, 0, 0],
]


def units_of(observers):
    return [list(unit) for unit in zip(*observers, strict=True)]


def test_krippendorff_alpha_matches_published_example_with_missing_data():
    alpha = krippendorff_alpha_nominal(units_of(KRIPPENDORFF_OBSERVERS))
    assert round(alpha, 3) == 0.743


def test_krippendorff_alpha_matches_published_binary_example():
    alpha = krippendorff_alpha_nominal(units_of(KRIPPENDORFF_BINARY))
    assert round(alpha, 3) == 0.095


def test_krippendorff_alpha_ignores_units_coded_once():
    units = [["a", "a"], ["b", "b"], ["a", None], [None, None]]
    assert krippendorff_alpha_nominal(units) == 1.0


@pytest.mark.parametrize(
    "units",
    [
        [],
        [["a", None], [None, "b"]],
        [["a", "a"], ["a", "a", "a"]],
    ],
    ids=["no units", "nothing pairable", "no variation"],
)
def test_krippendorff_alpha_is_none_when_undefined(units):
    assert krippendorff_alpha_nominal(units) is None


def test_krippendorff_alpha_of_systematic_disagreement_is_negative():
    assert krippendorff_alpha_nominal([["a", "b"], ["b", "a"]]) < 0


def expand(table: dict[tuple[str, str], int]) -> tuple[list[str], list[str]]:
    first, second = [], []
    for (a, b), count in table.items():
        first += [a] * count
        second += [b] * count
    return first, second


@pytest.mark.parametrize(
    ("table", "kappa"),
    [
        # Wikipedia "Cohen's kappa", worked example: 50 grant proposals, p_o 0.7, p_e 0.5.
        ({("yes", "yes"): 20, ("yes", "no"): 5, ("no", "yes"): 10, ("no", "no"): 15}, 0.4),
        # Same article, "same percentages but different numbers" tables.
        ({("yes", "yes"): 45, ("yes", "no"): 15, ("no", "yes"): 25, ("no", "no"): 15}, 0.1304),
        ({("yes", "yes"): 25, ("yes", "no"): 35, ("no", "yes"): 5, ("no", "no"): 35}, 0.2593),
    ],
)
def test_cohen_kappa_matches_published_examples(table, kappa):
    assert round(cohen_kappa(*expand(table)), 4) == kappa


def test_cohen_kappa_skips_pairs_with_a_missing_value():
    first = ["a", "b", None, "a", "c"]
    second = ["a", "b", "b", None, "c"]
    assert cohen_kappa(first, second) == 1.0


@pytest.mark.parametrize(
    ("first", "second"),
    [([], []), (["a", None], [None, "b"]), (["a", "a"], ["a", "a"])],
    ids=["empty", "no complete pair", "chance agreement certain"],
)
def test_cohen_kappa_is_none_when_undefined(first, second):
    assert cohen_kappa(first, second) is None


def test_cohen_kappa_refuses_coders_of_different_lengths():
    with pytest.raises(ValueError, match="same units"):
        cohen_kappa(["a"], ["a", "b"])


def test_percent_agreement_counts_agreeing_pairs():
    # Unit 1: 6 ordered pairs all agree; unit 2: 2 of 6 agree (b-b both ways).
    units = [["a", "a", "a"], ["a", "b", "b"], ["c", None]]
    assert percent_agreement(units) == pytest.approx(8 / 12)


def test_percent_agreement_is_none_without_pairs():
    assert percent_agreement([["a", None]]) is None
