"""Slugs: the words of a title as the last part of a web address."""

import unicodedata

#: Longest slug made from a title, in characters, before a "-2" that keeps it unique.
SLUG_LENGTH = 80
#: What a title with no letter or digit at all is called in its address.
FALLBACK = "fact-check"


def slug_of(title: str, limit: int = SLUG_LENGTH) -> str:
    """Return lower-case letters and digits of the title joined by hyphens, accents dropped,
    cut at a word boundary; letters of every script stay (an address may hold them)."""
    decomposed = unicodedata.normalize("NFKD", title)
    kept = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    words = "".join(c if c.isalnum() else " " for c in unicodedata.normalize("NFC", kept.lower()))
    slug = ""
    for word in words.split():
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > limit:
            slug = slug or word[:limit]
            break
        slug = candidate
    return slug or FALLBACK


def is_slug(text: str, limit: int = SLUG_LENGTH + 10) -> bool:
    """Tell whether the text could be a slug made here: short, lower case, words and hyphens."""
    return (
        0 < len(text) <= limit
        and text == text.lower()
        and all(part and all(c.isalnum() for c in part) for part in text.split("-"))
    )


def numbered(slug: str, number: int) -> str:
    """Return the slug told apart by a number (the first is the slug itself)."""
    return slug if number <= 1 else f"{slug}-{number}"
