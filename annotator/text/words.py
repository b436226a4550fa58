"""Word lists for the text modules, written as one string: long lists read better so."""


def word_set(words: str) -> frozenset[str]:
    """Return the whitespace-separated words of a string as a set."""
    return frozenset(words.split())
