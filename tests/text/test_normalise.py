"""Normalising article text."""

import pytest

from annotator.text.normalise import has_control_characters, normalise_text


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("\ufeffText.", "Text."),
        ("One.\r\nTwo.\rThree.", "One.\nTwo.\nThree."),
        ("Cafe\u0301", "Café"),
        ("Line.   \nNext.\t", "Line.\nNext."),
        ("A.\n\n\n\n\nB.", "A.\n\nB."),
        ("  padded  ", "padded"),
        ("Sep\u2028arated", "Sep\narated"),
        ("", ""),
    ],
)
def test_normalise_text_cases(raw, expected):
    assert normalise_text(raw) == expected


def test_normalise_text_is_idempotent():
    once = normalise_text("\ufeffA\r\nB\u0301  \n\n\n\nC")
    assert normalise_text(once) == once


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("tab\tand\nnewline", False),
        ("nul\x00", True),
        ("bell\x07", True),
        ("c1\x90", True),
        ("emoji 🙂", False),
    ],
)
def test_has_control_characters_cases(text, expected):
    assert has_control_characters(text) is expected
