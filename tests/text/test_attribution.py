"""Who a sentence says made its claim."""

import pytest

from annotator.text.attribution import Claimant, claimant_in


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Ridership grew by 12 percent, said Jane Roe, the mayor.", Claimant("Jane Roe", False)),
        ("According to the Ministry of Health, cases fell.", Claimant("Ministry of Health", True)),
        ("Mayor Tom Smith said the tram opens in May.", Claimant("Mayor Tom Smith", False)),
        ("The Transit Authority claims ridership grew.", Claimant("Transit Authority", True)),
        ("Inflation fell, the Central Bank announced.", Claimant("Central Bank", True)),
        (
            "Yu Haibin, deputy head of the Commission, emphasized that it was so.",
            Claimant("Yu Haibin", False),
        ),
        ("Prices rose, Smith said.", Claimant("Smith", False)),
    ],
)
def test_claimant_is_found_in_attributions(sentence, expected):
    assert claimant_in(sentence) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "Officials said ridership grew by 12 percent last year.",  # nobody named
        "He said it was fine.",
        "Smith said prices rose.",  # one capitalised word opening a sentence: any word is
        "Prices rose.",
        "the mayor said it, quietly.",
    ],
)
def test_no_claimant_when_nobody_is_named(sentence):
    assert claimant_in(sentence) is None
