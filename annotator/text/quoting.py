"""Shorten what a member wrote to quote it elsewhere: a paragraph, cut at a word."""


def shortened(text: str, limit: int) -> str:
    """Return the text's first paragraph on one line, cut at a word before ``limit``
    characters with an ellipsis (a paragraph follows: the ellipsis says so too)."""
    paragraphs = text.strip().split("\n\n", 1)
    paragraph = " ".join(paragraphs[0].split())
    if len(paragraph) <= limit:
        return paragraph + (" …" if len(paragraphs) > 1 and paragraph else "")
    cut = paragraph[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + "…"
