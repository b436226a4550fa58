"""Split news text into sentence spans with exact code point offsets."""

from __future__ import annotations

import bisect
import re
from collections.abc import Container, Iterator
from dataclasses import dataclass
from functools import cache
from itertools import accumulate

import sentencex

__all__ = ["SentenceSpan", "split_sentences"]


@dataclass(frozen=True, slots=True)
class SentenceSpan:
    """One review unit: ``text[start:end]``, stripped, inside paragraph ``paragraph``."""

    start: int
    end: int
    paragraph: int


# The characters str.splitlines() breaks on; every one of them ends a segment.
_BREAKS = "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"
_SP = rf"[^\S{_BREAKS}]"  # white space that stays on the line
# The first non-white-space character of a line; possessive, so blank lines cost O(length).
_FIRST_LINE_START = re.compile(rf"{_SP}*+(?=\S)")
_LINE_START = re.compile(rf"[{_BREAKS}]{_SP}*+(?=\S)")
_BREAK = re.compile(f"[{_BREAKS}]")
# Context the rules need is short; a bounded window keeps the work per cut constant.
_WINDOW = 80
# sentencex is super-linear on long inputs, so it reads the text in slices of about this size.
_CHUNK = 2048

_PUNCT = ".!?…"
_CLOSERS = "”’\"'»)\\]"
_OPENERS = "“\"‘'(["
# Every place a sentence could end: terminal punctuation, closing quotes, then white space.
# The group "plain" marks the clear ones: a run holding "?" or "!", or a period after an
# ordinary word ("item.", "didn’t.", "‘a disgrace’.") or a number ("$4.5.", "3.2%.").
# Tokens such as "U.S.", "Co.", "E.", "a.m." or "St." are ambiguous and go to sentencex.
# "posted on X." names the platform, not an initial.
_END = re.compile(
    rf"[{_PUNCT}](?:(?:(?=[.…]*[!?])|(?<=[a-z][a-z].)|(?<=[a-z][’'][a-z].)|(?<=\d.)|(?<=\d%.)"
    rf"|(?<=[a-z\d][{_CLOSERS}].)|(?<=\son X.)|(?<=\sto X.))(?P<plain>))?"
    rf"[{_PUNCT}]*[{_CLOSERS}]*\s+(?=\S)"
)
# sentencex pairs apostrophes with distant quotes and then skips every boundary in between,
# so it reads a copy with quotes and line breaks blanked; our rules handle quotations.
_MASKED = re.compile(f"[\"'“”‘’«»{_BREAKS}]")
_MASKED_RUN = re.compile("[\\s\"'“”‘’«»]*")
_CLOSE_RUN = re.compile(r"(?:[”’»)\]]|[\"'](?!\S))*\s*")

# --- cuts where a sentence cannot end ---
# Tokens that never end a sentence, and tokens that do not when a number follows them.
_NEVER_FINAL = frozenset(
    re.findall(
        r"\S+",
        "Mr Mrs Ms Mx Dr Prof Sen Sens Rep Reps Gov Gen Lt Col Capt Cmdr Adm Maj Sgt Cpl Pvt Rev"
        " Hon Pres Supt Det Insp Atty Amb Msgr Messrs Mt Ft vs v cf viz e.g i.e",
    )
)
_BEFORE_NUMBER = frozenset(
    re.findall(
        r"\S+",
        "No Nos Nr Vol Fig Figs Art Sec Ch Approx approx Est est ca p pp"
        " Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec",
    )
)
_CLOCK = frozenset(("a.m", "p.m"))
_DELIMITERS = " \t\u00a0(“\"‘'[" + _BREAKS
# The last two characters before the period of every listed token, for a cheap first test.
_TAILS = frozenset(
    [w[-2:] for w in _NEVER_FINAL | _BEFORE_NUMBER | _CLOCK if len(w) > 1]
    + [d + w for w in _NEVER_FINAL | _BEFORE_NUMBER if len(w) == 1 for d in _DELIMITERS]
    + ["A.M", "P.M"]
)
_DIGIT_START = re.compile(r"[(\[]?\d")
_TIME_ZONE = re.compile(
    r"(?:ET|EST|EDT|CT|CST|CDT|MT|MST|MDT|PT|PST|PDT|GMT|UTC|BST|CET|CEST|JST|IST|AEST|HKT)\b"
)
# Every token above fits in this many characters, with its period and the space after it.
_TOKEN_WINDOW = 12

# --- quotations and asides that run on into their sentence: no cut inside ---
_QUOTED = re.compile(
    f'“[^“”{_BREAKS}]{{1,1000}}”|"[^"{_BREAKS}]{{1,1000}}"'
    f"|‘(?!\\d)(?:[^‘’{_BREAKS}]|’(?=\\w)){{1,1000}},’"
)
_ASIDE = re.compile(rf"\([^(){_BREAKS}]{{1,1000}}\)(?={_SP}*[a-z,;:])")
_SPEECH = (
    r"said|says|asked|asks|told|tells|added|adds|wrote|writes|replied|replies|recalled|recalls"
    r"|explained|explains|insisted|insists|noted|notes|argued|argues|continued|shouted|warned"
)
# A lower-case word ("she said"), or a short name and a speech verb that end the clause.
_ATTRIBUTION = re.compile(
    rf"{_SP}*(?:[a-z]|(?:[A-Z][\w.’'-]*{_SP}+){{1,3}}(?:{_SPEECH})"
    rf"(?=[.,;:!?]|{_SP}+(?:on|in|at|to|during|after|before|late|earlier|later|last)\b))"
)

# --- structure: labels, datelines and list items are segments of their own ---
# Found by its literal "min" so the scan is fast; the number is checked behind it.
_READ_LABEL = re.compile(r"min(?:ute)?s?\.?\s+read(?![a-z])")
_LABEL_NUMBER = re.compile(r"(?<!\d)\d{1,3}[\s-]*$")
_SEPARATORS = "|•·—–-"
_LABEL_AFTER = re.compile(rf"{_SP}*(?:[A-Z“\"‘'{_SEPARATORS}]|$|[{_BREAKS}])")
# Cheap test for a line that may open with a dateline, a list marker or a bullet.
_STRUCTURED = rf"{_SP}*(?:[A-Z][A-Z]|[•⁃▪◦*\d-]|[a-z][.)])"
_STRUCTURED_START = re.compile(_STRUCTURED)
_STRUCTURED_AFTER_BREAK = re.compile(rf"[{_BREAKS}](?={_STRUCTURED})")
_DATELINE = re.compile(
    rf"{_SP}*[A-Z][A-Z.'’-]+(?:[ ,]+[A-Z][A-Z.'’-]+)*"
    rf"(?:,{_SP}+[A-Z][a-z]{{2,8}}\.?{_SP}+\d{{1,2}})?"
    rf"(?:{_SP}*\([A-Za-z.& ]{{1,30}}\))?{_SP}+[—–-]{{1,2}}{_SP}+(?=\S)"
)
_LIST_HEAD = re.compile(rf"{_SP}*([•⁃▪◦*-]?){_SP}*(\d{{1,3}}|[a-z])(\.\)|\)|\.){_SP}")
_BULLET_HEAD = re.compile(f"{_SP}*([•⁃▪◦])")
_ALNUM = re.compile(r"[^\W_]")
_MARKER = re.compile(r"[\W_]*(?:\d{1,3}|[A-Za-z])(?:\.\)|[.)])")
_FRAGMENT_MAX = 16


def split_sentences(text: str) -> list[SentenceSpan]:
    """Return the sentence spans of text in order, one paragraph per non-blank line."""
    starts = _paragraph_starts(text)
    cuts = _drop_fragments(text, sorted(_cuts(text, starts).union(starts)), set(starts))
    # Every cut sits on a non-space character, so a piece only needs its end trimmed.
    lefts, rights = [0, *cuts], [*cuts, len(text)]
    sizes = [len(text[left:right].rstrip()) for left, right in zip(lefts, rights, strict=True)]
    return [
        SentenceSpan(left, left + size, bisect.bisect_right(starts, left) - 1)
        for left, size in zip(lefts, sizes, strict=True)
        if size
    ]


def _paragraph_starts(text: str) -> list[int]:
    """Return the offset of the first non-white-space character of every non-blank line."""
    first = _FIRST_LINE_START.match(text)
    starts = [m.end() for m in _LINE_START.finditer(text)]
    return [first.end(), *starts] if first else starts


def _cuts(text: str, starts: list[int]) -> set[int]:
    """Return the cut positions inside lines, each at the first character of a sentence."""
    ends = list(_END.finditer(text))
    plain = {m.end() for m in ends if m.lastgroup}
    # Line starts are cut anyway, so only cuts inside lines need checking.
    possible = {m.end() for m in ends}.difference(starts)
    kept = {c for c in possible if not _false_cut(text, c)}
    kept -= _unconfirmed(text, kept - plain)
    protected = _protected(text)
    if protected:
        starts, ends = [s for s, _ in protected], [e for _, e in protected]
        kept = {c for c in kept if not _inside(starts, ends, c)}
    return kept | _label_cuts(text) | _line_structure_cuts(text)


def _unconfirmed(text: str, candidates: set[int]) -> set[int]:
    """Return the candidate cuts that sentencex does not take for sentence boundaries."""
    pending = sorted(candidates)
    ends: set[int] = set()
    for start, end in _chunks(text):
        index = bisect.bisect_left(pending, start)
        if index < len(pending) and pending[index] < end:
            masked = _MASKED.sub(" ", text[start:end])
            ends.update(start + found for found in _sentencex_ends(masked)[:-1])
    # sentencex ends a sentence after the blanked quotes and white space that follow it.
    return {c for c in candidates if _MASKED_RUN.match(text, c).end() not in ends}


def _chunks(text: str) -> Iterator[tuple[int, int]]:
    """Yield (start, end) slices of about _CHUNK characters, ending at a break if possible."""
    start = 0
    while start < len(text):
        end = min(start + _CHUNK, len(text))
        if end < len(text):
            split = text.rfind("\n", start + _CHUNK // 2, end)
            split = split if split >= 0 else text.rfind(" ", start + _CHUNK // 2, end)
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


def _protected(text: str) -> list[tuple[int, int]]:
    """Return disjoint sorted spans of quotations and asides bound to what follows them."""
    spans = [span for m in _QUOTED.finditer(text) if (span := _bound_quote(text, m))]
    if "(" in text:
        spans += [m.span() for m in _ASIDE.finditer(text)]
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _bound_quote(text: str, match: re.Match[str]) -> tuple[int, int] | None:
    """Return the span of a quotation and its attribution, if it ends with a comma or has one."""
    attribution = _ATTRIBUTION.match(text, match.end(), match.end() + _WINDOW)
    if attribution:
        return match.start(), attribution.end()
    return match.span() if match.group()[-2] == "," else None


def _inside(starts: list[int], ends: list[int], cut: int) -> bool:
    """Tell whether the cut lies strictly inside one of the disjoint sorted spans."""
    index = bisect.bisect_left(starts, cut) - 1
    return index >= 0 and cut < ends[index]


def _label_cuts(text: str) -> set[int]:
    """Return cuts on both sides of reading-time labels such as "4 min read"."""
    cuts: set[int] = set()
    for label in _READ_LABEL.finditer(text):
        number = _LABEL_NUMBER.search(text, max(0, label.start() - 8), label.start())
        if number and _LABEL_AFTER.match(text, label.end()) and _label_starts(text, number.start()):
            cuts |= {number.start(), _CLOSE_RUN.match(text, label.end()).end()}
    return cuts


def _label_starts(text: str, start: int) -> bool:
    """Tell whether a reading-time label opens its line or a field, or is glued on."""
    before = _BREAK.split(text[max(0, start - _WINDOW) : start])[-1]
    stripped = before.rstrip()
    return stripped == before or not stripped or stripped[-1] in _SEPARATORS


def _line_structure_cuts(text: str) -> set[int]:
    """Return cuts after datelines and between the items of lists that open a line."""
    starts = [m.end() for m in _STRUCTURED_AFTER_BREAK.finditer(text)]
    if _STRUCTURED_START.match(text):
        starts.append(0)
    cuts: set[int] = set()
    for start in starts:
        cuts |= _structure_cuts(text, start, _line_end(text, start))
    return cuts


def _line_end(text: str, start: int) -> int:
    """Return the offset of the line break after start, or the end of text."""
    found = _BREAK.search(text, start)
    return found.start() if found else len(text)


def _structure_cuts(text: str, start: int, end: int) -> set[int]:
    """Return the dateline, list and bullet cuts of one line."""
    dateline = _DATELINE.match(text, start, end)
    head = _LIST_HEAD.match(text, start, end)
    bullet = _BULLET_HEAD.match(text, start, end)
    cuts = {dateline.end()} if dateline else set()
    if head:
        return cuts | _list_cuts(text, head, end)
    return cuts | _bullet_cuts(text, bullet, end) if bullet else cuts


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
