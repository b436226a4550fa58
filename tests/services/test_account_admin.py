"""Power over accounts: a team admin sets fresh accounts' passwords only; instance admins reset."""

import pytest
import sqlalchemy as sa

from annotator.errors import NotFound, PermissionDenied, ValidationError
from annotator.extensions import db
from annotator.models import AuditEvent, Role
from annotator.services import account_admin, accounts, teams
from annotator.services.teams import create_team
from annotator.services.tokens import create_token, user_for_secret
from tests.conftest import PASSWORD

NEW = "a brand new passphrase"


@pytest.fixture
def admin(make_member):
    return make_member(Role.admin, name="Ada Admin")


@pytest.fixture
def instance_admin(make_member):
    user = make_member(Role.viewer, name="Ian Stance")
    user.is_instance_admin = True
    db.session.commit()
    return user


def test_fresh_accounts_of_the_team_alone_are_settable(admin, team, make_member):
    fresh = make_member(Role.reviewer)
    demo = accounts.create_user("demo@example.org", "Demo", None)
    teams.set_membership(team, demo, Role.reviewer)
    used = make_member(Role.reviewer)
    accounts.record_login(used)
    shared = make_member(Role.reviewer)
    teams.set_membership(create_team("Other", "other"), shared, Role.viewer)
    boss = make_member(Role.reviewer)
    boss.is_instance_admin = True
    db.session.commit()
    assert account_admin.fresh_member_ids(team) == {fresh.id, demo.id, admin.id}


def test_team_admin_sets_a_fresh_accounts_password_and_its_tokens_stop(admin, team, make_member):
    fresh = make_member(Role.reviewer)
    _, secret = create_token(fresh, "made by the host")
    before = fresh.session_token
    account_admin.set_member_password(admin, team, fresh, NEW)
    db.session.commit()
    assert accounts.authenticate(fresh.email, NEW) == fresh
    assert fresh.session_token != before
    assert user_for_secret(secret) is None


@pytest.mark.parametrize("why", ["logged-in", "other-team", "instance-admin", "not-a-member"])
def test_team_admin_cannot_set_an_accounts_password_that_is_its_owners(
    admin, team, make_member, why
):
    member = make_member(Role.reviewer)
    if why == "logged-in":
        accounts.record_login(member)
    elif why == "other-team":
        teams.set_membership(create_team("Other", "other"), member, Role.viewer)
    elif why == "instance-admin":
        member.is_instance_admin = True
    else:
        teams.remove_membership(team, member)
    db.session.commit()
    with pytest.raises(NotFound):
        account_admin.set_member_password(admin, team, member, NEW)
    assert accounts.authenticate(member.email, PASSWORD) == member


@pytest.mark.parametrize("role", [Role.viewer, Role.reviewer, Role.editor])
def test_only_team_admins_set_fresh_passwords(team, make_member, role):
    fresh = make_member(Role.reviewer)
    with pytest.raises(PermissionDenied):
        account_admin.set_member_password(make_member(role), team, fresh, NEW)


def test_instance_admin_resets_any_password_ending_sessions_and_tokens(instance_admin, make_member):
    victim = make_member(Role.admin, in_team=create_team("Far", "far"))
    accounts.record_login(victim)
    _, secret = create_token(victim, "CMS")
    before = victim.session_token
    assert account_admin.reset_account_password(instance_admin, victim, NEW) == 1
    db.session.commit()
    assert accounts.authenticate(victim.email, NEW) == victim
    assert victim.session_token != before
    assert user_for_secret(secret) is None
    reset = db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.action == "account.password_reset")
    ).one()
    assert (reset.actor_id, reset.team_id, reset.subject) == (
        instance_admin.id,
        None,
        f"user:{victim.id}",
    )


def test_a_team_admin_is_no_instance_admin(admin, make_member):
    with pytest.raises(NotFound):
        account_admin.reset_account_password(admin, make_member(Role.viewer), NEW)
    with pytest.raises(NotFound):
        account_admin.list_accounts(admin)
    with pytest.raises(NotFound):
        account_admin.change_instance_admin(admin, admin, True)
    assert not admin.is_instance_admin


def test_instance_admin_changes_their_own_password_the_usual_way(instance_admin):
    with pytest.raises(ValidationError, match="Change your own password"):
        account_admin.reset_account_password(instance_admin, instance_admin, NEW)


def test_reset_refuses_a_weak_or_personal_password(instance_admin, make_member):
    victim = make_member(Role.viewer)
    for weak in ("short", victim.email, f"  {victim.name.upper()} "):
        with pytest.raises(ValidationError):
            account_admin.reset_account_password(instance_admin, victim, weak)
    assert accounts.authenticate(victim.email, PASSWORD) == victim


def test_instance_admins_promote_and_demote_but_one_always_remains(instance_admin, make_member):
    other = make_member(Role.viewer)
    account_admin.change_instance_admin(instance_admin, other, True)
    assert account_admin.instance_admin_count() == 2
    account_admin.change_instance_admin(other, instance_admin, False)
    assert not instance_admin.is_instance_admin
    with pytest.raises(ValidationError, match="at least one"):
        account_admin.change_instance_admin(other, other, False)
    assert other.is_instance_admin
    changes = db.session.scalars(
        sa.select(AuditEvent.after).where(AuditEvent.action == "account.instance_admin")
    ).all()
    assert changes == [{"instance_admin": True}, {"instance_admin": False}]


def test_the_host_names_and_resets_from_the_command_line(make_member):
    user = make_member(Role.viewer)
    _, secret = create_token(user, "CMS")
    account_admin.set_instance_admin(user, True, actor=None)
    assert account_admin.reset_password_as_host(user, NEW) == 1
    assert user.is_instance_admin
    assert user_for_secret(secret) is None


def test_accounts_page_lists_every_account_with_its_teams(instance_admin, team, make_member):
    far = create_team("Far", "far")
    both = make_member(Role.viewer, name="Bo Both")
    teams.set_membership(far, both, Role.editor)
    loner = accounts.create_user("loner@example.org", "Lo Ner", None)
    db.session.commit()
    rows = {row.user.name: row.teams for row in account_admin.list_accounts(instance_admin)}
    assert rows["Bo Both"] == ["Demo newsroom", "Far"]
    assert rows["Lo Ner"] == []
    assert loner.id in {row.user.id for row in account_admin.list_accounts(instance_admin)}


def test_naming_an_instance_admin_again_changes_and_records_nothing(instance_admin):
    account_admin.change_instance_admin(instance_admin, instance_admin, True)
    recorded = db.session.scalar(
        sa.select(sa.func.count(AuditEvent.id)).where(AuditEvent.action == "account.instance_admin")
    )
    assert (instance_admin.is_instance_admin, recorded) == (True, 0)
