"""A team's rating scale: defaults, the admins' changes and the rules that keep it whole."""

import pytest
import sqlalchemy as sa

from annotator.errors import NotFound, PermissionDenied, ValidationError
from annotator.extensions import db
from annotator.models import AuditEvent, RatingEntry, Role, Team, Verdict
from annotator.services.articles import ArticleDraft, import_article
from annotator.services.rating_scale import (
    DEFAULT_SCALE,
    RatingDraft,
    add_rating,
    change_rating,
    check_rating,
    find_rating,
    move_rating,
    rating_scale,
    ratings_for,
    remove_rating,
    scale_with_uses,
    suggested_rating,
)
from annotator.services.settling import settle_sentence
from annotator.services.teams import create_team


@pytest.fixture
def admin(make_member):
    return make_member(Role.admin, name="Ada Admin")


def named(team, label: str) -> RatingEntry:
    return next(e for e in rating_scale(team.id) if e.label == label)


def labels(team) -> list[str]:
    return [e.label for e in rating_scale(team.id)]


def test_a_new_team_starts_with_the_default_scale(app):
    team = create_team("Night desk", "night-desk")
    stored = db.session.scalars(sa.select(RatingEntry).where(RatingEntry.team_id == team.id))
    assert sorted(e.label for e in stored) == sorted(d.label for d in DEFAULT_SCALE)
    assert labels(team) == ["Accurate", "Mostly accurate", "Unproven", "Misleading", "False"]
    assert [suggested_rating(team.id, v).label for v in Verdict] == [
        "Accurate",
        "Unproven",
        "Misleading",
    ]


def test_a_team_without_a_scale_is_given_the_default_one(app):
    team = Team(name="Bare", slug="bare")
    db.session.add(team)
    db.session.flush()
    assert len(rating_scale(team.id)) == len(DEFAULT_SCALE)
    assert len(rating_scale(team.id)) == len(DEFAULT_SCALE)  # stored once, not twice


@pytest.mark.parametrize("rating_id", [None, "1", True, 1.0, 999_999])
def test_find_rating_answers_none_for_what_is_no_id_of_the_team(team, rating_id):
    assert find_rating(team.id, rating_id) is None


def test_find_rating_refuses_another_teams_entry(team):
    other = create_team("Other desk", "other-desk")
    theirs = rating_scale(other.id)[0]
    assert find_rating(team.id, theirs.id) is None
    assert find_rating(other.id, theirs.id) is theirs


def test_adding_a_rating_puts_it_last_and_records_it(team, admin):
    entry = add_rating(admin, team, RatingDraft("  Half true ", " Partly. ", "disputed", 3))
    assert (entry.label, entry.description, entry.verdict, entry.position) == (
        "Half true",
        "Partly.",
        Verdict.disputed,
        5,
    )
    event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "rating.add"))
    assert event.after["label"] == "Half true"


def test_every_problem_of_a_rating_is_told_at_once(team):
    with pytest.raises(ValidationError) as refused:
        check_rating(team, RatingDraft("FALSE", "x\x00", None, 3))
    assert set(refused.value.fields) == {"label", "description", "verdict"}
    with pytest.raises(ValidationError) as refused:
        check_rating(team, RatingDraft(" ", "", Verdict.verified, 1))
    assert refused.value.fields == {
        "label": "Enter a label of 1 to 60 characters.",
        "value": "Give a verified rating a whole number from 3 to 5 (5 is true, 1 false), or none.",
    }


@pytest.mark.parametrize(
    ("verdict", "value", "problem"),
    [
        (Verdict.unverified, 3, "An unverified rating has no number"),
        (Verdict.disputed, 4, "from 1 to 3"),
        (Verdict.disputed, True, "from 1 to 3"),
        (Verdict.verified, 4.5, "from 3 to 5"),
        ("maybe", 3, "Choose the verdict"),
    ],
)
def test_a_number_must_fit_the_verdict(team, verdict, value, problem):
    with pytest.raises(ValidationError, match=problem):
        check_rating(team, RatingDraft("New", "", verdict, value))


def test_a_text_only_rating_is_fine_for_every_verdict(team):
    for verdict in Verdict:
        assert check_rating(team, RatingDraft(f"New {verdict.value}", "", verdict)).value is None


def test_changing_a_rating_keeps_its_own_label_and_records_before_and_after(team, admin):
    false = named(team, "False")
    same = RatingDraft("False", false.description, Verdict.disputed, 1)
    assert change_rating(admin, team, false, same) is False
    assert change_rating(admin, team, false, RatingDraft("Wrong", "Shown wrong.", "disputed", 1))
    event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "rating.change"))
    assert (event.before["label"], event.after["label"]) == ("False", "Wrong")


def test_an_unused_rating_may_stand_for_another_verdict(team, admin):
    false = named(team, "False")
    change_rating(admin, team, false, RatingDraft("Sort of", "", Verdict.verified, 3))
    assert [e.label for e in ratings_for(team.id, Verdict.verified)][-1] == "Sort of"


def test_a_used_rating_keeps_its_verdict(team, admin, make_member):
    editor = make_member(Role.editor, name="Edna")
    article = import_article(team, None, ArticleDraft("T", "Rain fell. Sun shone.")).article
    for sentence in article.sentences:
        settle_sentence(editor, sentence, Verdict.disputed, "No.")
    misleading = named(team, "Misleading")
    with pytest.raises(ValidationError, match="2 claims settled under “Misleading” keep its"):
        change_rating(admin, team, misleading, RatingDraft("Misleading", "", Verdict.verified, 4))
    with pytest.raises(ValidationError, match="2 claims settled under it would lose"):
        remove_rating(admin, team, misleading)
    assert dict((e.label, uses) for e, uses in scale_with_uses(team.id))["Misleading"] == 2


def test_the_last_rating_of_a_verdict_stays(team, admin):
    unproven = named(team, "Unproven")
    with pytest.raises(ValidationError, match="the only unverified rating"):
        change_rating(admin, team, unproven, RatingDraft("Unproven", "", Verdict.disputed, 2))
    with pytest.raises(ValidationError, match="the only unverified rating"):
        remove_rating(admin, team, unproven)


def test_removing_renumbers_the_scale_and_records_it(team, admin):
    remove_rating(admin, team, named(team, "Mostly accurate"))
    assert labels(team) == ["Accurate", "Unproven", "Misleading", "False"]
    assert [e.position for e in rating_scale(team.id)] == [0, 1, 2, 3]
    event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "rating.remove"))
    assert (event.before["label"], event.after) == ("Mostly accurate", None)


def test_moving_reorders_and_stops_at_either_end(team, admin):
    false = named(team, "False")
    assert move_rating(admin, team, false, 1) is False
    assert move_rating(admin, team, false, -1) is True
    assert labels(team)[-2:] == ["False", "Misleading"]
    assert suggested_rating(team.id, Verdict.disputed).label == "False"
    assert move_rating(admin, team, named(team, "Accurate"), -3) is False


def test_only_the_teams_admins_change_its_scale(team, make_member):
    editor = make_member(Role.editor, name="Edna")
    with pytest.raises(PermissionDenied):
        add_rating(editor, team, RatingDraft("Half true", "", Verdict.disputed, 3))
    other = create_team("Other desk", "other-desk")
    outsider = make_member(Role.admin, name="Olga", in_team=other)
    for act in (
        lambda: add_rating(outsider, team, RatingDraft("Half true", "", Verdict.disputed, 3)),
        lambda: remove_rating(outsider, team, named(team, "False")),
        lambda: move_rating(outsider, team, named(team, "False"), -1),
    ):
        with pytest.raises(NotFound):
            act()
