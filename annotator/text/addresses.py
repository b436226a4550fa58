"""Check the shape of an e-mail address, intranet domains included, and say what is wrong.

Self-hosted newsrooms often use addresses at intranet domains (``desk.internal``,
``newsroom.lan``, ``localhost``), which public-mail checkers refuse as undeliverable. No mail
is sent to check an address here, so any well-formed domain is accepted, dot-less too; a
malformed address is refused with the reason and an example.
"""

import re

#: A domain label: letters or digits, hyphens inside (international names as letters).
_LABEL = re.compile(r"^[^\W_](?:(?:[^\W_]|-){0,61}[^\W_])?$")
EXAMPLE = "e.g. rita@newsroom.org or rita@desk.internal"


def address_problem(address: str) -> str | None:
    """Return why the address is not a well-formed e-mail address, or None when it is."""
    local, at, domain = address.strip().rpartition("@")
    if not at or not local:
        return f"Enter an e-mail address: a name, an @ and a domain ({EXAMPLE})."
    return domain_problem(domain) or local_problem(local)


def domain_problem(domain: str) -> str | None:
    """Return why the part after the @ is not a domain name, or None when it is one."""
    if not domain:
        return f"Add the domain after the @ ({EXAMPLE})."
    if len(domain) > 253:
        return "The domain after the @ is too long: at most 253 characters."
    for label in domain.split("."):
        if not label:
            return "The domain after the @ has an empty part: two dots in a row, or one at an end."
        if not _LABEL.match(label):
            return (
                f"“{label}” cannot be part of a domain: use letters, digits and inner "
                "hyphens, at most 63 characters between dots."
            )
    return None


def local_problem(local: str) -> str | None:
    """Return why the part before the @ is unusable, as the mail standards tell it."""
    # Imported on the first address checked, not with the app (ADR 22).
    from email_validator import EmailNotValidError, validate_email

    try:
        # The domain is checked above; a stand-in one lets the checker judge the name alone.
        validate_email(f"{local}@example.org", check_deliverability=False)
    except EmailNotValidError as error:
        return str(error).replace("email", "e-mail")
    return None
