"""Shortening what a member wrote to quote it."""

import pytest

from annotator.text.quoting import shortened


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("  Short\n  ok. ", "Short ok."),
        ("One.\n\nTwo.", "One. …"),
        ("alpha beta gamma delta", "alpha beta…"),
        ("alpha beta, gamma", "alpha beta…"),
        ("", ""),
    ],
)
def test_shortened_keeps_a_paragraph_cut_at_a_word(text, expected):
    assert shortened(text, 12) == expected
