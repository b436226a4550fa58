"""Power over accounts: which password a team admin may set, and the instance administrators.

An account belongs to its owner. A team admin may set a password only for an account that
no one has used yet and that no other team shares (a demo reviewer, one made on the command
line); every other account can be reset by an instance administrator or the host alone.
"""

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import aliased

from annotator.auth.permissions import Action
from annotator.errors import NotFound, ValidationError
from annotator.extensions import db
from annotator.models import Membership, Team, User
from annotator.services.access import require
from annotator.services.accounts import replace_password
from annotator.services.audit import record_event


def fresh_member_ids(team: Team) -> set[int]:
    """Return the ids of the team's members whose password the team's admins may set."""
    elsewhere = aliased(Membership)
    in_another_team = (
        sa.select(elsewhere.id)
        .where(elsewhere.user_id == User.id, elsewhere.team_id != team.id)
        .exists()
    )
    return set(
        db.session.scalars(
            sa.select(User.id)
            .join(Membership, Membership.user_id == User.id)
            .where(
                Membership.team_id == team.id,
                User.last_login_at.is_(None),
                User.is_instance_admin.is_(False),
                ~in_another_team,
            )
        )
    )


def team_admin_may_set_password(team: Team, user: User) -> bool:
    """Tell whether the team's admins may set this account's password."""
    return user.id in fresh_member_ids(team)


def set_member_password(actor: User, team: Team, user: User, password: str) -> None:
    """Set the password of a fresh member of the team, as its admin; anyone else is not found."""
    require(actor, team.id, Action.manage_members)
    if not team_admin_may_set_password(team, user):
        raise NotFound("No such member.")
    replace_password(user, password, actor)
    record_event(actor, team.id, "account.password_set", subject=f"user:{user.id}")


def require_instance_admin(user: User) -> None:
    """Raise NotFound unless the user is an instance administrator: others see no such page."""
    if not user.is_instance_admin:
        raise NotFound("No such page.")


def reset_account_password(actor: User, user: User, password: str) -> int:
    """Give any account a new password as instance administrator; return tokens revoked."""
    require_instance_admin(actor)
    if user.id == actor.id:
        raise ValidationError(
            {"password": "Change your own password on your password page: it asks for the old one."}
        )
    revoked = replace_password(user, password, actor)
    record_event(actor, None, "account.password_reset", subject=f"user:{user.id}")
    return revoked


def reset_password_as_host(user: User, password: str) -> int:
    """Give any account a new password from the server's command line; return tokens revoked."""
    revoked = replace_password(user, password, actor=None)
    record_event(None, None, "account.password_reset", subject=f"user:{user.id}")
    return revoked


def set_instance_admin(user: User, grant: bool, actor: User | None) -> None:
    """Make the user an instance administrator or not; one must always remain."""
    if user.is_instance_admin == grant:
        return
    if not grant and instance_admin_count() <= 1:
        raise ValidationError("The instance needs at least one instance administrator.")
    user.is_instance_admin = grant
    db.session.flush()
    record_event(
        actor,
        None,
        "account.instance_admin",
        subject=f"user:{user.id}",
        before={"instance_admin": not grant},
        after={"instance_admin": grant},
    )


def change_instance_admin(actor: User, user: User, grant: bool) -> None:
    """Promote or demote an account, as instance administrator."""
    require_instance_admin(actor)
    set_instance_admin(user, grant, actor)


def instance_admin_count() -> int:
    """Return how many instance administrators there are."""
    return db.session.scalar(
        sa.select(sa.func.count(User.id)).where(User.is_instance_admin.is_(True))
    )


@dataclass(frozen=True)
class AccountRow:
    """One account as the instance administrators' page lists it."""

    user: User
    teams: list[str]


def list_accounts(actor: User) -> list[AccountRow]:
    """Return every account with the names of its teams, by name, for an instance admin."""
    require_instance_admin(actor)
    users = db.session.scalars(sa.select(User).order_by(User.name, User.id)).all()
    team_names: dict[int, list[str]] = {}
    rows = db.session.execute(
        sa.select(Membership.user_id, Team.name)
        .join(Team, Team.id == Membership.team_id)
        .order_by(Team.name)
    )
    for user_id, name in rows:
        team_names.setdefault(user_id, []).append(name)
    return [AccountRow(user, team_names.get(user.id, [])) for user in users]
