"""Normalising article text."""

import pytest

from annotator.text.normalise import normalise_text


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
