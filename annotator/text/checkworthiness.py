"""Check-worthiness triage: score how much a sentence states checkable facts, and say why."""

import re
from typing import NamedTuple

from annotator.text.words import word_set

#: What each reason means, in the words shown beside a sentence.
REASONS = {
    "figure": "figures and quantities",
    "date": "dates",
    "name": "named people and organisations",
    "attribution": "attribution",
    "comparison": "comparison or superlative",
    "quotation": "quotation",
}
#: Points per reason. A figure alone is enough to need checking; the softer signals
#: (a name, an attribution, a date) need a second one.
WEIGHTS = {
    "figure": 45,
    "date": 25,
    "name": 20,
    "attribution": 25,
    "comparison": 25,
    "quotation": 15,
}
#: Sentences scoring at least this need checking.
THRESHOLD = 40
#: Opinion and exhortation ("must", "should") rarely state a checkable fact.
OPINION_PENALTY = 15
#: A question asks; it does not claim.
QUESTION_PENALTY = 20

_MONTHS = word_set(
    "January February March April June July August September October November December "
    "Jan Feb Aug Sep Sept Oct Nov Dec"
)
_WEEKDAYS = word_set("Monday Tuesday Wednesday Thursday Friday Saturday Sunday")
_RELATIVE_DAYS = (
    "yesterday",
    "last week",
    "last month",
    "last year",
    "last decade",
    "this week",
    "this month",
    "this year",
)
_YEAR = r"(?<![\d,.])(?:1[89]\d\d|20\d\d)(?![\d,])"
_YEAR_ONLY = re.compile(_YEAR + "s?")
_YEAR_ANYWHERE = re.compile(_YEAR)
_MAY = re.compile(r"\bMay\s+\d|\b(?:in|since|until|by|of|last|next)\s+May\b")
_NUMBER = re.compile(r"(?<![\w.])[$€£¥]?\d[\d,]*(?:\.\d+)?(?:\s?%|\w*)?")
_QUANTITY_WORDS = word_set(
    "hundred hundreds thousand thousands million millions billion billions trillion trillions "
    "dozen dozens percent half two three four five six seven eight nine ten eleven twelve "
    "twenty thirty forty fifty sixty seventy eighty ninety twice triple tripled triples "
    "double doubled doubles ton tons tonne tonnes kilogram kilograms kilometre kilometres "
    "kilometer kilometers mile miles"
)
_QUANTITY_PHRASES = ("per cent", "a third", "a quarter", "one in ")
_ATTRIBUTION_WORDS = word_set(
    "said says say told tells reported reports announced announces stated claimed claims "
    "acknowledged noted emphasised emphasized confirmed denied estimated estimates argued "
    "insisted warned added testified wrote tweeted posted revealed admitted alleged accused "
    "found shows show"
)
_ATTRIBUTION_PHRASES = ("according to", "pointed out", "states that")
_COMPARATIVES = word_set(
    "more less fewer higher lower larger smaller greater bigger cheaper faster slower older "
    "younger richer poorer worse better"
)
_CHANGE_AND_RANK = word_set(
    "largest biggest highest lowest smallest greatest worst best deadliest fastest slowest "
    "oldest youngest richest poorest longest shortest most least record rose fell risen "
    "fallen increased decreased doubled tripled halved dropped declined surged soared "
    "plunged grew shrank shrunk outnumber outnumbered outnumbers exceed exceeded exceeds "
    "primarily mostly majority minority"
)
_COMPARISON_PHRASES = ("compared with", "compared to")
_QUOTATION = re.compile(r"[“\"«„][^”\"»“]{2,}[”\"»“]")
_OPINION_WORDS = word_set("must should")
_OPINION_PHRASES = (
    "ought to",
    "it is essential",
    "it is important",
    "we need",
    "needs to be done",
    "in conclusion",
    "i think",
    "i believe",
    "in my view",
)
# The cue words are all ASCII, so ASCII words are enough (and much faster to find).
_WORD = re.compile(r"[A-Za-z]+")
# A capitalised word, an acronym, or an initialism such as "U.S.".
_CAPITALISED = r"(?:[A-Z][a-z]*\.){2,}|[A-Z][\w’'&-]*"
_NAME = re.compile(rf"(?:{_CAPITALISED})(?:\s+(?:(?:of|for|the|and|de|du)\s+)*(?:{_CAPITALISED}))+")
_ACRONYM = re.compile(r"\b[A-Z]{2,}s?\b|(?:[A-Z]\.){2,}")
#: Capitalised only because they open a sentence or a clause: not a name.
_COMMON_OPENERS = word_set(
    "A An The This That These Those It He She They We I In On At For But And Or So If As "
    "After Before When While Despite However Earlier Later Meanwhile Also Both Some Many "
    "Most There Here Its Their His Her Our Such Even Yet Still Only"
)


class Triage(NamedTuple):
    """A sentence's check-worthiness: 0 to 100, and the reasons found, strongest first."""

    score: int
    reasons: tuple[str, ...]

    @property
    def needs_checking(self) -> bool:
        return self.score >= THRESHOLD


class Words(NamedTuple):
    """A sentence read once: its text, lower-cased text, and its words as written and lowered."""

    text: str
    lower: str
    cased: frozenset[str]
    lowered: frozenset[str]

    @classmethod
    def of(cls, text: str) -> "Words":
        lower = text.lower()
        return cls(text, lower, frozenset(_WORD.findall(text)), frozenset(_WORD.findall(lower)))

    def any_phrase(self, phrases: tuple[str, ...]) -> bool:
        return any(phrase in self.lower for phrase in phrases)


def has_figure(words: Words) -> bool:
    """Tell whether the sentence holds a number other than a bare year, or a quantity word."""
    if any(char.isdigit() for char in words.text):
        for match in _NUMBER.finditer(words.text):
            if not _YEAR_ONLY.fullmatch(match.group().strip()):
                return True
    return bool(words.lowered & _QUANTITY_WORDS) or words.any_phrase(_QUANTITY_PHRASES)


def has_date(words: Words) -> bool:
    """Tell whether the sentence names a month, a weekday, a year or a recent day."""
    if words.cased & _MONTHS or words.cased & _WEEKDAYS:
        return True
    if "May" in words.cased and _MAY.search(words.text):
        return True
    return _YEAR_ANYWHERE.search(words.text) is not None or words.any_phrase(_RELATIVE_DAYS)


def has_name(words: Words) -> bool:
    """Tell whether the sentence names someone or something: several capitalised words."""
    for match in _NAME.finditer(words.text):
        names = match.group().split()
        while names and names[0] in _COMMON_OPENERS:
            names.pop(0)
        if len(names) >= 2:
            return True
    return any(m.group() not in {"I", "A"} for m in _ACRONYM.finditer(words.text))


def has_attribution(words: Words) -> bool:
    """Tell whether the sentence reports what someone said, found or announced."""
    return bool(words.lowered & _ATTRIBUTION_WORDS) or words.any_phrase(_ATTRIBUTION_PHRASES)


def has_comparison(words: Words) -> bool:
    """Tell whether the sentence compares, ranks or states a change."""
    if "than" in words.lowered and words.lowered & _COMPARATIVES:
        return True
    return bool(words.lowered & _CHANGE_AND_RANK) or words.any_phrase(_COMPARISON_PHRASES)


_DETECTORS = {
    "figure": has_figure,
    "date": has_date,
    "name": has_name,
    "attribution": has_attribution,
    "comparison": has_comparison,
    "quotation": lambda words: _QUOTATION.search(words.text) is not None,
}


def score_sentence(text: str) -> Triage:
    """Return the sentence's check-worthiness score and the reasons behind it."""
    words = Words.of(text)
    reasons = tuple(reason for reason, found in _DETECTORS.items() if found(words))
    score = sum(WEIGHTS[reason] for reason in reasons)
    if words.lowered & _OPINION_WORDS or words.any_phrase(_OPINION_PHRASES):
        score -= OPINION_PENALTY
    if text.rstrip().rstrip("”\"'’)").endswith("?"):
        score -= QUESTION_PENALTY
    ordered = tuple(sorted(reasons, key=lambda reason: -WEIGHTS[reason]))
    return Triage(max(0, min(100, score)), ordered)


def score_sentences(texts: list[str]) -> list[Triage]:
    """Score every sentence of an article, in order."""
    return [score_sentence(text) for text in texts]
