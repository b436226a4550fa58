"""Locating highlighted words and cutting sentences for highlighting."""

import pytest

from annotator.text.spans import locate_span, split_by_spans

TEXT = "Intro. The cat saw the cat. End."
SENTENCE = (7, 27)


@pytest.mark.parametrize(
    ("words", "hint", "expected"),
    [
        ("cat", None, (11, 14)),
        ("cat", (23, 26), (23, 26)),
        ("  cat ", None, (11, 14)),
        ("cat", (0, 3), (11, 14)),
        ("cat", (11, 15), (11, 14)),
        ("Intro", None, None),
        ("End", None, None),
        ("", None, None),
        ("dog", None, None),
    ],
)
def test_locate_span_cases(words, hint, expected):
    assert locate_span(TEXT, SENTENCE, words, hint) == expected


@pytest.mark.parametrize(
    ("spans", "expected"),
    [
        ([], [(0, 10, False)]),
        ([(2, 4)], [(0, 2, False), (2, 4, True), (4, 10, False)]),
        ([(0, 10)], [(0, 10, True)]),
        (
            [(2, 6), (4, 8)],
            [(0, 2, False), (2, 4, True), (4, 6, True), (6, 8, True), (8, 10, False)],
        ),
        ([(-5, 3)], [(0, 3, True), (3, 10, False)]),
    ],
)
def test_split_by_spans_cases(spans, expected):
    assert split_by_spans(0, 10, spans) == expected
