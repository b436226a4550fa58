"""Common passwords: the list a new password must not be on."""

import gzip
from functools import cache
from pathlib import Path

# Django's list of the 20,000 most common passwords (BSD licence, from Royce Williams'
# public list); provenance and licence in common-passwords.NOTICE beside it.
COMMON_PASSWORDS = Path(__file__).with_name("common-passwords.txt.gz")


@cache
def common_passwords() -> frozenset[str]:
    """Return the lower-cased common passwords, read once per process."""
    with gzip.open(COMMON_PASSWORDS, "rt", encoding="utf-8") as lines:
        return frozenset(line.strip() for line in lines)


def is_common_password(password: str) -> bool:
    """Tell whether the password, ignoring case and surrounding spaces, is on the list."""
    return password.strip().lower() in common_passwords()
