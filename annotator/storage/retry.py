"""When to run a unit of work again after SQLite reported its database locked."""

import random

from sqlalchemy.exc import OperationalError

#: How many times a unit of work is run in all before the user is told to try again.
ATTEMPTS = 4
#: First pause between attempts, in seconds; it doubles each time, with jitter.
FIRST_PAUSE = 0.05


def is_lock_error(error: OperationalError) -> bool:
    """Tell whether SQLite refused because another connection holds the lock."""
    text = str(error.orig).lower()
    return "database is locked" in text or "database is busy" in text


def pause_after(attempt: int) -> float:
    """Seconds to wait after the attempt (counted from 0) failed: doubling, with jitter."""
    return FIRST_PAUSE * 2**attempt * (1 + random.random())  # noqa: S311
