"""Claim similarity: how closely two sentences make the same claim, figures allowed to differ."""

import re

from annotator.text.words import word_set

#: Words that carry no claim of their own; left out of matching and of full-text queries.
STOP_WORDS = word_set(
    "a an the and or but of to in on at for from by with as is are was were be been being "
    "it its this that these those he she they we you i his her their our your them him "
    "has have had do does did not no so than then there here which who whom whose what "
    "when where while also into over after before about up out if will would can could "
    "may might shall should must just very more most some such only other any each both "
    "said says"
)
#: Two figures this close (relative difference) count as the same figure reworded.
NEAR_FIGURE = 0.15
_TOKEN = re.compile(r"\d[\d,]*(?:\.\d+)?|[^\W\d_]+(?:['’][^\W\d_]+)?")


def claim_words(text: str) -> list[str]:
    """Return the sentence's words that carry its claim: lower-cased, figures without commas."""
    words = []
    for token in _TOKEN.findall(text.lower()):
        token = token.replace(",", "") if token[0].isdigit() else token.replace("’", "'")
        token = token.removesuffix("'s")
        if token not in STOP_WORDS and (len(token) > 1 or token.isdigit()):
            words.append(token)
    return words


def as_figure(word: str) -> float | None:
    try:
        return float(word)
    except ValueError:
        return None


def figures_near(first: float, second: float) -> bool:
    """Tell whether two figures are within NEAR_FIGURE of each other."""
    largest = max(abs(first), abs(second))
    return largest == 0 or abs(first - second) / largest <= NEAR_FIGURE


def shared_words(first: set[str], second: set[str]) -> float:
    """Count the words both sentences use, a figure matching a near figure at half weight."""
    shared = float(len(first & second))
    others = [f for w in second - first if (f := as_figure(w)) is not None]
    for word in first - second:
        figure = as_figure(word)
        if figure is not None and any(figures_near(figure, other) for other in others):
            shared += 0.5
    return shared


def claim_similarity(first: str, second: str) -> float:
    """Return 0 to 1: the Dice overlap of the two sentences' claim words, figures near-matched."""
    a, b = set(claim_words(first)), set(claim_words(second))
    if not a or not b:
        return 0.0
    return min(1.0, 2 * shared_words(a, b) / (len(a) + len(b)))
