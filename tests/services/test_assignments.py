"""Assignments: editors give articles to reviewers; reviewers take open requests."""

from datetime import date

import pytest

from annotator.errors import InvalidTransition, NotFound, PermissionDenied, ValidationError
from annotator.extensions import db
from annotator.models import ArticleState, Notification, NotificationKind, Role, Verdict
from annotator.services import teams
from annotator.services.annotations import AnnotationEntry, annotate_sentence
from annotator.services.articles import ArticleDraft, import_article
from annotator.services.assignments import (
    assign_article,
    assignable_members,
    assignees_of,
    check_due_date,
    is_late,
    my_assignments,
    open_requests,
    request_reviewers,
    take_article,
    unassign_article,
)

TEXT = "Officials met in Geneva. They reported to the International Narcotics Control."


@pytest.fixture
def article(team):
    return import_article(team, None, ArticleDraft("Talks", TEXT)).article


@pytest.fixture
def editor(make_member):
    return make_member(Role.editor, name="Edna")


@pytest.fixture
def ada(make_member):
    return make_member(Role.reviewer, name="Ada")


def test_assign_article_with_due_date_tells_the_reviewer(article, editor, ada):
    assignment = assign_article(editor, article, ada, date(2027, 1, 31))
    assert (assignment.reviewer, assignment.assigned_by) == (ada, editor)
    message = db.session.scalar(db.select(Notification).where(Notification.user_id == ada.id))
    assert message.kind is NotificationKind.assignment
    assert "due 2027-01-31" in message.message


def test_assign_article_again_changes_the_due_date(article, editor, ada):
    first = assign_article(editor, article, ada, date(2027, 1, 31))
    again = assign_article(editor, article, ada, None)
    assert again.id == first.id
    assert again.due_on is None


def test_assign_article_to_a_viewer_is_refused(article, editor, make_member):
    with pytest.raises(ValidationError):
        assign_article(editor, article, make_member(Role.viewer))


def test_assign_article_to_no_account_or_an_outsider_is_refused_alike(article, editor, make_member):
    outsider = make_member(Role.reviewer, in_team=teams.create_team("Rival desk", "rival-desk"))
    with pytest.raises(NotFound) as to_nobody:
        assign_article(editor, article, None)
    with pytest.raises(NotFound) as to_outsider:
        assign_article(editor, article, outsider)
    assert to_nobody.value.message == to_outsider.value.message


def test_assign_article_by_reviewer_is_refused(article, ada):
    with pytest.raises(PermissionDenied):
        assign_article(ada, article, ada)


def test_unassign_article_removes_the_assignment(article, editor, ada):
    assign_article(editor, article, ada)
    unassign_article(editor, article, ada.id)
    unassign_article(editor, article, ada.id)
    assert assignees_of(article) == []


def test_assignable_members_are_those_who_annotate_reviewers_first(
    article, editor, ada, make_member
):
    make_member(Role.viewer, name="Vic")
    make_member(Role.admin, name="Abe")
    make_member(Role.reviewer, name="Zed")
    offered = [(c.user.name, c.role, c.reviews) for c in assignable_members(article)]
    assert offered == [
        ("Ada", Role.reviewer, True),
        ("Zed", Role.reviewer, True),
        ("Abe", Role.admin, False),
        ("Edna", Role.editor, False),
    ]


TODAY = date(2026, 12, 3)


@pytest.mark.parametrize("due_on", [None, TODAY, date(2031, 12, 31)])
def test_check_due_date_takes_no_date_today_or_within_five_years(due_on):
    check_due_date(due_on, TODAY)


@pytest.mark.parametrize(
    ("due_on", "problem"),
    [
        (date(2026, 12, 2), "That day has passed: choose 2026-12-03 or later, or no date."),
        (date(2032, 1, 1), "Choose a day within 5 years, or no date."),
    ],
)
def test_check_due_date_refuses_a_past_or_far_day(due_on, problem):
    with pytest.raises(ValidationError) as refused:
        check_due_date(due_on, TODAY)
    assert refused.value.fields == {"due_on": problem}


@pytest.mark.parametrize(
    ("state", "due_on", "late"),
    [
        ("in_review", date(2026, 12, 2), True),
        ("draft", date(2026, 12, 2), True),
        ("in_review", TODAY, False),
        ("in_review", None, False),
        ("settled", date(2026, 12, 2), False),
        ("published", date(2026, 12, 2), False),
    ],
)
def test_is_late_only_while_the_review_is_open(state, due_on, late):
    assert is_late(due_on, ArticleState(state), TODAY) is late


def test_my_assignments_say_which_are_overdue(article, editor, ada):
    assign_article(editor, article, ada, date(2026, 12, 2))
    (work,) = my_assignments(ada, TODAY)
    assert work.overdue
    (work,) = my_assignments(ada, date(2026, 12, 2))
    assert not work.overdue


def test_my_assignments_show_my_progress(article, editor, ada):
    assign_article(editor, article, ada)
    annotate_sentence(ada, article.sentences[0], AnnotationEntry(Verdict.verified))
    (work,) = my_assignments(ada, date(2026, 12, 1))
    assert (work.progress.with_my_verdict, work.progress.total) == (1, 2)


def test_request_reviewers_opens_places_that_reviewers_take(article, editor, ada, make_member):
    request_reviewers(editor, article, 2)
    ben = make_member(Role.reviewer, name="Ben")
    assert open_requests(ada) == [(article, 2)]
    take_article(ada, article)
    assert open_requests(ada) == []
    assert open_requests(ben) == [(article, 1)]
    take_article(ben, article)
    with pytest.raises(InvalidTransition, match="all the reviewers"):
        take_article(make_member(Role.reviewer), article)


@pytest.mark.parametrize("count", [-1, 21])
def test_request_reviewers_refuses_a_count_out_of_range(article, editor, count):
    with pytest.raises(ValidationError):
        request_reviewers(editor, article, count)


def test_request_reviewers_zero_withdraws_the_request(article, editor, ada):
    request_reviewers(editor, article, 2)
    request_reviewers(editor, article, 0)
    assert article.reviewers_wanted is None
    with pytest.raises(InvalidTransition):
        take_article(ada, article)
