"""Invitations: a team offers a role to an e-mail address; whoever holds the link answers.

Inviting never looks an account up, so the inviting team learns nothing about the address:
the same answer and the same work whether it has an account or not. Accepting needs both the
link's secret code and an account with the invited address (one made through the link
counts): an address alone proves nothing, since no mail is ever sent to it.
"""

import hashlib
import secrets
from datetime import timedelta

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from annotator.auth.permissions import Action
from annotator.errors import NotFound, PermissionDenied, ValidationError
from annotator.extensions import db
from annotator.models import Invitation, InvitationState, Role, Team, User, utcnow
from annotator.services.access import require, role_in_team
from annotator.services.accounts import (
    check_email,
    create_user,
    find_user_by_email,
    normalise_email,
    record_login,
)
from annotator.services.audit import record_event
from annotator.services.teams import members_of, set_membership

#: How long a link stays usable; a new invitation to the same address replaces the old one.
LIFETIME = timedelta(days=7)
#: Marks our codes, so that secret scanners and people recognise a leaked one.
CODE_PREFIX = "inv_"
NOT_VALID = (
    "This invitation link is not valid: it was used, declined or withdrawn, or it expired. "
    "Ask the team for a new one."
)


def hash_code(code: str) -> str:
    """Return the hex sha256 under which an invitation's code is stored."""
    return hashlib.sha256(code.encode("utf-8")).hexdigest()


def create_invitation(actor: User, team: Team, email: str, role: Role) -> tuple[Invitation, str]:
    """Invite the address to the team; return the invitation and its code, never stored."""
    require(actor, team.id, Action.manage_members)
    email = normalise_email(email)
    check_email(email)
    # The team's own member list, never the accounts: what the admin sees already.
    if email in {membership.user.email for membership in members_of(team)}:
        raise ValidationError({"email": "This address belongs to a member of the team already."})
    for earlier in pending_to(team, email):
        close(earlier, InvitationState.revoked, actor, "invitation.revoke")
    now, code = utcnow(), CODE_PREFIX + secrets.token_urlsafe(32)
    invitation = Invitation(
        team=team,
        email=email,
        role=role,
        invited_by=actor,
        code_hash=hash_code(code),
        created_at=now,
        expires_at=now + LIFETIME,
    )
    db.session.add(invitation)
    db.session.flush()
    after = {"email": email, "role": role.value, "expires_at": invitation.expires_at.isoformat()}
    record_event(actor, team.id, "invitation.create", subject=subject(invitation), after=after)
    return invitation, code


def subject(invitation: Invitation) -> str:
    return f"invitation:{invitation.id}"


def pending_to(team: Team, email: str) -> list[Invitation]:
    """Return the team's unanswered invitations to this address."""
    return list(
        db.session.scalars(
            sa.select(Invitation).where(
                Invitation.team_id == team.id,
                Invitation.email == email,
                Invitation.state == InvitationState.pending,
            )
        )
    )


def close(invitation: Invitation, state: InvitationState, actor: User | None, action: str):
    """Answer or withdraw an invitation, and record it in the team's history."""
    invitation.state, invitation.closed_at = state, utcnow()
    db.session.flush()
    record_event(
        actor,
        invitation.team_id,
        action,
        subject=subject(invitation),
        before={"email": invitation.email, "state": InvitationState.pending.value},
        after={"email": invitation.email, "state": state.value},
    )


def pending_of_team(actor: User, team: Team) -> list[Invitation]:
    """Return the team's unanswered invitations, newest first (expired ones too)."""
    require(actor, team.id, Action.manage_members)
    return list(
        db.session.scalars(
            sa.select(Invitation)
            .where(Invitation.team_id == team.id, Invitation.state == InvitationState.pending)
            .options(selectinload(Invitation.invited_by))
            .order_by(Invitation.id.desc())
        )
    )


def revoke_invitation(actor: User, team: Team, invitation_id: int) -> Invitation:
    """Withdraw one of the team's unanswered invitations: its link stops working."""
    require(actor, team.id, Action.manage_members)
    invitation = db.session.get(Invitation, invitation_id, with_for_update=True)
    if (
        invitation is None
        or invitation.team_id != team.id
        or invitation.state is not InvitationState.pending
    ):
        raise NotFound("No such invitation.")
    close(invitation, InvitationState.revoked, actor, "invitation.revoke")
    return invitation


def code_of(pasted: str) -> str:
    """Return the code of a pasted link (the part after its "#"), or the code itself."""
    return pasted.rpartition("#")[2].strip()


def find_open_invitation(pasted: str, lock: bool = False) -> Invitation:
    """Return the invitation a code or link opens, if it can still be answered; else NotFound.

    ``lock`` holds the row until commit (PostgreSQL): of two answers sent at once, the second
    then finds it answered, instead of making the same member or account twice.
    """
    code = code_of(pasted)
    invitation = None
    if code.startswith(CODE_PREFIX) and len(code) < 100:
        query = sa.select(Invitation).where(Invitation.code_hash == hash_code(code))
        invitation = db.session.scalar(query.with_for_update() if lock else query)
    if invitation is None or not invitation.open_at(utcnow()):
        raise NotFound(NOT_VALID)
    return invitation


def invitation_for(user: User, code: str, lock: bool = False) -> Invitation:
    """Return the open invitation of this code if it is for the user's address."""
    invitation = find_open_invitation(code, lock)
    if invitation.email != user.email:
        raise PermissionDenied(
            "This invitation is for another e-mail address than the one you are logged in "
            "with. Log out and open the link again, or ask the team to invite this account's "
            "address."
        )
    return invitation


def accept_invitation(user: User, code: str) -> Invitation:
    """Join the team of the invitation, with its role; an existing membership stays as it is."""
    invitation = invitation_for(user, code, lock=True)
    team = invitation.team
    if role_in_team(user, team.id) is None:
        set_membership(team, user, invitation.role, actor=user)
    close(invitation, InvitationState.accepted, user, "invitation.accept")
    return invitation


def join_with_invitation(code: str, name: str, password: str) -> tuple[User, Invitation]:
    """Create the invited address's account, with the name and password its owner chose."""
    invitation = find_open_invitation(code, lock=True)
    if find_user_by_email(invitation.email) is not None:
        raise ValidationError(
            "This address has an account already: log in with it, then open the link again."
        )
    user = create_user(invitation.email, name, password)
    record_login(user)
    return user, accept_invitation(user, code)


def decline_invitation(user: User, invitation_id: int) -> Invitation:
    """Turn down an invitation to the user's address."""
    invitation = db.session.get(Invitation, invitation_id, with_for_update=True)
    if invitation is None or invitation.email != user.email or not invitation.open_at(utcnow()):
        raise NotFound("No such invitation.")
    # Recorded without the actor: who declined is no member, and the team reads its history.
    close(invitation, InvitationState.declined, None, "invitation.decline")
    return invitation


def open_invitations_query(user: User) -> sa.Select:
    return sa.select(Invitation).where(
        Invitation.email == user.email,
        Invitation.state == InvitationState.pending,
        Invitation.expires_at > utcnow(),
    )


def invitations_to(user: User) -> list[Invitation]:
    """Return the open invitations to the user's address, with their teams, newest first."""
    query = open_invitations_query(user).options(selectinload(Invitation.team))
    return list(db.session.scalars(query.order_by(Invitation.id.desc())))


def invitation_count(user: User) -> int:
    """Return how many open invitations the user's address has."""
    counted = open_invitations_query(user).with_only_columns(sa.func.count(Invitation.id))
    return db.session.scalar(counted) or 0
