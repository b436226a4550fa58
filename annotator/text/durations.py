"""Lengths of time in words, as a page states a schedule: "5 seconds, 2 hours and 1 day"."""

from collections.abc import Iterable

#: Largest first: a length is named in the largest unit it is a whole number of.
UNITS = (("day", 86_400), ("hour", 3_600), ("minute", 60), ("second", 1))


def duration_in_words(seconds: float) -> str:
    """Name a length of time in the largest unit it is a whole number of ("90 minutes",
    "2 hours"); one that is no whole number of seconds keeps its fraction ("0.5 seconds")."""
    for unit, size in UNITS:
        count, rest = divmod(seconds, size)
        if count >= 1 and rest == 0:
            return f"{count:g} {unit}{'' if count == 1 else 's'}"
    return f"{seconds:g} seconds"


def durations_in_words(lengths: Iterable[float]) -> str:
    """Name several lengths of time in a list a reader says aloud: "a, b and c"."""
    words = [duration_in_words(seconds) for seconds in lengths]
    if len(words) < 2:
        return "".join(words)
    return f"{', '.join(words[:-1])} and {words[-1]}"
