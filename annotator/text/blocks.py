"""Group an article's paragraphs into the blocks a page draws: paragraphs and bulleted lists.

Each non-blank line of an imported text is a paragraph (segment.py). A run of lines that open
with a bullet ("- ", "* " or "• ") is a list, each line one item. The text is never changed:
the bullet stays the first characters of its sentence, so every offset stays exact.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import groupby
from typing import Protocol

__all__ = ["Block", "bullet_length", "text_blocks"]

# A bullet, then the white space before the item's first word (a hyphen before a number,
# "-5 degrees", has none).
_BULLET = re.compile(r"[-*•][^\S\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]+(?=\S)")
_LINE_BREAKS = "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"


class Placed(Protocol):
    """A sentence as the blocks need it: where it starts and which paragraph holds it."""

    start: int
    paragraph: int


@dataclass
class Block:
    """A paragraph, or a list whose items are paragraphs; each as (number, its sentences)."""

    is_list: bool
    paragraphs: list[tuple[int, list]] = field(default_factory=list)


def bullet_length(text: str, start: int) -> int:
    """Return the length of the bullet and its spaces opening the line at start, else 0."""
    before = text[:start].rstrip(" \t")
    if before and before[-1] not in _LINE_BREAKS:
        return 0  # the sentence does not open its line
    found = _BULLET.match(text, start)
    return found.end() - start if found else 0


def text_blocks(sentences: Iterable[Placed], text: str) -> list[Block]:
    """Return the paragraphs of sentences (in order) as blocks, consecutive list items joined."""
    blocks: list[Block] = []
    for number, group in groupby(sentences, key=lambda sentence: sentence.paragraph):
        members: Sequence = list(group)
        is_item = bullet_length(text, members[0].start) > 0
        if not (is_item and blocks and blocks[-1].is_list):
            blocks.append(Block(is_item))
        blocks[-1].paragraphs.append((number, members))
    return blocks
