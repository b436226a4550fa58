"""Every limit on input, defined once: how long each kind of text may be and how many of a thing.

Forms, API bodies, services, the names CSV, the JSON import and the command line all read
these, so a value one path accepts is accepted on every path, and refused in the same words.
SECURITY.md ("Input policy") prints this table; tests/test_limits.py keeps the two in step.
"""

import re
from dataclasses import dataclass

#: No text of ours holds these: control characters (Unicode category Cc) other than tab,
#: line feed and carriage return, and lone surrogates. NUL is among them (PostgreSQL cannot
#: store it, SQLite would); the others come from binary files and terminal escapes.
_UNUSABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
#: What a one-line value (a title, a name, an address) may not hold besides: tabs and breaks.
_BREAKS_A_LINE = re.compile(r"[\t\n\r\u2028\u2029]")


def unusable_character(text: str) -> str | None:
    """Describe the first character no text may hold, or return None when there is none."""
    match = _UNUSABLE.search(text)
    if match is None:
        return None
    kind = "a lone surrogate" if "\ud800" <= match.group() <= "\udfff" else "a control character"
    return f"{kind} ({position_of(match)})"


def position_of(match: re.Match) -> str:
    return f"U+{ord(match.group()):04X} at character {match.start() + 1:,}"


@dataclass(frozen=True)
class TextLimit:
    """How many characters one kind of text may hold, and whether it may run over lines.

    ``multiline`` texts (article bodies, notes, quotes, comments) may hold tabs, line feeds
    and carriage returns; one-line values (titles, names, addresses) may not. No text holds
    any other control character.
    """

    most: int
    multiline: bool = False

    def problem(self, text: str) -> str | None:
        """Return why the text breaks this limit, or None when it keeps to it."""
        if found := unusable_character(text):
            return f"Unusable characters: {found}."
        if not self.multiline and (match := _BREAKS_A_LINE.search(text)):
            return f"Keep this on one line: no tab or line break ({position_of(match)})."
        if len(text) > self.most:
            return f"Use at most {self.most:,} characters."
        return None

    def required_problem(self, text: str, what: str) -> str | None:
        """Return why the text cannot be ``what`` (say "a title"): empty, or over this limit."""
        if not text:
            return f"Enter {what} of 1 to {self.most} characters."
        return self.problem(text)


# --- one-line values ----------------------------------------------------------------------
ARTICLE_TITLE = TextLimit(300)
PUBLISHER = TextLimit(200)
#: Source addresses of articles and of evidence.
WEB_ADDRESS = TextLimit(2_000)
LANGUAGE_TAG = TextLimit(35)
SOURCE_TITLE = TextLimit(300)
#: A canonical name, and each of its aliases.
CANONICAL_NAME = TextLimit(200)
PERSON_NAME = TextLimit(100)
TEAM_NAME = TextLimit(100)
#: A textual rating of a team's scale ("Mostly accurate"), and what it means.
RATING_LABEL = TextLimit(60)
RATING_DESCRIPTION = TextLimit(500, multiline=True)
#: Who made a settled claim: a person's or an organisation's name.
CLAIMANT = TextLimit(200)
EMAIL = TextLimit(254)
TOKEN_NAME = TextLimit(100)
#: A pasted invitation link (its code follows the "#"); longer input cannot be one of ours.
INVITATION_LINK = TextLimit(2_000)
SEARCH_QUERY = TextLimit(200)
#: A sentence's check-worthiness reasons, as the JSON export carries them.
TRIAGE_REASONS = TextLimit(200)

# --- texts of several lines ---------------------------------------------------------------
NOTE = TextLimit(10_000, multiline=True)
SOURCE_QUOTE = TextLimit(5_000, multiline=True)
#: The highlighted words of a sentence, as typed or selected (a sentence may span a line break).
WORDS_AT_FAULT = TextLimit(2_000, multiline=True)
RESPONSE_COMMENT = TextLimit(5_000, multiline=True)
DISCUSSION_COMMENT = TextLimit(10_000, multiline=True)
RATIONALE = TextLimit(5_000, multiline=True)
#: The aliases box of the names page: one alias per line, each a CANONICAL_NAME.
ALIASES_BOX = TextLimit(5_000, multiline=True)

# --- counts -------------------------------------------------------------------------------
SOURCES = 10
ALIASES = 20
NAMES_CSV_ROWS = 2_000
REVIEWERS_WANTED = 20
PAGE_SIZE = 100
#: How many years ahead an assignment's due date may lie: a later one is a typing slip.
DUE_YEARS_AHEAD = 5
