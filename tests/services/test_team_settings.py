"""Opening, naming and describing teams: who may, what is refused, and what the history keeps."""

import pytest
import sqlalchemy as sa

from annotator.errors import NotFound, PermissionDenied, ValidationError
from annotator.extensions import db
from annotator.models import AuditEvent, Role
from annotator.services.access import role_in_team
from annotator.services.team_settings import (
    PublisherSettings,
    change_publisher,
    change_team_settings,
    list_teams,
    mark_demo,
    open_team,
    publisher_of,
    rename_team,
)
from annotator.services.teams import create_team

SITE = "https://harbour.example/"
LOGO = "https://harbour.example/logo.png"


@pytest.fixture
def boss(make_member):
    """An instance administrator who is a mere viewer of the team."""
    user = make_member(Role.viewer, name="Ian Stance")
    user.is_instance_admin = True
    return user


def events(action: str) -> list[AuditEvent]:
    return list(db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == action)))


def test_list_teams_counts_members_by_name_without_case(team, make_member, boss):
    make_member(Role.reviewer)
    other = create_team("another desk", "another-desk")
    assert list_teams(boss) == [(other, 0), (team, 2)]


@pytest.mark.parametrize("role", list(Role))
def test_only_an_instance_administrator_lists_or_opens_teams(team, make_member, role):
    member = make_member(role)
    with pytest.raises(NotFound):
        list_teams(member)
    with pytest.raises(NotFound):
        open_team(member, "Night desk")
    assert (
        db.session.scalar(
            sa.select(sa.func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.action == "team.create")
        )
        == 0
    )


def test_open_team_makes_its_opener_admin_on_the_record(team, boss):
    opened = open_team(boss, "  Night desk ")
    assert (opened.name, opened.slug) == ("Night desk", "night-desk")
    assert role_in_team(boss, opened.id) is Role.admin
    [created] = events("team.create")
    assert (created.team_id, created.actor_id, created.after) == (
        opened.id,
        boss.id,
        {"name": "Night desk"},
    )
    with pytest.raises(ValidationError, match="exists already"):
        open_team(boss, "NIGHT DESK")


def test_rename_team_keeps_the_slug_and_records_before_and_after(team, make_member):
    admin = make_member(Role.admin)
    assert rename_team(admin, team, "  Harbour Herald ")
    assert (team.name, team.slug) == ("Harbour Herald", "demo-newsroom")
    [renamed] = events("team.rename")
    assert (renamed.actor_id, renamed.subject) == (admin.id, f"team:{team.id}")
    assert (renamed.before, renamed.after) == (
        {"name": "Demo newsroom"},
        {"name": "Harbour Herald"},
    )
    assert not rename_team(admin, team, "Harbour Herald ")
    assert len(events("team.rename")) == 1


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "Enter a team name of 1 to 100 characters."),
        ("N" * 101, "Use at most 100 characters."),
        ("Night\tdesk", "Keep this on one line"),
        ("night DESK", "A team named “night DESK” exists already; choose another."),
    ],
)
def test_rename_team_refuses_an_empty_long_or_taken_name(team, make_member, name, message):
    create_team("Night desk", "night-desk")
    with pytest.raises(ValidationError) as refused:
        rename_team(make_member(Role.admin), team, name)
    assert message in refused.value.fields["name"]


def test_an_instance_administrator_renames_a_team_without_a_role_in_it(team, boss):
    other = create_team("Night desk", "night-desk")
    assert rename_team(boss, other, "Day desk")
    assert other.name == "Day desk"


@pytest.mark.parametrize(
    ("role", "refusal"),
    [
        (Role.viewer, PermissionDenied),
        (Role.reviewer, PermissionDenied),
        (Role.editor, PermissionDenied),
    ],
)
def test_no_one_below_admin_renames_or_describes_the_team(team, make_member, role, refusal):
    member = make_member(role)
    with pytest.raises(refusal):
        rename_team(member, team, "Ours now")
    with pytest.raises(refusal):
        change_publisher(member, team, PublisherSettings("Ours"))
    assert team.name == "Demo newsroom"


def test_an_admin_of_another_team_finds_no_such_team(team, make_member):
    stranger = make_member(Role.admin, in_team=create_team("Rivals", "rivals"))
    with pytest.raises(NotFound):
        rename_team(stranger, team, "Taken")
    with pytest.raises(NotFound):
        change_team_settings(stranger, team, "Taken", PublisherSettings(site_url=SITE))
    assert (team.name, team.site_url) == ("Demo newsroom", "")


def test_change_publisher_trims_records_and_skips_no_change(team, make_member):
    admin = make_member(Role.admin)
    settings = PublisherSettings(" Harbour Herald Ltd ", f" {SITE} ", LOGO)
    assert change_publisher(admin, team, settings)
    assert publisher_of(team) == PublisherSettings("Harbour Herald Ltd", SITE, LOGO)
    assert team.publisher == "Harbour Herald Ltd"
    [changed] = events("team.publisher")
    assert changed.before == {"name": "", "site_url": "", "logo_url": ""}
    assert changed.after == {"name": "Harbour Herald Ltd", "site_url": SITE, "logo_url": LOGO}
    assert not change_publisher(admin, team, PublisherSettings("Harbour Herald Ltd", SITE, LOGO))
    assert change_publisher(admin, team, PublisherSettings())
    assert team.publisher == "Demo newsroom"  # no publisher name: the team's
    assert len(events("team.publisher")) == 2


@pytest.mark.parametrize(
    ("settings", "field", "message"),
    [
        (PublisherSettings(site_url="javascript:alert(1)"), "site_url", "http:// or https://"),
        (PublisherSettings(logo_url=" JavaScript:alert(1)"), "logo_url", "http:// or https://"),
        (PublisherSettings(logo_url="data:image/png;base64,AAAA"), "logo_url", "http://"),
        (PublisherSettings(site_url="harbour.example"), "site_url", "http:// or https://"),
        (PublisherSettings(site_url="https://"), "site_url", "host name"),
        (PublisherSettings(site_url="https://a b.example/"), "site_url", "spaces"),
        (PublisherSettings(site_url="https://x.example/" + "a" * 2000), "site_url", "at most"),
        (PublisherSettings(name="P" * 201), "publisher_name", "at most 200"),
        (PublisherSettings(name="Harbour\nHerald"), "publisher_name", "one line"),
    ],
)
def test_change_publisher_refuses_what_is_no_web_address_or_too_long(
    team, make_member, settings, field, message
):
    with pytest.raises(ValidationError) as refused:
        change_publisher(make_member(Role.admin), team, settings)
    assert message in refused.value.fields[field]
    assert publisher_of(team) == PublisherSettings()


def test_change_team_settings_names_every_problem_at_once(team, make_member):
    create_team("Night desk", "night-desk")
    admin = make_member(Role.admin)
    bad = PublisherSettings("P" * 201, "ftp://harbour.example/", "javascript:x")
    with pytest.raises(ValidationError) as refused:
        change_team_settings(admin, team, "night desk", bad)
    assert sorted(refused.value.fields) == ["logo_url", "name", "publisher_name", "site_url"]
    assert (team.name, publisher_of(team)) == ("Demo newsroom", PublisherSettings())


def test_change_team_settings_renames_and_describes_in_one_go(team, make_member):
    admin = make_member(Role.admin)
    assert change_team_settings(admin, team, "Harbour desk", PublisherSettings(site_url=SITE))
    assert (team.name, team.site_url) == ("Harbour desk", SITE)
    assert change_team_settings(admin, team, "Harbour desk 2", PublisherSettings(site_url=SITE))
    assert change_team_settings(admin, team, "Harbour desk 2", PublisherSettings())
    assert not change_team_settings(admin, team, "Harbour desk 2", PublisherSettings())


def test_mark_demo_labels_the_team(team):
    assert not team.is_demo
    mark_demo(team)
    assert team.is_demo
