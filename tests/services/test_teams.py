"""Teams and their members: slugs and names, roles, and the admin a team always keeps."""

import pytest
import sqlalchemy as sa

from annotator.errors import ValidationError
from annotator.extensions import db
from annotator.models import AuditEvent, Membership, Role
from annotator.services.teams import (
    check_team_name,
    create_named_team,
    create_team,
    ensure_team,
    members_of,
    remove_membership,
    set_membership,
    slug_of,
)


@pytest.mark.parametrize(
    ("name", "slug", "field", "message"),
    [
        ("Desk", "Desk", "slug", "lower-case letters, digits and single hyphens"),
        ("Desk", "news--desk", "slug", "lower-case letters, digits and single hyphens"),
        ("Desk", "-desk", "slug", "lower-case letters, digits and single hyphens"),
        ("Desk", "d" * 65, "slug", "lower-case letters, digits and single hyphens"),
        ("   ", "desk", "name", "1 to 100 characters"),
        ("D" * 101, "desk", "name", "at most 100 characters"),
        ("Night\ndesk", "desk", "name", "Keep this on one line"),
        ("Night\x00desk", "desk", "name", "Unusable characters"),
        ("Other desk", "demo-newsroom", "slug", "exists already"),
        ("demo NEWSROOM", "other-desk", "name", "A team named “demo NEWSROOM” exists already"),
    ],
)
def test_create_team_refuses_a_bad_or_taken_slug_or_name(team, name, slug, field, message):
    with pytest.raises(ValidationError) as refused:
        create_team(name, slug)
    assert message in refused.value.fields[field]


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Harbour Herald", "harbour-herald"),
        ("  Night  desk: Politics & Co.  ", "night-desk-politics-co"),
        ("Ça va, Zürich?", "ca-va-zurich"),
        ("報道局", "team"),
        ("---", "team"),
        ("x" * 100, "x" * 56),
        ("ab " * 30, ("ab-" * 19).rstrip("-")),
    ],
)
def test_slug_of_makes_an_address_of_any_name(name, slug):
    assert slug_of(name) == slug


def test_create_named_team_numbers_a_slug_that_is_taken(team):
    create_team("Demo newsroom two", "demo-newsroom-2")
    named = create_named_team("  Demo — newsroom!  ")
    assert (named.name, named.slug) == ("Demo — newsroom!", "demo-newsroom-3")
    assert create_named_team("報道局").slug == "team"
    assert create_named_team("報道局 2").slug == "2"


def test_check_team_name_lets_a_team_keep_its_own_name_in_another_case(team):
    assert check_team_name(" DEMO newsroom ", renamed=team) == "DEMO newsroom"
    with pytest.raises(ValidationError, match="exists already"):
        check_team_name("Demo Newsroom")


def test_ensure_team_finds_the_team_or_names_a_new_one_after_its_slug(team):
    assert ensure_team("demo-newsroom") == team
    assert ensure_team("night-desk").name == "Night desk"
    assert ensure_team("day-desk", "The Day Desk").name == "The Day Desk"


def test_the_last_admin_can_be_neither_demoted_nor_removed(team, make_member):
    admin = make_member(Role.admin)
    with pytest.raises(ValidationError, match="at least one admin"):
        set_membership(team, admin, Role.editor)
    with pytest.raises(ValidationError, match="at least one admin"):
        remove_membership(team, admin)
    assert [(m.user, m.role) for m in members_of(team)] == [(admin, Role.admin)]


def test_an_admin_steps_down_once_another_admin_is_named(team, make_member):
    first, second = make_member(Role.admin, name="First"), make_member(Role.reviewer, name="Second")
    set_membership(team, second, Role.admin, actor=first)
    set_membership(team, first, Role.editor, actor=first)
    remove_membership(team, first, actor=second)
    assert [(m.user, m.role) for m in members_of(team)] == [(second, Role.admin)]
    actions = db.session.scalars(
        sa.select(AuditEvent.action)
        .where(AuditEvent.subject == f"user:{first.id}")
        .order_by(AuditEvent.id)
    ).all()
    assert actions == ["membership.add", "membership.role", "membership.remove"]


def test_removing_someone_who_is_not_a_member_changes_nothing(team, make_member):
    outsider = make_member(Role.admin, in_team=create_team("Elsewhere", "elsewhere"))
    events = db.session.scalar(sa.select(sa.func.count(AuditEvent.id)))
    remove_membership(team, outsider)
    assert db.session.scalar(sa.select(sa.func.count(AuditEvent.id))) == events
    assert db.session.scalar(sa.select(sa.func.count(Membership.id))) == 1
