"""Invitations: inviting learns nothing, the link's holder with the invited address answers."""

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from annotator.errors import NotFound, PermissionDenied, ValidationError
from annotator.extensions import db
from annotator.models import AuditEvent, Invitation, InvitationState, Role, utcnow
from annotator.services import accounts, invitations
from annotator.services.access import role_in_team
from annotator.services.audit import verify_chain
from annotator.services.teams import create_team
from tests.conftest import PASSWORD


@pytest.fixture
def admin(make_member):
    return make_member(Role.admin, name="Ada Admin")


@pytest.fixture
def far_team(app):
    far = create_team("Far desk", "far-desk")
    db.session.commit()
    return far


def invite(admin, team, email="guest@example.org", role=Role.reviewer):
    invitation, code = invitations.create_invitation(admin, team, email, role)
    db.session.commit()
    return invitation, code


def events(action: str) -> list[AuditEvent]:
    return list(db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == action)))


def test_invitation_keeps_the_normalised_address_and_only_a_hash_of_its_code(admin, team):
    invitation, code = invite(admin, team, "  Guest@Example.ORG ")
    assert invitation.email == "guest@example.org"
    assert code.startswith("inv_")
    assert len(code) > 40
    assert invitation.code_hash == invitations.hash_code(code)
    stored = db.session.execute(sa.select(Invitation.__table__)).one()
    assert code not in repr(stored)
    assert invitation.expires_at - invitation.created_at == timedelta(days=7)
    assert (invitation.state, invitation.invited_by, invitation.role) == (
        InvitationState.pending,
        admin,
        Role.reviewer,
    )


def test_invitation_is_recorded_in_the_teams_history(admin, team):
    invitation, _ = invite(admin, team)
    [event] = events("invitation.create")
    assert (event.team_id, event.subject, event.after["email"], event.after["role"]) == (
        team.id,
        f"invitation:{invitation.id}",
        "guest@example.org",
        "reviewer",
    )
    assert verify_chain().intact


def test_codes_are_never_the_same(admin, team):
    codes = {invite(admin, team, f"guest{n}@example.org")[1] for n in range(20)}
    assert len(codes) == 20


@pytest.mark.parametrize("role", [Role.viewer, Role.reviewer, Role.editor])
def test_only_admins_invite(make_member, team, role):
    with pytest.raises(PermissionDenied):
        invitations.create_invitation(make_member(role), team, "x@example.org", Role.admin)


def test_admin_of_another_team_cannot_invite_here(make_member, team, far_team):
    outsider = make_member(Role.admin, in_team=far_team)
    with pytest.raises(NotFound):
        invitations.create_invitation(outsider, team, "x@example.org", Role.admin)


@pytest.mark.parametrize("email", ["", "no-at-sign", "x" * 250 + "@example.org"])
def test_address_without_the_shape_of_one_is_refused(admin, team, email):
    with pytest.raises(ValidationError) as caught:
        invitations.create_invitation(admin, team, email, Role.viewer)
    assert list(caught.value.fields) == ["email"]


def test_address_of_a_member_is_refused(admin, team, make_member):
    member = make_member(Role.viewer)
    with pytest.raises(ValidationError, match="member of the team already"):
        invitations.create_invitation(admin, team, member.email.upper(), Role.editor)


def test_a_new_invitation_replaces_the_waiting_one_to_the_same_address(admin, team):
    first, first_code = invite(admin, team)
    second, _ = invite(admin, team, role=Role.editor)
    assert first.state is InvitationState.revoked
    assert invitations.pending_of_team(admin, team) == [second]
    with pytest.raises(NotFound):
        invitations.find_open_invitation(first_code)


def looks_up_an_address(statement: str) -> bool:
    """Tell whether a statement finds accounts by address (``user.email`` in a condition)."""
    return re.search(r'(WHERE|ON)\b.*\buser"?\.email\b', statement, re.DOTALL) is not None


def statements_of(action) -> list[str]:
    """Return the SQL statements an action sends, in order."""
    sent: list[str] = []

    def note(_conn, _cursor, statement, *_args):
        sent.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", note)
    try:
        action()
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", note)
    return sent


def test_inviting_does_the_same_work_for_an_address_with_and_without_an_account(
    admin, team, far_team, make_member
):
    known = make_member(Role.reviewer, name="Known Person", in_team=far_team).email
    db.session.expire_all()
    with_account = statements_of(lambda: invite(admin, team, known))
    db.session.expire_all()
    without_account = statements_of(lambda: invite(admin, team, "unknown@example.org"))
    assert with_account == without_account
    assert not any(looks_up_an_address(statement) for statement in with_account)


def test_link_pasted_whole_opens_the_invitation(admin, team):
    invitation, code = invite(admin, team)
    pasted = f"  https://annotator.example/invitations/open#{code}\n"
    assert invitations.find_open_invitation(pasted) == invitation


@pytest.mark.parametrize("code", ["", "inv_", "inv_guessed", "ann_" + "x" * 43, "inv_" + "x" * 200])
def test_unknown_code_opens_nothing(admin, team, code):
    invite(admin, team)
    with pytest.raises(NotFound, match="not valid"):
        invitations.find_open_invitation(code)


@pytest.mark.parametrize("state", ["expired", "revoked", "declined", "accepted"])
def test_an_answered_revoked_or_expired_invitation_opens_nothing(
    admin, team, far_team, make_member, state
):
    invitee = accounts.create_user("guest@example.org", "Guest", PASSWORD)
    invitation, code = invite(admin, team)
    if state == "expired":
        invitation.expires_at = utcnow() - timedelta(seconds=1)
    elif state == "revoked":
        invitations.revoke_invitation(admin, team, invitation.id)
    elif state == "declined":
        invitations.decline_invitation(invitee, invitation.id)
    else:
        invitations.accept_invitation(invitee, code)
    db.session.commit()
    with pytest.raises(NotFound, match="not valid"):
        invitations.find_open_invitation(code)
    with pytest.raises(NotFound):
        invitations.accept_invitation(invitee, code)
    with pytest.raises(NotFound):
        invitations.join_with_invitation(code, "Someone", "a long new passphrase")


def test_accepting_makes_a_member_with_the_invited_role_once(admin, team, make_member, far_team):
    invitee = make_member(Role.viewer, name="Bea Elsewhere", in_team=far_team)
    invitation, code = invite(admin, team, invitee.email, Role.editor)
    assert role_in_team(invitee, team.id) is None
    assert invitations.accept_invitation(invitee, code) == invitation
    db.session.commit()
    assert role_in_team(invitee, team.id) is Role.editor
    assert invitation.state is InvitationState.accepted
    assert [e.actor_id for e in events("invitation.accept")] == [invitee.id]
    with pytest.raises(NotFound):
        invitations.accept_invitation(invitee, code)


def test_another_account_cannot_accept_with_the_link(admin, team, make_member, far_team):
    invitee = make_member(Role.viewer, in_team=far_team)
    thief = make_member(Role.viewer, in_team=far_team)
    invitation, code = invite(admin, team, invitee.email)
    with pytest.raises(PermissionDenied, match="another e-mail address"):
        invitations.accept_invitation(thief, code)
    assert role_in_team(thief, team.id) is None
    assert invitation.state is InvitationState.pending


def test_a_member_who_accepts_keeps_the_role_they_have(admin, team, make_member):
    member = make_member(Role.admin)
    _, code = invite(admin, team, "later@example.org", Role.viewer)
    member.email = "later@example.org"  # joined meanwhile, e.g. by a second invitation
    invitations.accept_invitation(member, code)
    assert role_in_team(member, team.id) is Role.admin


def test_join_creates_the_invited_addresss_account_with_its_owners_password(admin, team):
    invitation, code = invite(admin, team, "New.Person@example.org", Role.reviewer)
    user, accepted = invitations.join_with_invitation(code, " New Person ", "my own passphrase")
    db.session.commit()
    assert (user.email, user.name, accepted) == ("new.person@example.org", "New Person", invitation)
    assert accounts.authenticate("new.person@example.org", "my own passphrase") == user
    assert user.last_login_at is not None  # so no team admin may ever set its password
    assert role_in_team(user, team.id) is Role.reviewer


def test_join_refuses_an_address_that_has_an_account(admin, team, make_member, far_team):
    holder = make_member(Role.viewer, in_team=far_team)
    invitation, code = invite(admin, team, holder.email)
    with pytest.raises(ValidationError, match="has an account already"):
        invitations.join_with_invitation(code, "Impostor", "a long new passphrase")
    assert accounts.authenticate(holder.email, PASSWORD) == holder
    assert invitation.state is InvitationState.pending


@pytest.mark.parametrize(
    ("name", "password", "field"),
    [("", "a long new passphrase", "name"), ("Guest", "short", "password")],
)
def test_join_refuses_a_bad_name_or_password_and_creates_nothing(
    admin, team, name, password, field
):
    _, code = invite(admin, team)
    with pytest.raises(ValidationError) as caught:
        invitations.join_with_invitation(code, name, password)
    assert field in caught.value.fields


def test_join_refuses_the_address_as_password(admin, team):
    _, code = invite(admin, team)
    with pytest.raises(ValidationError, match="not your e-mail address"):
        invitations.join_with_invitation(code, "Guest", "Guest@Example.org")


def test_decline_closes_the_invitation_and_keeps_the_name_out_of_the_teams_history(
    admin, team, make_member, far_team
):
    invitee = make_member(Role.viewer, name="Private Person", in_team=far_team)
    invitation, _ = invite(admin, team, invitee.email)
    invitations.decline_invitation(invitee, invitation.id)
    db.session.commit()
    assert invitation.state is InvitationState.declined
    [event] = events("invitation.decline")
    assert (event.team_id, event.actor_id, event.actor_name) == (team.id, None, "")
    assert "Private Person" not in repr((event.before, event.after))


def test_nobody_declines_an_invitation_to_another_address(admin, team, make_member, far_team):
    invitation, _ = invite(admin, team, "someone.else@example.org")
    with pytest.raises(NotFound):
        invitations.decline_invitation(make_member(Role.viewer, in_team=far_team), invitation.id)
    assert invitation.state is InvitationState.pending


def test_revoke_needs_the_invitations_own_team(admin, team, make_member, far_team):
    far_admin = make_member(Role.admin, in_team=far_team)
    invitation, _ = invite(far_admin, far_team)
    with pytest.raises(NotFound):
        invitations.revoke_invitation(admin, team, invitation.id)
    with pytest.raises(NotFound):
        invitations.revoke_invitation(admin, far_team, invitation.id)
    assert invitation.state is InvitationState.pending


def test_answered_invitation_cannot_be_revoked(admin, team):
    invitation, _ = invite(admin, team)
    invitations.revoke_invitation(admin, team, invitation.id)
    with pytest.raises(NotFound):
        invitations.revoke_invitation(admin, team, invitation.id)


def test_an_account_sees_only_the_open_invitations_to_its_address(
    admin, team, make_member, far_team
):
    invitee = make_member(Role.viewer, in_team=far_team)
    far_admin = make_member(Role.admin, in_team=far_team)
    waiting, _ = invite(admin, team, invitee.email)
    old_desk = create_team("Old desk", "old-desk")
    expired, _ = invite(make_member(Role.admin, in_team=old_desk), old_desk, invitee.email)
    expired.expires_at = utcnow() - timedelta(days=1)
    invite(far_admin, far_team, "someone.else@example.org")
    db.session.commit()
    assert invitations.invitations_to(invitee) == [waiting]
    assert invitations.invitation_count(invitee) == 1


def test_team_lists_its_waiting_invitations_expired_ones_too(admin, team):
    expired, _ = invite(admin, team, "old@example.org")
    expired.expires_at = utcnow() - timedelta(days=1)
    waiting, _ = invite(admin, team, "new@example.org")
    _, code = invite(admin, team, "joined@example.org")
    invitations.join_with_invitation(code, "Joined", "a long new passphrase")
    assert invitations.pending_of_team(admin, team) == [waiting, expired]
