"""Locate the words a reviewer highlighted inside a sentence, as article offsets."""

import itertools


def locate_span(
    text: str, sentence: tuple[int, int], words: str, hint: tuple[int, int] | None = None
) -> tuple[int, int] | None:
    """Return the article offsets of ``words`` inside the sentence, or None if absent.

    ``hint`` (offsets sent by the browser's selection) picks the occurrence when the words
    appear more than once; it is used only when it really points at those words.
    """
    words = words.strip()
    start, end = sentence
    if not words:
        return None
    if hint and start <= hint[0] < hint[1] <= end and text[hint[0] : hint[1]] == words:
        return hint
    found = text.find(words, start, end)
    return (found, found + len(words)) if found >= 0 else None


def split_by_spans(
    start: int, end: int, spans: list[tuple[int, int]]
) -> list[tuple[int, int, bool]]:
    """Cut [start, end) into pieces, each marked True where any span covers it."""
    cuts = {start, end}
    for span_start, span_end in spans:
        cuts.update(offset for offset in (span_start, span_end) if start < offset < end)
    points = sorted(cuts)
    return [
        (left, right, any(s <= left and right <= e for s, e in spans))
        for left, right in itertools.pairwise(points)
    ]
