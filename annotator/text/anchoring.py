"""Re-anchor sentences and spans from one version of an article's text to the next."""

from __future__ import annotations

import bisect
import difflib
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

__all__ = [
    "Quote",
    "SentenceMove",
    "judged_span",
    "map_sentences",
    "mark_judged",
    "move_span",
    "quote_at",
    "word_diff",
]

#: Characters of context kept on each side, as a W3C TextQuoteSelector's prefix and suffix.
CONTEXT = 32
#: Below this word similarity a changed sentence is not taken for the old one.
MIN_SIMILARITY = 0.5
#: How many candidate sentences sharing rare words are compared in full.
CANDIDATES = 12
#: A word found in more sentences than this says little about which one is meant.
COMMON_WORD = 40
_WORDS = re.compile(r"\w+")
# Words for a diff: a figure such as 4.5 or 1,200 is one word, so a corrected one reads whole.
_TOKENS = re.compile(r"\s+|\d+(?:[.,]\d+)*|\w+|[^\w\s]")


@dataclass(frozen=True, slots=True)
class Quote:
    """A passage with the words just before and after it (W3C TextQuoteSelector)."""

    exact: str
    prefix: str
    suffix: str


@dataclass(frozen=True, slots=True)
class SentenceMove:
    """Where an old sentence went: ``new`` None when it can no longer be found."""

    old: int
    new: int | None
    #: True when the new sentence's words differ from the old one's.
    changed: bool = False


def quote_at(text: str, start: int, end: int) -> Quote:
    """Return the passage text[start:end] with its context, as a TextQuoteSelector would."""
    return Quote(text[start:end], text[max(0, start - CONTEXT) : start], text[end : end + CONTEXT])


def similarity(first: str, second: str) -> float:
    """Return how alike two passages are, word by word, from 0 to 1."""
    return difflib.SequenceMatcher(None, _WORDS.findall(first), _WORDS.findall(second)).ratio()


def surroundings(old: Quote, new: Quote) -> tuple[float, float]:
    """Return how much of the text just before, and just after, two passages is the same.

    Counted outwards from each passage, so that only unbroken neighbouring words count.
    """
    before = shared_run(old.prefix[::-1], new.prefix[::-1])
    after = shared_run(old.suffix, new.suffix)
    return before, after


def shared_run(first: str, second: str) -> float:
    """Return the share of the longer string that both start with, from 0 to 1."""
    longest = max(len(first), len(second))
    pairs = zip(first, second, strict=False)
    shared = next((i for i, (a, b) in enumerate(pairs) if a != b), min(len(first), len(second)))
    return shared / longest if longest else 1.0


def context_similarity(old: Quote, new: Quote) -> float:
    """Return how alike the surroundings of two passages are, from 0 to 1."""
    return sum(surroundings(old, new)) / 2


def map_sentences(
    old_text: str,
    old_spans: Sequence[tuple[int, int]],
    new_text: str,
    new_spans: Sequence[tuple[int, int]],
) -> list[SentenceMove]:
    """Map each old sentence to the new sentence that continues it, or to None.

    Identical sentences are aligned first in reading order (so a repeated sentence keeps
    its own place), then identical sentences that moved, then changed sentences by their
    words and their context. Each new sentence takes at most one old sentence.
    """
    old = [quote_at(old_text, start, end) for start, end in old_spans]
    new = [quote_at(new_text, start, end) for start, end in new_spans]
    matches: dict[int, int] = {}
    align_in_order(old, new, matches)
    match_moved(old, new, matches)
    match_changed(old, new, matches)
    return [
        SentenceMove(i, matches.get(i), i in matches and old[i].exact != new[matches[i]].exact)
        for i in range(len(old))
    ]


def align_in_order(old: list[Quote], new: list[Quote], matches: dict[int, int]) -> None:
    """Pair identical sentences that keep their order, as a diff of the two versions would.

    Sentences found once in each version anchor the alignment (their longest run in order,
    as in a patience diff); a diff of the sentence lists pairs the rest between two anchors,
    which keeps a long article's alignment close to linear.
    """
    before, after = [q.exact for q in old], [q.exact for q in new]
    anchors = unique_pairs_in_order(before, after)
    starts = [(-1, -1), *anchors]
    ends = [*anchors, (len(before), len(after))]
    for (a_start, b_start), (a_end, b_end) in zip(starts, ends, strict=True):
        if (a_end, b_end) != (len(before), len(after)):
            matches[a_end] = b_end
        matcher = difflib.SequenceMatcher(
            None, before[a_start + 1 : a_end], after[b_start + 1 : b_end], autojunk=False
        )
        for block in matcher.get_matching_blocks():
            for offset in range(block.size):
                matches[a_start + 1 + block.a + offset] = b_start + 1 + block.b + offset


def unique_pairs_in_order(before: list[str], after: list[str]) -> list[tuple[int, int]]:
    """Return the longest run, in order in both lists, of items found once in each."""
    once_before = positions_of_unique(before)
    pairs = [
        (once_before[text], j)
        for text, j in positions_of_unique(after).items()
        if text in once_before
    ]
    pairs.sort()
    # Longest increasing subsequence of the new positions (patience sorting).
    tails: list[int] = []
    tail_pair: list[int] = []
    previous: list[int] = [-1] * len(pairs)
    for k, (_, j) in enumerate(pairs):
        place = bisect.bisect_left(tails, j)
        if place == len(tails):
            tails.append(j)
            tail_pair.append(k)
        else:
            tails[place], tail_pair[place] = j, k
        previous[k] = tail_pair[place - 1] if place else -1
    chain, k = [], tail_pair[-1] if tail_pair else -1
    while k >= 0:
        chain.append(pairs[k])
        k = previous[k]
    return chain[::-1]


def positions_of_unique(texts: list[str]) -> dict[str, int]:
    """Return the position of each text that occurs exactly once."""
    counts = Counter(texts)
    return {text: i for i, text in enumerate(texts) if counts[text] == 1}


def match_moved(old: list[Quote], new: list[Quote], matches: dict[int, int]) -> None:
    """Pair identical sentences that moved (a reordered paragraph), the closest context first."""
    free: dict[str, list[int]] = defaultdict(list)
    taken = set(matches.values())
    for j, quote in enumerate(new):
        if j not in taken:
            free[quote.exact].append(j)
    for i, quote in enumerate(old):
        candidates = free.get(quote.exact)
        if i in matches or not candidates:
            continue
        best = max(candidates, key=lambda j: context_similarity(quote, new[j]))
        candidates.remove(best)
        matches[i] = best


def match_changed(old: list[Quote], new: list[Quote], matches: dict[int, int]) -> None:
    """Pair the remaining sentences whose words are alike enough, the most alike first."""
    taken = set(matches.values())
    free_new = [j for j in range(len(new)) if j not in taken]
    index = word_index(new, free_new)
    scored = []
    for i, quote in enumerate(old):
        if i in matches:
            continue
        for j in candidates_for(quote, index):
            words = similarity(quote.exact, new[j].exact)
            if words >= MIN_SIMILARITY:
                score = 0.8 * words + 0.2 * context_similarity(quote, new[j])
                scored.append((score, -abs(i - j), i, j))
    for _, _, i, j in sorted(scored, reverse=True):
        if i not in matches and j not in taken:
            matches[i] = j
            taken.add(j)


def word_index(quotes: list[Quote], positions: list[int]) -> dict[str, list[int]]:
    """Return, for each lower-cased word, the positions of the sentences holding it."""
    index: dict[str, list[int]] = defaultdict(list)
    for j in positions:
        for word in set(_WORDS.findall(quotes[j].exact.lower())):
            index[word].append(j)
    return index


def candidates_for(quote: Quote, index: dict[str, list[int]]) -> list[int]:
    """Return the sentences sharing the most telling words with the quote."""
    shared: Counter[int] = Counter()
    for word in set(_WORDS.findall(quote.exact.lower())):
        holders = index.get(word, ())
        if len(holders) <= COMMON_WORD:
            shared.update(holders)
    return [j for j, _ in shared.most_common(CANDIDATES)]


def move_span(
    old_sentence: str, span: tuple[int, int], new_sentence: str
) -> tuple[int, int] | None:
    """Return where the words span[0]:span[1] of the old sentence are in the new one.

    Offsets are relative to each sentence. Only the same words count, and not as part of
    a longer word ("212" is not in "2120"): a span is what a reviewer judged, and moved onto
    other words it would put their verdict on words nobody read. The occurrence with the
    closest context wins; None when the words are gone.
    """
    old = quote_at(old_sentence, *span)
    if not old.exact:
        return None
    size = len(old.exact)
    found = [
        m.start()
        for m in re.finditer(re.escape(old.exact), new_sentence)
        if same_edges(old_sentence, span, new_sentence, (m.start(), m.start() + size))
    ]
    if not found:
        return None
    best = max(found, key=lambda s: context_similarity(old, quote_at(new_sentence, s, s + size)))
    return best, best + size


def same_edges(old: str, span: tuple[int, int], new: str, place: tuple[int, int]) -> bool:
    """Tell whether the same words at ``place`` are whole where the old span's were.

    On each side the neighbouring character must be the old one, or must not continue
    the word at the span's edge.
    """
    (start, end), (new_start, new_end) = span, place
    sides = [
        (old[start - 1 : start], new[new_start - 1 : new_start], old[start]),
        (old[end : end + 1], new[new_end : new_end + 1], old[end - 1]),
    ]
    return all(
        neighbour == was or not (is_word(neighbour) and is_word(edge))
        for was, neighbour, edge in sides
    )


def is_word(character: str) -> bool:
    return bool(character) and _WORDS.match(character) is not None


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """Return the change from old to new as ("equal" | "delete" | "insert", words) pieces."""
    before, after = _TOKENS.findall(old), _TOKENS.findall(new)
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    pieces: list[tuple[str, str]] = []
    for tag, a_start, a_end, b_start, b_end in matcher.get_opcodes():
        if tag in ("equal", "delete", "replace"):
            pieces.append(("equal" if tag == "equal" else "delete", "".join(before[a_start:a_end])))
        if tag in ("insert", "replace"):
            pieces.append(("insert", "".join(after[b_start:b_end])))
    return pieces


def judged_span(judged: str, words: str | None) -> tuple[int, int] | None:
    """Return where highlighted words are in the words a verdict was given to, if there."""
    start = judged.find(words) if words else -1
    return None if start < 0 else (start, start + len(words))


def mark_judged(
    pieces: list[tuple[str, str]], spans: Sequence[tuple[int, int]]
) -> list[tuple[str, str, bool]]:
    """Split a word diff's pieces so that the old words inside the spans come marked.

    The spans are offsets in the old words (the ones judged): a highlight stays on the
    words its reviewer judged, struck through when the revision removed them.
    """
    marked: list[tuple[str, str, bool]] = []
    offset = 0
    for kind, words in pieces:
        if kind == "insert":
            marked.append((kind, words, False))
            continue
        start, end = offset, offset + len(words)
        edges = {start, end} | {min(max(edge, start), end) for span in spans for edge in span}
        for a, b in pairwise(sorted(edges)):
            inside = any(s <= a and b <= e for s, e in spans)
            marked.append((kind, words[a - start : b - start], inside))
        offset = end
    return marked
