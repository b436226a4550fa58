"""Write the default rationale of a one-click settlement: a sentence for readers, built
from what the reviewers found, never presented as the editor's own reasoning."""

import re

from annotator.text.quoting import shortened

#: How each final verdict opens the default rationale, by the verdict's stored value.
OPENINGS = {
    "verified": "Our reviewers checked this claim and found it accurate",
    "unverified": "Our reviewers could not confirm this claim",
    "disputed": "Our reviewers found this claim disputed by the evidence",
}
#: The reviewers' note is quoted up to this many characters, cut at a word.
NOTE_QUOTED_UP_TO = 300
#: Sources named, at most: the report lists every one beside the reviewers' verdicts.
SOURCES_NAMED = 3
_MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_{}\[\]()#+\-.!<>~|])")


def default_rationale(verdict: str, notes: list[str], source_titles: list[str]) -> str:
    """Return the default rationale for a verdict every reviewer gave, in Markdown: the
    opening, the first reviewer's note (its first paragraph, shortened) and the sources."""
    opening = OPENINGS[verdict]
    note = next((shortened(n, NOTE_QUOTED_UP_TO) for n in notes if n.strip()), "")
    text = f"{opening}: {as_sentence(note)}" if note else f"{opening}."
    titles = list(dict.fromkeys(t.strip() for t in source_titles if t.strip()))
    if titles:
        named = "; ".join(escape_markdown(t) for t in titles[:SOURCES_NAMED])
        more = len(titles) - SOURCES_NAMED
        text += f" Sources: {named}" + (f" and {more} more." if more > 0 else ".")
    return text


def as_sentence(words: str) -> str:
    """Return the words ending in a full stop, unless punctuation already ends them."""
    return words if words.endswith((".", "!", "?", "…")) else words + "."


def escape_markdown(words: str) -> str:
    """Return plain words (a source's title) as Markdown that shows them as they are."""
    return _MARKDOWN_PUNCTUATION.sub(r"\\\1", words)
