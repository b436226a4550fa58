"""Name checking: find phrases that are close to, but not exactly, a canonical name or alias."""

import re
from dataclasses import dataclass

from annotator.text.words import word_set

#: Lower-case words allowed inside a name, as in "Ministry of Public Security".
CONNECTORS = word_set("of for the and on de du del")
#: Capitalised only because they open a sentence or a clause: never the start of a name.
OPENERS = word_set(
    "A An The This That These Those It He She They We I In On At For But And Or So If As "
    "After Before When While Despite However Earlier Later Meanwhile Also Both Chinese "
    "American British"
)
_TOKEN = re.compile(r"[^\W\d_][\w&.-]*(?:['’]s)?|\S")
#: A prefix or subset must cover at least this share of the name's words to count as close.
MIN_COVER = 0.6


@dataclass(frozen=True)
class Name:
    """A canonical name and the other spellings the team accepts for it."""

    name: str
    aliases: tuple[str, ...] = ()

    @property
    def spellings(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass(frozen=True)
class NameHint:
    """A phrase in the sentence that looks like a canonical name, misspelt or cut short."""

    phrase: str
    #: Offsets of the phrase within the text given.
    start: int
    end: int
    suggestion: str


def key(phrase: str) -> str:
    """Return the form two spellings are compared in: lower case, no dots, single spaces."""
    return " ".join(phrase.replace(".", "").replace("’", "'").casefold().split())


def content_words(phrase: str) -> list[str]:
    return [w for w in key(phrase).split() if w not in CONNECTORS]


def runs(text: str) -> list[list[re.Match]]:
    """Return the runs of capitalised words, joined by connectors, that could be names."""
    found, current = [], []
    for match in _TOKEN.finditer(text):
        word = match.group()
        if word[0].isupper():
            current.append(match)
            if word.endswith(("'s", "’s")):
                found.append(current)
                current = []
        elif word in CONNECTORS and current:
            current.append(match)
        else:
            found.append(current)
            current = []
    found.append(current)
    return [trim(run) for run in found if trim(run)]


def trim(run: list[re.Match]) -> list[re.Match]:
    """Drop openers at the start and connectors at either end of a run."""
    while run and (run[0].group() in OPENERS or run[0].group() in CONNECTORS):
        run = run[1:]
    while run and run[-1].group() in CONNECTORS:
        run = run[:-1]
    return run


def phrase_of(text: str, run: list[re.Match]) -> tuple[str, int, int]:
    start = run[0].start()
    end = run[-1].end()
    phrase = text[start:end]
    if phrase.endswith(("'s", "’s")):
        phrase, end = phrase[:-2], end - 2
    # A full stop ends the sentence, unless the word is an initialism such as "U.S.".
    if phrase.endswith(".") and phrase[:-1].rsplit(" ", 1)[-1].count(".") == 0:
        phrase, end = phrase[:-1], end - 1
    return phrase, start, end


def edit_distance(first: str, second: str, limit: int) -> int:
    """Return the Damerau-Levenshtein distance, or limit + 1 once it must exceed the limit."""
    if abs(len(first) - len(second)) > limit:
        return limit + 1
    before, row = None, list(range(len(second) + 1))
    for i, a in enumerate(first, 1):
        current = [i]
        for j, b in enumerate(second, 1):
            cost = min(row[j] + 1, current[j - 1] + 1, row[j - 1] + (a != b))
            if before and i > 1 and j > 1 and a == second[j - 2] and first[i - 2] == b:
                cost = min(cost, before[j - 2] + 1)
            current.append(cost)
        if min(current) > limit:
            return limit + 1
        before, row = row, current
    return row[-1]


def close_to(phrase: str, spelling: str, whole: bool) -> bool:
    """Tell whether a phrase is a cut-short, partial or misspelt form of the spelling.

    ``whole``: the phrase opens its run of capitalised words. Only then may a prefix or a
    subset count, so that "Minister of Public Security Wang" hints nothing about "Public
    Security".
    """
    words, target = content_words(phrase), content_words(spelling)
    if not words:
        return False
    long_enough = len(words) >= 2 and len(words) >= MIN_COVER * len(target)
    if whole and long_enough and (target[: len(words)] == words or set(words) < set(target)):
        return True
    if len(words) < 2 and len(key(phrase)) < 4:
        return False
    limit = max(1, len(key(spelling)) // 15)
    return edit_distance(key(phrase), key(spelling), limit) <= limit


def hint_for(phrase: str, names: list[Name], whole: bool) -> str | None:
    """Return the canonical name a phrase seems to mean, or None if it is unlike any."""
    for name in names:
        if any(close_to(phrase, spelling, whole) for spelling in name.spellings):
            return name.name
    return None


def name_hints(text: str, names: list[Name]) -> list[NameHint]:
    """Return a hint for every name-like phrase close to but not exactly a canonical name."""
    # A name written without its connectors ("Ministry Public Security") counts as exact.
    exact = {key(spelling) for name in names for spelling in name.spellings}
    exact |= {" ".join(content_words(spelling)) for name in names for spelling in name.spellings}
    hints = []
    for run in runs(text):
        hints.extend(hints_in_run(text, run, names, exact))
    return hints


def hints_in_run(text: str, run: list[re.Match], names: list[Name], exact: set[str]):
    """Check a run whole, then its shorter parts; a part of an exact name is never hinted."""
    spans = [
        (i, j)
        for length in range(len(run), 0, -1)
        for i in range(len(run) - length + 1)
        if (j := i + length) and run[i].group()[0].isupper() and run[j - 1].group()[0].isupper()
    ]
    taken: list[tuple[int, int]] = []
    for i, j in spans:
        if any(i < end and start < j for start, end in taken):
            continue
        phrase, start, end = phrase_of(text, run[i:j])
        if key(phrase) in exact or " ".join(content_words(phrase)) in exact:
            taken.append((i, j))
            continue
        suggestion = hint_for(phrase, names, whole=i == 0)
        if suggestion is not None:
            taken.append((i, j))
            yield NameHint(phrase, start, end, suggestion)
