"""Every limit on input, defined once: how long each kind of text may be and how many of a thing.

Forms, API bodies, services, the names CSV, the JSON import and the command line all read
these, so a value one path accepts is accepted on every path, and refused in the same words.
SECURITY.md ("Bad input") prints this table; tests/test_limits.py keeps the two in step.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class TextLimit:
    """How many characters one kind of text may hold, and whether it may run over lines.

    ``multiline`` texts (article bodies, notes, quotes, comments) may hold line breaks;
    one-line values (titles, names, addresses) may not.
    """

    most: int
    multiline: bool = False


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
EMAIL = TextLimit(254)
TOKEN_NAME = TextLimit(100)
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
