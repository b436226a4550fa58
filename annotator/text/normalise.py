"""Normalise article text once, before it is stored and segmented."""

import re
import unicodedata

_LINE_ENDINGS = re.compile(r"\r\n?|[\u2028\u2029\x85]")
_TRAILING_SPACE = re.compile(r"[ \t]+$", re.MULTILINE)
_EXCESS_BLANK_LINES = re.compile(r"\n{3,}")


def normalise_text(text: str) -> str:
    """Return text in NFC with LF line endings, no BOM and no trailing blanks."""
    text = text.removeprefix("\ufeff")
    text = _LINE_ENDINGS.sub("\n", text)
    text = unicodedata.normalize("NFC", text)
    text = _TRAILING_SPACE.sub("", text)
    text = _EXCESS_BLANK_LINES.sub("\n\n", text)
    return text.strip()
