"""A team's rating scale page: its admins add, change, reorder and remove ratings."""

import pytest
import sqlalchemy as sa

from annotator.extensions import db
from annotator.models import AuditEvent, RatingEntry, Role, Verdict
from annotator.services.articles import ArticleDraft, import_article
from annotator.services.rating_scale import rating_scale, ratings_for
from annotator.services.settling import settle_sentence
from tests.conftest import PASSWORD

PAGE = "/teams/demo-newsroom/rating-scale/"


@pytest.fixture
def admin(make_member, login):
    return login(make_member(Role.admin, name="Ada Admin"))


def labels(team) -> list[str]:
    db.session.expire_all()
    return [entry.label for entry in rating_scale(team.id)]


def entry_named(team, label: str) -> RatingEntry:
    return next(e for e in rating_scale(team.id) if e.label == label)


def test_page_lists_the_default_scale_in_order(client, team, admin):
    page = client.get(PAGE).text
    order = ["Accurate", "Mostly accurate", "Unproven", "Misleading", "False"]
    assert [page.index(f"</span> {label}") for label in order] == sorted(
        page.index(f"</span> {label}") for label in order
    )
    assert "The evidence shows the claim is wrong." in page
    assert (
        'href="/teams/demo-newsroom/rating-scale/"'
        in client.get("/teams/demo-newsroom/settings").text
    )


def test_adding_a_rating_puts_it_last_and_records_it(client, team, admin):
    answer = client.post(
        PAGE,
        data={"new-label": "Half true", "new-verdict": "disputed", "new-value": "3"},
        follow_redirects=True,
    )
    assert "“Half true” is added to the scale." in answer.text
    assert labels(team)[-1] == "Half true"
    assert db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "rating.add"))


def test_adding_shows_every_problem_at_once(client, team, admin):
    answer = client.post(
        PAGE,
        data={
            "new-label": "false",
            "new-verdict": "",
            "new-value": "9",
            "new-description": "x" * 501,
        },
    )
    assert answer.status_code == 422
    assert "The scale has a “false” already; choose another label." in answer.text
    assert "Choose the verdict this rating stands for." in answer.text
    assert "Give a whole number 1 to 5." in answer.text
    assert "Use at most 500 characters." in answer.text
    assert len(labels(team)) == 5


def test_a_number_must_fit_the_verdict(client, team, admin):
    answer = client.post(
        PAGE, data={"new-label": "Sure", "new-verdict": "verified", "new-value": "1"}
    )
    assert "Give a verified rating a whole number from 3 to 5" in answer.text
    answer = client.post(
        PAGE, data={"new-label": "Maybe", "new-verdict": "unverified", "new-value": "3"}
    )
    assert "An unverified rating has no number" in answer.text


def test_changing_a_rating_saves_its_words(client, team, admin):
    false = entry_named(team, "False")
    prefix = f"r{false.id}-"
    answer = client.post(
        f"{PAGE}{false.id}",
        data={
            prefix + "label": "Wrong",
            prefix + "verdict": "disputed",
            prefix + "value": "1",
            prefix + "description": "Shown wrong.",
        },
        follow_redirects=True,
    )
    assert "“Wrong” is saved." in answer.text
    assert "Wrong" in labels(team)


def test_changing_a_used_ratings_verdict_is_refused(client, team, admin, make_member):
    editor = make_member(Role.editor, name="Edna")
    article = import_article(team, None, ArticleDraft("T", "Rain fell. Sun shone.")).article
    settle_sentence(editor, article.sentences[0], Verdict.disputed, "No.")
    db.session.commit()
    misleading = entry_named(team, "Misleading")
    prefix = f"r{misleading.id}-"
    answer = client.post(
        f"{PAGE}{misleading.id}",
        data={
            prefix + "label": "Misleading",
            prefix + "verdict": "verified",
            prefix + "value": "4",
        },
    )
    assert answer.status_code == 422
    assert "1 claim settled under “Misleading” keep its verdict." in answer.text
    answer = client.post(f"{PAGE}{misleading.id}/remove", follow_redirects=True)
    assert "“Misleading” is not removed: 1 claim settled under it would lose their rating." in (
        answer.text
    )
    assert "Misleading" in labels(team)


def test_moving_reorders_the_scale(client, team, admin):
    false = entry_named(team, "False")
    client.post(f"{PAGE}{false.id}/move", data={"direction": "up"})
    assert labels(team)[-2:] == ["False", "Misleading"]
    assert ratings_for(team.id, Verdict.disputed)[0].label == "False"
    client.post(f"{PAGE}{false.id}/move", data={"direction": "down"})
    assert labels(team)[-1] == "False"


def test_removing_an_unused_rating_and_not_the_last_of_its_verdict(client, team, admin):
    answer = client.post(f"{PAGE}{entry_named(team, 'False').id}/remove", follow_redirects=True)
    assert "“False” is removed from the scale." in answer.text
    unproven = entry_named(team, "Unproven")
    answer = client.post(f"{PAGE}{unproven.id}/remove", follow_redirects=True)
    assert "“Unproven” is the only unverified rating; every verdict keeps at least one." in (
        answer.text
    )
    assert "Unproven" in labels(team)


@pytest.mark.parametrize("role", [Role.editor, Role.reviewer, Role.viewer])
def test_only_admins_reach_the_scale(client, team, make_member, login, role):
    login(make_member(role, name="Someone"))
    assert client.get(PAGE).status_code == 403
    false = entry_named(team, "False")
    assert client.post(f"{PAGE}{false.id}/remove").status_code == 403
    assert "False" in labels(team)


def test_another_teams_admin_finds_no_scale_nor_rating(client, team, login):
    from annotator.services import accounts
    from annotator.services.teams import create_team, set_membership

    other = create_team("Other desk", "other-desk")
    outsider = accounts.create_user("o@example.org", "Olga", PASSWORD)
    set_membership(other, outsider, Role.admin)
    db.session.commit()
    login(outsider)
    assert client.get(PAGE).status_code == 404
    false = entry_named(team, "False")
    assert client.post(f"{PAGE}{false.id}/remove").status_code == 404
    theirs = f"/teams/other-desk/rating-scale/{false.id}/remove"
    assert client.post(theirs).status_code == 404  # A's rating id under B's own scale
    assert "False" in labels(team)
