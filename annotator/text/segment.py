"""Split news text into sentence spans with exact code point offsets."""

from __future__ import annotations

import bisect
import re
from collections.abc import Container, Iterable, Iterator
from dataclasses import dataclass
from functools import cache, partial
from itertools import accumulate, chain, compress
from operator import add, itemgetter, methodcaller, or_, sub
from typing import NamedTuple

import sentencex

from annotator.text import languages
from annotator.text.languages import DEFAULT_LANGUAGE, Language, is_supported

__all__ = ["SentenceSpan", "is_supported", "split_sentences"]


class SentenceSpan(NamedTuple):
    """One review unit: ``text[start:end]``, stripped, inside paragraph ``paragraph``.

    A named tuple rather than a dataclass: one is built per sentence, and tuple.__new__
    builds it without running Python code (ADR 15).
    """

    start: int
    end: int
    paragraph: int


_new_span = partial(tuple.__new__, SentenceSpan)
_START = methodcaller("start")


# The characters str.splitlines() breaks on; every one of them ends a segment.
_BREAKS = "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"
_SP = rf"[^\S{_BREAKS}]"  # white space that stays on the line
# The same as a string for str.strip: no code point above U+3000 is white space.
_SPACES_IN_LINE = "".join(c for c in map(chr, range(0x3001)) if c.isspace() and c not in _BREAKS)
# The first non-white-space character of a line; possessive, so blank lines cost O(length).
# Context the rules need is short; a bounded window keeps the work per cut constant.
_WINDOW = 80
# sentencex is super-linear on long inputs, so it reads a long line in slices of about this size.
_CHUNK = 2048

# "।" (Devanagari danda) and "؟" (Arabic question mark) end a sentence like "!" and "?".
_PUNCT = ".!?…।؟"
_CLOSERS = "”’\"'»)\\]"
_CLOSING = frozenset("”’\"'»)]")  # _CLOSERS as characters, not a regex class
_OPENERS = "“\"‘'(["
# Every place a sentence could end inside a line: terminal punctuation, closing quotes, then
# white space and no line break (a line start is cut anyway, and skipping it here saves a
# third of the candidates). The atomic group keeps the match from backing off the closing
# marks to end on the same line when a break follows them.
# The group "plain" marks the clear ones: a run holding "?" or "!", or a period after an
# ordinary word ("item.", "didn’t.", "‘a disgrace’.") or a number ("$4.5.", "3.2%.").
# Tokens such as "U.S.", "Co.", "E.", "a.m." or "St." are ambiguous and go to sentencex.
# "posted on X." names the platform, not an initial.
_END = (
    rf"(?:(?:(?=[.…]*[!?।؟])|(?<=[a-z][a-z].)|(?<=[a-z][’'][a-z].)|(?<=\d.)|(?<=\d%.)"
    rf"|(?<=[a-z\d][{_CLOSERS}].)|(?<=\son X.)|(?<=\sto X.))(?P<plain>))?"
    rf"(?>[{_PUNCT}]*[{_CLOSERS}]*{_SP}+)(?=\S)"
)


def _candidate_patterns(after_first: str) -> tuple[re.Pattern[str], ...]:
    """Return one pattern per terminal mark: the mark, then after_first.

    A pattern that starts with one literal character is found by a fast scan for that
    character; one that starts with a class of six tests every character of the text
    against the class, which cost more than all the rest of the candidate scan (ADR 15).
    Each match starts at the first mark of a run, as one class-led pattern's would: if a
    later mark of the run can start a match, the first can, and it ends at the same place.
    """
    return tuple(re.compile(rf"{re.escape(mark)}(?<![{_PUNCT}].){after_first}") for mark in _PUNCT)


_ENDS = _candidate_patterns(_END)
# sentencex pairs apostrophes with distant quotes and then skips every boundary in between,
# so it reads a copy with quotes and line breaks blanked; our rules handle quotations.
# White space other than a plain space is blanked too: sentencex 1.0.32 panics on a period
# after a no-break space ("on X\u00a0. Schools"), slicing the UTF-8 inside it; and so are
# lone surrogates (an API client's "\udfff"), which cannot cross into its Rust at all.
_MASKED = re.compile(f"[\"'“”‘’«»{_BREAKS}{_SPACES_IN_LINE.replace(' ', '')}\ud800-\udfff]")
_MASKED_RUN = re.compile("[\\s\"'“”‘’«»]*")
_CLOSE_RUN = re.compile(r"(?:[”’»)\]]|[\"'](?!\S))*\s*")

# --- cuts where a sentence cannot end ---
# Tokens that never end a sentence, and tokens that do not when a number follows them.
_ENGLISH = languages.language(DEFAULT_LANGUAGE)
_NEVER_FINAL = _ENGLISH.titles
_BEFORE_NUMBER = _ENGLISH.before_number
_CLOCK = frozenset(("a.m", "p.m"))
_DELIMITERS = " \t\u00a0(“\"‘'[" + _BREAKS
# The last two characters before the period of every listed token, for a cheap first test.
_TAILS = frozenset(
    [w[-2:] for w in _NEVER_FINAL | _BEFORE_NUMBER | _CLOCK if len(w) > 1]
    + [d + w for w in _NEVER_FINAL | _BEFORE_NUMBER if len(w) == 1 for d in _DELIMITERS]
    + ["A.M", "P.M"]
)
_TITLE_TAILS = frozenset(w[-3:] for w in _NEVER_FINAL if len(w) > 2)
_DIGIT_START = re.compile(r"[(\[]?[$€£¥₹]?\d")
_TIME_ZONE = re.compile(
    r"(?:ET|EST|EDT|CT|CST|CDT|MT|MST|MDT|PT|PST|PDT|GMT|UTC|BST|CET|CEST|JST|IST|AEST|HKT)\b"
)
# Every token above fits in this many characters, with its period and the space after it.
_TOKEN_WINDOW = 12
# What may stand before the period of a token that ends a sentence whatever it is, and what
# may open a number after it (with any decimal digit).
_CLOSED = _CLOSERS + "—―–%"
_BEFORE_DIGIT = "([$€£¥₹"

# --- quotations and asides that run on into their sentence: no cut inside ---


def _quote_pattern(opening: str, closing: str) -> str:
    """Return the pattern of one quotation on one line between the two marks."""
    inner = re.escape(opening + closing)
    return f"{re.escape(opening)}[^{inner}{_BREAKS}]{{1,1000}}{re.escape(closing)}"


def _quotation_patterns(alternatives: list[str]) -> tuple[re.Pattern[str], ...]:
    """Return one pattern per opening mark, from quotation patterns that each open with
    their mark: a scan for one literal is fast, one for a class of marks is not (ADR 15)."""
    by_mark: dict[str, list[str]] = {}
    for alternative in alternatives:
        by_mark.setdefault(alternative[0], []).append(alternative)
    return tuple(re.compile("|".join(group)) for group in by_mark.values())


# English also binds a single-quoted passage that ends in a comma ("‘It fell,’ he said").
_ENGLISH_QUOTATIONS = [_quote_pattern(o, c) for o, c in _ENGLISH.quotes] + [
    f"‘(?!\\d)(?:[^‘’{_BREAKS}]|’(?=\\w)){{1,1000}},’"
]
_ASIDE = re.compile(rf"\([^(){_BREAKS}]{{1,1000}}\)(?={_SP}*[a-z,;:])")
_SPEECH = _ENGLISH.speech
# A lower-case word ("she said"), or a short name and a speech verb that end the clause.
_ATTRIBUTION = re.compile(
    rf"{_SP}*(?:[a-z]|(?:[A-Z][\w.’'-]*{_SP}+){{1,3}}(?:{_SPEECH})"
    rf"(?=[.,;:!?]|{_SP}+(?:on|in|at|to|during|after|before|late|earlier|later|last)\b))"
)

# --- structure: labels and list items are segments of their own; datelines are not ---
_SEPARATORS = "|•·—–-"
# Every label lies within this many characters of its literal word.
_LABEL_REACH = 40
_LABEL_AFTER = re.compile(rf"{_SP}*(?:[A-Z“\"‘'{_SEPARATORS}]|$|[{_BREAKS}])")
# Cheap test for a line that may open with a list marker or a bullet.
_STRUCTURED = rf"{_SP}*(?:[•⁃▪◦*\d-]|[a-z][.)])"
_STRUCTURED_START = re.compile(_STRUCTURED)
# The characters such a line may open with, besides any decimal digit (\d).
_STRUCTURED_FIRSTS = frozenset("•⁃▪◦*-abcdefghijklmnopqrstuvwxyz")
# A dateline: a city in capitals, perhaps a date ("Jan. 5", "12 mar.") or a region
# ("Ore."), perhaps the agency in brackets, then a dash.
_CAPS = "A-ZÀ-ÖØ-Þ"
_CAPS_LETTERS = [chr(c) for low, high in ("AZ", "ÀÖ", "ØÞ") for c in range(ord(low), ord(high) + 1)]
# Two capitals open a dateline's line (the first two of its white-space-stripped text).
_CAPS_PAIRS = frozenset(a + b for a in _CAPS_LETTERS for b in _CAPS_LETTERS)
_DATELINE = re.compile(
    rf"{_SP}*[{_CAPS}][{_CAPS}.'’-]+(?:[ ,/]+[{_CAPS}][{_CAPS}.'’-]+)*"
    rf"(?:,{_SP}+(?:[A-Z][a-z]{{2,8}}\.?{_SP}+\d{{1,2}}|\d{{1,2}}{_SP}+[^\W\d_]{{3,10}}\.?))?"
    rf"(?:,{_SP}+[A-Z][a-z]{{1,4}}\.)?"
    rf"(?:{_SP}*\([^(){_BREAKS}]{{1,30}}\))?\.?{_SP}+[—–-]{{1,2}}{_SP}+(?=\S)"
)
_LIST_HEAD = re.compile(rf"{_SP}*([•⁃▪◦*-]?){_SP}*(\d{{1,3}}|[a-z])(\.\)|\)|\.){_SP}")
_BULLET_HEAD = re.compile(f"{_SP}*([•⁃▪◦])")
_ALNUM = re.compile(r"[^\W_]")
_MARKER = re.compile(r"[\W_]*(?:\d{1,3}|[A-Za-z])(?:\.\)|[.)])")
_FRAGMENT_MAX = 16


# --- English only: name suffixes and headlines ---
# Suffixes that end a name, and words that carry the name on after them.
_SUFFIXES = frozenset(("Jr", "Sr", "Co", "Cos", "LLC"))
_NAME_GOES_ON = frozenset(
    re.findall(
        r"\S+",
        "Day High Stadium Building Foundation Award Memorial Center Centre Park Library Boulevard"
        " Blvd Avenue Ave Street Bridge Airport Hall School Inc Ltd LLC Co Corp KG AG PLC Plc LP"
        " LLP Holdings Group",
    )
)
_WORD = re.compile(r"[^\W\d_][\w'’.-]*")
# A line without a final stop longer than this is not taken for a headline.
_HEADLINE_MAX = 300
_STOPS = _PUNCT + _CLOSERS

# --- quotations bound to their attribution, in every language ---
# A speech clause ending in a comma or colon introduces the quotation after it.
_INTRODUCERS = frozenset(",:،")
_LINE_REST = re.compile(rf"{_SP}*(?:[{_BREAKS}]|\Z)")
_DASHES = "—―–"
_DASH_FIRSTS = frozenset(_DASHES)


@dataclass(frozen=True)
class _Rules:
    """One language's compiled patterns, built once per language by _rules."""

    lang: Language
    english: bool
    #: The candidate sentence ends, one pattern per terminal mark (see _candidate_patterns).
    ends: tuple[re.Pattern[str], ...]
    #: Every quotation pattern of the language, and the same one pattern per opening mark.
    quoted: re.Pattern[str]
    quotes: tuple[re.Pattern[str], ...]
    attribution: re.Pattern[str]
    label: re.Pattern[str]
    dialogue: re.Pattern[str] | None
    #: Titles and before-number words, lower-cased, so "DR." and "dott." are found too.
    titles: frozenset[str]
    before_number: frozenset[str]
    #: The last three characters of every title of three or more.
    tails: frozenset[str]


@cache
def _rules(code: str) -> _Rules:
    """Compile the patterns of the language code once."""
    lang = languages.language(code)
    english = code == DEFAULT_LANGUAGE
    lower = "a-zà-öø-ÿßœ"
    closers = "”’\"'»«›‹“)\\]"
    ends = _ENDS
    quotations, attribution = _ENGLISH_QUOTATIONS, _ATTRIBUTION
    if not english:
        ends = _candidate_patterns(
            rf"(?:(?=[.…]*[!?।؟])(?P<plain>))?[{_PUNCT}]*"
            rf"(?>(?:[{closers}]|[ \u00a0\u202f][»›](?=\s))*{_SP}+)(?=\S)"
        )
        quotations = [_quote_pattern(o, c) for o, c in lang.quotes]
        case_word = f"[{lower}]|" if lang.cased else ""
        attribution = re.compile(
            rf"{_SP}*(?:{case_word}(?:\S+{_SP}+){{0,3}}(?:{lang.speech})(?!\w))"
        )
    dialogue = None
    if lang.cased and not english:
        # "—No lo sabemos. Volveremos —dijo el alcalde—." is one quotation with its
        # attribution: the line from its opening dash to the dash before the speech verb.
        dialogue = re.compile(
            rf"{_SP}*[{_DASHES}][^{_BREAKS}]{{1,1000}}?"
            rf"{_SP}[{_DASHES}]{_SP}?(?=[{lower}])"
        )
    titles = frozenset(w.lower() for w in lang.titles)
    before_number = frozenset(w.lower() for w in lang.before_number)
    return _Rules(
        lang=lang,
        english=english,
        ends=ends,
        quoted=re.compile("|".join(quotations)),
        quotes=_quotation_patterns(quotations),
        attribution=attribution,
        label=re.compile(lang.reading_label),
        dialogue=dialogue,
        titles=titles,
        before_number=before_number,
        tails=frozenset(w[-3:] for w in titles if len(w) > 2),
    )


def split_sentences(text: str, language: str = DEFAULT_LANGUAGE) -> list[SentenceSpan]:
    """Return the sentence spans of text in order, one paragraph per non-blank line.

    language is a BCP 47 tag ("es", "pt-BR"); a language without rules of its own is split
    by the English rules (see is_supported).
    """
    rules = _rules(languages.language(language).code)
    lines = _lines(text)
    hard = set(lines.starts)
    found, extra = _cuts(text, lines, rules)
    # found holds no line start; the few other cuts may repeat a line start or a found cut.
    extra = [c for c in extra if c not in hard and not _among(found, c)]
    cuts = _drop_fragments(text, sorted(found + lines.starts + extra), hard)
    return _spans(text, cuts, hard)


def _among(cuts: list[int], cut: int) -> bool:
    """Tell whether cut is in the sorted list cuts."""
    index = bisect.bisect_left(cuts, cut)
    return index < len(cuts) and cuts[index] == cut


def _spans(text: str, cuts: list[int], hard: set[int]) -> list[SentenceSpan]:
    """Return the non-empty pieces between cuts, right-trimmed, with their paragraph index.

    Every cut sits on a non-space character, so a piece only needs its end trimmed; every
    paragraph start is a cut, so a piece's paragraph is the count of starts up to it.
    """
    if cuts and cuts[0] == 0:
        cuts = cuts[1:]  # the piece before it is empty
    lefts, rights = [0, *cuts], [*cuts, len(text)]
    pieces = map(text.__getitem__, map(slice, lefts, rights))
    sizes = list(map(len, map(str.rstrip, pieces)))
    paragraphs = accumulate(map(hard.__contains__, lefts), initial=-1)
    next(paragraphs)
    triples = zip(lefts, map(add, lefts, sizes), paragraphs, strict=True)
    return list(compress(map(_new_span, triples), sizes))


@dataclass(frozen=True, slots=True)
class _Lines:
    """The non-blank lines of a text, as parallel lists, from one str.splitlines() pass."""

    #: Offset of each line's first character (just after the break before it).
    openings: list[int]
    #: Offset of each line's first non-white-space character: the paragraph starts.
    starts: list[int]
    #: Offset of each line's break, or the end of the text.
    ends: list[int]
    #: Each line's text without its leading and trailing white space.
    stripped: list[str]

    def opening_with(
        self, characters: frozenset[str], digits: bool = False, width: int = 1
    ) -> list[tuple[int, int]]:
        """Return (opening, end) of the lines whose first width non-white-space characters
        are in characters (or, with digits, whose first is a decimal digit)."""
        firsts = list(map(itemgetter(slice(0, width)), self.stripped))
        chosen = map(characters.__contains__, firsts)
        if digits:
            chosen = map(or_, chosen, map(str.isdecimal, firsts))
        return list(compress(zip(self.openings, self.ends, strict=True), chosen))

    def unstopped(self) -> list[int]:
        """Return the indexes of the lines whose last character is no stop or closing mark."""
        lasts = map(itemgetter(-1), self.stripped)
        return [index for index, last in enumerate(lasts) if last not in _STOPS]


def _lines(text: str) -> _Lines:
    """Return the non-blank lines of text (str.splitlines() breaks on exactly _BREAKS)."""
    raw = text.splitlines(keepends=True)
    offsets = accumulate(map(len, raw), initial=0)
    bodies = list(map(methodcaller("rstrip", _BREAKS), raw))
    stripped = list(map(str.lstrip, bodies))
    filled = list(map(bool, stripped))
    openings = list(compress(offsets, filled))
    bodies = list(compress(bodies, filled))
    stripped = list(compress(stripped, filled))
    ends = list(map(add, openings, map(len, bodies)))
    starts = list(map(sub, ends, map(len, stripped)))
    return _Lines(openings, starts, ends, list(map(str.rstrip, stripped)))


def _cuts(text: str, lines: _Lines, rules: _Rules) -> tuple[list[int], set[int]]:
    """Return the cut positions inside lines, each at the first character of a sentence:
    the sorted sentence ends (no line start among them), and the few label and list cuts."""
    ends = chain.from_iterable(pattern.finditer(text) for pattern in rules.ends)
    kept = _english_ends(text, ends, lines) if rules.english else _ends(text, ends, rules)
    labels = _labels(text, rules, lines)
    protected = _protected(text, rules, labels, lines)
    return _outside(kept, protected), _line_structure_cuts(text, lines).union(*labels)


def _outside(cuts: list[int], spans: list[tuple[int, int]]) -> list[int]:
    """Return the sorted cuts that lie strictly inside none of the disjoint sorted spans."""
    if not spans:
        return cuts
    kept: list[int] = []
    done = 0
    for start, end in spans:
        inner = bisect.bisect_right(cuts, start, done)
        kept += cuts[done:inner]
        done = max(inner, bisect.bisect_left(cuts, end, inner))
    kept += cuts[done:]
    return kept


def _english_ends(text: str, ends: Iterable[re.Match[str]], lines: _Lines) -> list[int]:
    """Return the English sentence ends: clear ones, and ambiguous ones sentencex confirms."""
    plain: list[int] = []
    ambiguous: list[int] = []
    for match in ends:
        cut = match.end()
        # Most candidates follow a period after a word whose last three letters end no title,
        # with no number after it: no listed token, so no false cut (see _false_cut).
        if text[cut - 2] == "." and cut >= 5:
            tail, following = text[cut - 5 : cut - 2], text[cut]
            plain_word = (
                tail.isalpha()
                and tail not in _TITLE_TAILS
                and not following.islower()
                and following not in _BEFORE_DIGIT
                and not following.isdecimal()
            )
            if not plain_word and _false_cut(text, cut):
                continue
        elif _false_cut(text, cut):
            continue
        (plain if match.lastgroup else ambiguous).append(cut)
    plain.sort()  # the candidates come mark by mark
    if ambiguous:
        # sentencex joins "…Tom Hale Jr. Officials expect…": after a name or company suffix,
        # a capitalised word starts a new sentence unless it goes on the name ("Jr. Day").
        unconfirmed = _unconfirmed(text, ambiguous, lines)
        dropped = {c for c in unconfirmed if not _after_suffix(text, c)}
        plain = sorted(plain + [c for c in ambiguous if c not in dropped])
    # "…, Commerce Dept. Says": a period in a line without a final stop is an abbreviation.
    headline = {c for c in _headline_cuts(plain, lines) if _after_one_period(text, c)}
    return [c for c in plain if c not in headline] if headline else plain


def _after_one_period(text: str, cut: int) -> bool:
    """Tell whether the marks before a candidate cut (before its closing marks and white
    space) are one period, as in "Dept. Says" but not "wait... Says" or "now?! Says"."""
    end = cut
    while text[end - 1].isspace():
        end -= 1
    while text[end - 1] in _CLOSING:
        end -= 1
    return text[end - 1] == "." and (end < 2 or text[end - 2] not in _PUNCT)


def _headline_cuts(cuts: list[int], lines: _Lines) -> set[int]:
    """Return the sorted cuts that lie in a line without a final stop, such as a headline,
    less than _HEADLINE_MAX characters before its end."""
    found: set[int] = set()
    for index in lines.unstopped():
        end = lines.ends[index]
        low = bisect.bisect_left(cuts, max(lines.starts[index], end - _HEADLINE_MAX + 1))
        found.update(cuts[low : bisect.bisect_left(cuts, end, low)])
    return found


def _unconfirmed(text: str, candidates: list[int], lines: _Lines) -> set[int]:
    """Return the candidate cuts that sentencex does not take for sentence boundaries.

    sentencex reads only the lines that hold a candidate, not the whole text: it decides a
    boundary from the word before it and the 30 characters after it, so the rest of the
    text changes nothing but a bracket or quotation left open on another line, and every
    line break is a boundary here anyway (ADR 15).
    """
    ends: set[int] = set()
    for start, end in _candidate_windows(text, sorted(candidates), lines):
        masked = _MASKED.sub(" ", text[start:end])
        ends.update(map(start.__add__, _sentencex_ends(masked)[:-1]))
    # sentencex ends a sentence after the blanked quotes and white space that follow it.
    return {c for c in candidates if _MASKED_RUN.match(text, c).end() not in ends}


def _candidate_windows(
    text: str, candidates: list[int], lines: _Lines
) -> Iterator[tuple[int, int]]:
    """Yield (start, end) of each line holding one of the sorted candidates, or of the
    _CHUNK-sized pieces of a longer line that hold one."""
    openings, line_ends = lines.openings, lines.ends
    index = 0
    while index < len(candidates):
        line = bisect.bisect_right(openings, candidates[index]) - 1
        opening, line_end = openings[line], line_ends[line]
        for start, end in _chunks(text, opening, line_end):
            low = bisect.bisect_left(candidates, start, index)
            if low < len(candidates) and candidates[low] < end:
                yield start, end
        index = bisect.bisect_left(candidates, line_end, index)


def _chunks(text: str, start: int, stop: int) -> Iterator[tuple[int, int]]:
    """Yield (start, end) slices of text[start:stop] of about _CHUNK characters, ending
    after a space if possible."""
    while start < stop:
        end = min(start + _CHUNK, stop)
        if end < stop:
            split = text.rfind(" ", start + _CHUNK // 2, end)
            end = split + 1 if split >= 0 else end
        yield start, end
        start = end


def _sentencex_ends(chunk: str) -> list[int]:
    """Return the end offset of every sentence sentencex finds in chunk."""
    ends = list(accumulate(map(len, sentencex.segment("en", chunk))))
    if ends and ends[-1] == len(chunk):
        return ends
    # Fall back to explicit offsets should a release ever drop characters from its pieces.
    return [found["end_index"] for found in sentencex.get_sentence_boundaries("en", chunk)]


def _last_token(before: str) -> str:
    """Return the last white-space-delimited token of before, without opening quotes."""
    tokens = before.rsplit(maxsplit=1)
    return tokens[-1].lstrip(_OPENERS) if tokens else ""


def _false_cut(text: str, cut: int) -> bool:
    """Tell whether the cut falls where a sentence cannot end."""
    if text[cut : cut + 1].islower():
        return True
    mark = text[cut - 2 : cut - 1]
    if mark == ".":
        if cut >= 4 and text[cut - 4 : cut - 2] not in _TAILS:
            return False  # the word before the period is not one of the listed tokens
    elif not mark.isspace():
        return False  # "?", "!" or a closing quote never follows a listed token
    return _false_token(text, cut)


def _false_token(text: str, cut: int) -> bool:
    """Tell whether the token before the cut is one that cannot end a sentence there."""
    token = _last_token(text[max(0, cut - _TOKEN_WINDOW) : cut])
    if token[-1:] != ".":
        return False
    word = token[:-1]
    if word in _BEFORE_NUMBER:
        return bool(_DIGIT_START.match(text, cut))
    if word.lower() in _CLOCK:
        return bool(_TIME_ZONE.match(text, cut))
    return word in _NEVER_FINAL


def _after_suffix(text: str, cut: int) -> bool:
    """Tell whether a name suffix ends the sentence before the capitalised word at cut."""
    token = _last_token(text[max(0, cut - _TOKEN_WINDOW) : cut])
    return (
        token[:-1] in _SUFFIXES
        and text[cut].isupper()
        and _next_word(text, cut) not in _NAME_GOES_ON
    )


def _ends(text: str, matches: Iterable[re.Match[str]], rules: _Rules) -> list[int]:
    """Return the sentence ends among the candidates, by the rules of a language other than
    English.

    These languages do not ask sentencex: its lists take everyday words for abbreviations
    ("bien." in Spanish) and miss titles ("M." in French, "डॉ." in Hindi), so the rules
    here decide every candidate themselves. Most candidates are a period after a number, a
    closing mark or an ordinary word, which ends the sentence: three letters before the
    period that end no title settle it without reading the token, unless a number follows
    (or, in a script without case, the token holds another period).
    """
    kept: list[int] = []
    tails, cased, ordinals = rules.tails, rules.lang.cased, rules.lang.ordinal_nouns
    for match in matches:
        cut = match.end()
        following = text[cut]
        if following in _DASHES:
            # "¿Vendrá? —preguntó", "sabemos? — disse"
            if text[cut + 1 : cut + 3].lstrip()[:1].islower():
                continue
        elif following.islower():
            continue  # the sentence goes on: "p. ej. la"
        start = match.start()
        if match.lastgroup or text[start] != ".":
            kept.append(cut)  # "?", "!", "؟", "।" and "…" end a sentence before anything else
            continue
        # The cheap tests below give _period_ends's answer for the common cases.
        before = text[start - 1] if start else ""
        if before and before in _CLOSED:
            kept.append(cut)  # "«…»." or "—dijo el alcalde—." or "7,5 %."
            continue
        if before.isdigit() and not ordinals:
            kept.append(cut)  # "en 2025."
            continue
        tail = text[start - 3 : start] if start >= 3 else ""
        plain = (
            tail.isalpha()
            and "Σ" not in tail  # the one letter whose lower case depends on what precedes it
            and tail.lower()[-3:] not in tails
            and following not in _BEFORE_DIGIT
            and not following.isdecimal()
            and (cased or "." not in text[max(0, start - _TOKEN_WINDOW) : start])
        )
        if plain or _period_ends(text, match, rules):
            kept.append(cut)
    kept.sort()  # the candidates come mark by mark
    return kept


def _period_ends(text: str, match: re.Match[str], rules: _Rules) -> bool:
    """Tell whether a period candidate not followed by a lower-case word ends a sentence."""
    cut = match.end()
    token = _last_token(text[max(0, match.start() - _TOKEN_WINDOW) : match.start() + 1])
    word = token[:-1].rstrip(".")
    if not word:
        return True  # a period standing alone: "bien . Luego"
    # _ends has settled a closing mark, dash, "%" or a number (but a German ordinal) before
    # the period, so word is a word here, or a number before a German noun.
    if word[-1].isdigit():
        return _next_word(text, cut) not in rules.lang.ordinal_nouns  # "am 3. Oktober"
    return not _abbreviation(text, cut, word, rules)


def _abbreviation(text: str, cut: int, word: str, rules: _Rules) -> bool:
    """Tell whether word, followed by a period, is an abbreviation the sentence runs past."""
    lower = word.lower().rsplit("’", 1)[-1].rsplit("'", 1)[-1]  # "l’avv." is "avv."
    if lower in rules.titles or _is_initial(word):
        return True  # "Sra. García", "dott. Rossi", "M. Martin", "J. Smith", "د. كمال"
    if _DIGIT_START.match(text, cut):
        return lower in rules.before_number or lower.endswith("str")  # "núm. 5", "Hauptstr. 5"
    # "S.A." or "एन.डी.आर.एफ." before a capital ends a sentence; scripts without case
    # give no such sign, so there an abbreviation with inner periods never does.
    return "." in word and not rules.lang.cased


def _is_initial(word: str) -> bool:
    """Tell whether word is a single capital or uncased letter ("J", "د").

    A lower-case letter is a unit ("à 18 h.") unless the language lists it as a title
    ("z. B.", "a. C."); Hindi initials are in its list, because one Devanagari letter with
    a vowel sign is also a word ("भी", "है").
    """
    return len(word) == 1 and word.isalpha() and not word.islower()


def _next_word(text: str, start: int) -> str:
    """Return the word at start, up to the next white space or punctuation."""
    found = _WORD.match(text, start)
    return found.group().rstrip(".") if found else ""


def _protected(
    text: str, rules: _Rules, labels: list[tuple[int, int]], lines: _Lines
) -> list[tuple[int, int]]:
    """Return disjoint sorted spans where no sentence ends: bound quotations, asides, labels,
    datelines and dialogue lines."""
    quotations = _quotations(text, rules)
    spans = [span for m in quotations if (span := _bound_quote(text, m, rules))]
    if "(" in text:
        spans += [m.span() for m in _ASIDE.finditer(text)]
    if rules.dialogue:
        spans += _dialogue_lines(text, rules.dialogue, lines)
    spans += labels + _datelines(text, lines)
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _quotations(text: str, rules: _Rules) -> Iterable[re.Match[str]]:
    """Return the quotations of text in order, as one scan for any opening mark finds them.

    One scan per mark finds the same quotations when none overlaps another: each starts at
    the first place where a quotation can start after the one before. Overlaps (a mark of
    one kind inside a quotation of another) are rare, and then the one scan decides.
    """
    found = sorted(chain.from_iterable(p.finditer(text) for p in rules.quotes), key=_START)
    end = 0
    for match in found:
        if match.start() < end:
            return rules.quoted.finditer(text)
        end = match.end()
    return found


def _dialogue_lines(text: str, dialogue: re.Pattern[str], lines: _Lines) -> list[tuple[int, int]]:
    """Return the spans of dialogue lines up to their attribution ("—Sí. Ya —dijo")."""
    return [
        found.span()
        for start, _ in lines.opening_with(_DASH_FIRSTS)
        if (found := dialogue.match(text, start))
    ]


def _bound_quote(text: str, match: re.Match[str], rules: _Rules) -> tuple[int, int] | None:
    """Return the span of a quotation bound into one unit, or None.

    A quotation is one unit with its attribution, when it ends with a comma (inside or just
    after its closing mark), when a speech clause introduces it (`said: "…"`), or when it
    is a whole paragraph on its own.
    """
    attribution = rules.attribution.match(text, match.end(), match.end() + _WINDOW)
    if attribution:
        return match.start(), attribution.end()
    if match.group()[-2] in ",،" or text[match.end() : match.end() + 1] in {",", "،"}:
        return match.span()
    # The text before the quotation on its line, white space dropped: a speech clause ending
    # in a comma or colon, or the line's start (a quotation that is a whole paragraph).
    start, end = match.span()
    window = max(0, start - _WINDOW)
    before = text[window:start].rstrip(_SPACES_IN_LINE)
    if before[-1:] in _INTRODUCERS:
        return start, end
    opens_line = before[-1] in _BREAKS if before else window == 0
    if opens_line and _LINE_REST.match(text, end):
        return start, end
    return None


def _labels(text: str, rules: _Rules, lines: _Lines) -> list[tuple[int, int]]:
    """Return the spans of reading-time labels such as "4 min read" that stand apart."""
    spans = set()
    found = text.find(rules.lang.reading_word)
    while found >= 0:
        window = max(0, found - _LABEL_REACH), found + _LABEL_REACH
        for label in rules.label.finditer(text, *window):
            after = _CLOSE_RUN.match(text, label.end()).end()
            if _label_starts(text, label.start(), lines) and _label_ends(text, label.end(), rules):
                spans.add((label.start(), after))
        found = text.find(rules.lang.reading_word, window[1])
    return sorted(spans)


def _label_ends(text: str, end: int, rules: _Rules) -> bool:
    """Tell whether a label ends where a new field or sentence begins."""
    return not rules.lang.cased or bool(_LABEL_AFTER.match(text, end))


def _label_starts(text: str, start: int, lines: _Lines) -> bool:
    """Tell whether a reading-time label opens its line or a field, or is glued on."""
    # What precedes the label on its line, within _WINDOW characters (a label starts with a
    # word character, so it lies on a non-blank line).
    opening = lines.openings[bisect.bisect_right(lines.openings, start) - 1]
    before = text[max(0, start - _WINDOW, opening) : start]
    stripped = before.rstrip()
    return stripped == before or not stripped or stripped[-1] in _SEPARATORS


def _line_structure_cuts(text: str, lines: _Lines) -> set[int]:
    """Return cuts between the items of lists that open a line."""
    cuts: set[int] = set()
    for start, end in lines.opening_with(_STRUCTURED_FIRSTS, digits=True):
        if _STRUCTURED_START.match(text, start):
            cuts |= _structure_cuts(text, start, end)
    return cuts


def _structure_cuts(text: str, start: int, end: int) -> set[int]:
    """Return the list and bullet cuts of one line."""
    head = _LIST_HEAD.match(text, start, end)
    if head:
        return _list_cuts(text, head, end)
    bullet = _BULLET_HEAD.match(text, start, end)
    return _bullet_cuts(text, bullet, end) if bullet else set()


def _datelines(text: str, lines: _Lines) -> list[tuple[int, int]]:
    """Return the spans of datelines that open a line ("WASHINGTON (AP) —"), end included.

    A dateline belongs to the sentence it opens, so no cut falls inside it or after it.
    """
    spans = []
    for start, end in lines.opening_with(_CAPS_PAIRS, width=2):
        found = _DATELINE.match(text, start, end)
        if found:
            spans.append((start, found.end() + 1))
    return spans


def _list_cuts(text: str, head: re.Match[str], end: int) -> set[int]:
    """Return cuts before each later item numbered in sequence after the head item."""
    bullet, value, style = head.groups()
    item = _item_pattern(bullet, style)
    cuts = set()
    for found in item.finditer(text, head.end(), end + 1):
        if found.group(2) == _successor(value):
            cuts.add(found.start(1))
            value = found.group(2)
    return cuts


@cache
def _item_pattern(bullet: str, style: str) -> re.Pattern[str]:
    """Return the pattern of a later list item written like the first one."""
    return re.compile(rf"\s({re.escape(bullet)}{_SP}*(\d{{1,3}}|[a-z]){re.escape(style)})\s")


def _successor(value: str) -> str:
    """Return the list marker value that follows value."""
    if value.isdigit():
        return str(int(value) + 1)
    return chr(ord(value) + 1)


def _bullet_cuts(text: str, head: re.Match[str], end: int) -> set[int]:
    """Return cuts before each later bullet of a line that starts with that bullet."""
    bullet = re.compile(rf"\s{re.escape(head.group(1))}")
    return {m.start() + 1 for m in bullet.finditer(text, head.end(), end)}


def _drop_fragments(text: str, cuts: list[int], hard: Container[int]) -> list[int]:
    """Drop cuts that leave a piece without words, such as a bare list marker or ellipsis."""
    kept: list[int] = []
    start = 0
    for cut in [*cuts, len(text)]:
        if cut - start > _FRAGMENT_MAX or not _is_fragment(text[start:cut]):
            kept.append(cut)
            start = cut
        elif cut in hard or cut == len(text):
            # A fragment ending its line joins the piece before it, if that is on the line.
            if kept and kept[-1] not in hard:
                kept.pop()
            kept.append(cut)
            start = cut
    return kept[:-1]


def _is_fragment(piece: str) -> bool:
    """Tell whether a piece has no word character or is only a list marker."""
    stripped = piece.strip()
    return not _ALNUM.search(stripped) or bool(_MARKER.fullmatch(stripped))
