"""Finding ``@name`` mentions of teammates in a comment."""

import re

import sqlalchemy as sa

from annotator.extensions import db
from annotator.models import Membership, User


def handles_of(user: User) -> list[str]:
    """Return the ways a member can be mentioned: full name, first name, e-mail name."""
    first = user.name.split()[0] if user.name.split() else ""
    return [user.name, user.name.replace(" ", ""), first, user.email.split("@")[0]]


def mentioned_members(team_id: int, text: str) -> list[User]:
    """Return the team members the text mentions as ``@Name``, by name."""
    if "@" not in text:
        return []
    members = db.session.scalars(
        sa.select(User).join(Membership).where(Membership.team_id == team_id).order_by(User.name)
    )
    found = []
    for member in members:
        for handle in filter(None, handles_of(member)):
            pattern = r"(?<![\w@])@" + re.escape(handle) + r"(?![\w])"
            if re.search(pattern, text, flags=re.IGNORECASE):
                found.append(member)
                break
    return found
