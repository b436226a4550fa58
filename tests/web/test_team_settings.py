"""The Teams page (instance administrators) and a team's settings page (its admins)."""

import re

import pytest
import sqlalchemy as sa

from annotator.extensions import db
from annotator.models import AuditEvent, Role
from annotator.services.access import role_in_team
from annotator.services.teams import create_team, find_team

SITE = "https://harbour.example/"


@pytest.fixture
def boss(make_member, login):
    """An instance administrator, and admin of the demo newsroom."""
    user = make_member(Role.admin, name="Ian Stance")
    user.is_instance_admin = True
    db.session.commit()
    return login(user)


def test_teams_page_lists_every_team_with_members_and_the_demo_label(client, team, boss):
    team.is_demo = True
    create_team("Night desk", "night-desk")
    db.session.commit()
    page = client.get("/teams/").text
    assert re.search(r"Demo newsroom</span> <span class=\"chip chip-demo\"[^>]*>Demo</span>", page)
    assert re.search(
        r"<code class=\"slug\">demo-newsroom</code></td>\s*<td class=\"numeric\">1</td>", page
    )
    assert re.search(
        r"<code class=\"slug\">night-desk</code></td>\s*<td class=\"numeric\">0</td>", page
    )
    assert 'href="/teams/">Teams</a>' in page


def test_creating_a_team_makes_its_creator_admin_and_opens_its_members(client, team, boss):
    answer = client.post("/teams/", data={"name": "  Night desk "})
    assert answer.headers["Location"] == "/teams/night-desk/members"
    night = find_team("night-desk")
    assert role_in_team(boss, night.id) is Role.admin
    page = client.get("/teams/night-desk/members").text
    assert "Night desk is created, and you are its admin" in page
    assert "selected>Night desk (Admin)</option>" in page  # the new team is the current one


def test_creating_a_team_under_a_taken_name_shows_the_form_again(client, team, boss):
    answer = client.post("/teams/", data={"name": "DEMO NEWSROOM"})
    assert answer.status_code == 422
    assert "A team named “DEMO NEWSROOM” exists already; choose another." in answer.text
    assert 'value="DEMO NEWSROOM"' in answer.text
    assert find_team("demo-newsroom-2") is None


def test_renaming_from_the_teams_page_keeps_the_slug(client, team, boss):
    answer = client.post("/teams/demo-newsroom/name", data={"name": "Harbour Herald"})
    assert answer.headers["Location"] == "/teams/"
    assert "The team is now called Harbour Herald." in client.get("/teams/").text
    assert (find_team("demo-newsroom").name, team.slug) == ("Harbour Herald", "demo-newsroom")


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "Enter a team name."),
        ("Night desk", "A team named “Night desk” exists already; choose another."),
        ("N" * 101, "Use at most 100 characters."),
    ],
)
def test_a_refused_rename_shows_why_in_the_teams_row(client, team, boss, name, message):
    create_team("Night desk", "night-desk")
    db.session.commit()
    answer = client.post("/teams/demo-newsroom/name", data={"name": name})
    assert answer.status_code == 422
    row = re.search(rf'id="rename-{team.id}".*?</form>', answer.text, re.S).group()
    assert 'aria-invalid="true"' in row
    assert message in row
    assert find_team("demo-newsroom").name == "Demo newsroom"


def test_settings_page_shows_the_team_and_saves_name_and_publisher(client, team, boss):
    page = client.get("/teams/demo-newsroom/settings").text
    assert 'value="Demo newsroom"' in page
    members = client.get("/teams/demo-newsroom/members").text
    assert 'href="/teams/demo-newsroom/settings">Team settings</a>' in members
    data = {"name": "Harbour desk", "publisher_name": "Harbour Herald", "site_url": SITE}
    answer = client.post("/teams/demo-newsroom/settings", data={**data, "logo_url": ""})
    assert answer.headers["Location"] == "/teams/demo-newsroom/settings"
    page = client.get("/teams/demo-newsroom/settings").text
    assert "The team&#39;s settings are saved." in page
    assert f'value="{SITE}"' in page
    assert 'value="Harbour Herald"' in page
    again = client.post("/teams/demo-newsroom/settings", data={**data, "logo_url": ""})
    assert "Nothing changed." in client.get(again.headers["Location"]).text
    actions = db.session.scalars(sa.select(AuditEvent.action).order_by(AuditEvent.id)).all()
    assert actions[-2:] == ["team.rename", "team.publisher"]


def test_settings_page_shows_every_problem_at_once(client, team, boss):
    create_team("Night desk", "night-desk")
    db.session.commit()
    data = {"name": "night desk", "publisher_name": "", "site_url": "javascript:alert(1)"}
    answer = client.post("/teams/demo-newsroom/settings", data={**data, "logo_url": "ftp://x"})
    assert answer.status_code == 422
    for field in ("name", "site_url", "logo_url"):
        assert f'id="{field}-error"' in answer.text
    assert 'value="javascript:alert(1)"' in answer.text  # kept, to be corrected
    assert find_team("demo-newsroom").site_url == ""


def test_settings_page_shows_a_long_name_with_the_services_refusals(client, team, boss):
    """A name too long (the form's check) and a javascript: address (the service's) at once."""
    data = {"name": "N" * 101, "publisher_name": "", "site_url": "javascript:alert(1)"}
    answer = client.post("/teams/demo-newsroom/settings", data={**data, "logo_url": ""})
    assert answer.status_code == 422
    for field in ("name", "site_url"):
        assert f'id="{field}-error"' in answer.text


def test_the_demo_newsroom_says_so_on_its_settings_and_in_the_menu(client, team, boss):
    team.is_demo = True
    db.session.commit()
    page = client.get("/teams/demo-newsroom/settings").text
    assert "This is the demo newsroom" in page
    assert '<span class="chip chip-demo">Demo</span> · Admin</span>' in page


@pytest.mark.parametrize("role", [Role.viewer, Role.reviewer, Role.editor])
def test_below_admin_the_settings_are_closed_and_not_linked(client, make_member, login, role):
    login(make_member(role))
    assert client.get("/teams/demo-newsroom/settings").status_code == 403
    page = client.get("/articles/").text
    assert "/settings" not in page
    assert 'href="/teams/"' not in page


def test_a_team_admin_who_is_no_instance_admin_has_no_teams_page(client, make_member, login):
    login(make_member(Role.admin))
    assert client.get("/teams/").status_code == 404
    assert client.post("/teams/", data={"name": "Mine"}).status_code == 404
    assert client.post("/teams/demo-newsroom/name", data={"name": "Mine"}).status_code == 404
    assert "/teams/demo-newsroom/settings" in client.get("/teams/demo-newsroom/members").text
