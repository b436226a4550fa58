"""API revisions: a new version of an article's text, by editors only."""

import pytest

from annotator.extensions import db
from annotator.models import ArticleState, Verdict
from annotator.services.access import get_sentence_for
from annotator.services.annotations import AnnotationEntry, annotate_sentence
from tests.api.conftest import ARTICLE_TEXT

REVISED = ARTICLE_TEXT.replace("20 percent", "12 percent").replace(
    " Critics called the plan reckless.", ""
)


def test_revise_answers_the_new_version_and_what_moved(api_as, make_member, article):
    reviewer = make_member("reviewer")
    for index in (0, 3):
        sentence = get_sentence_for(reviewer, article.id, index)
        annotate_sentence(reviewer, sentence, AnnotationEntry(Verdict.disputed))
    db.session.commit()
    response = api_as(make_member("editor")).post(
        f"/articles/{article.id}/versions", json={"text": REVISED}
    )
    assert response.status_code == 201
    body = response.get_json()
    assert body["article"]["version"] == 2
    assert body["article"]["title"] == "Crime figures"
    assert (body["kept"], body["changed"], body["added"]) == (3, 1, 0)
    assert len(body["unplaced"]["annotations"]) == 1


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"text": ARTICLE_TEXT}, 422),
        ({"text": ""}, 422),
        ({"title": "", "text": REVISED}, 422),
        ({}, 400),
        ({"text": REVISED, "extra": 1}, 400),
    ],
)
def test_revise_refuses_bad_bodies(api_as, make_member, article, body, status):
    response = api_as(make_member("editor")).post(f"/articles/{article.id}/versions", json=body)
    assert response.status_code == status
    assert article.version == 1


@pytest.mark.parametrize("role", ["viewer", "reviewer"])
def test_revise_by_non_editors_answers_403(api_as, make_member, article, role):
    response = api_as(make_member(role)).post(
        f"/articles/{article.id}/versions", json={"text": REVISED}
    )
    assert response.status_code == 403


def test_revise_published_article_answers_409(api_as, make_member, article):
    article.state = ArticleState.published
    db.session.commit()
    response = api_as(make_member("editor")).post(
        f"/articles/{article.id}/versions", json={"text": REVISED}
    )
    assert response.status_code == 409


def test_revise_article_of_another_team_answers_404(api_as, make_member, article, other_team):
    outsider = make_member("admin", in_team=other_team)
    response = api_as(outsider).post(f"/articles/{article.id}/versions", json={"text": REVISED})
    assert response.status_code == 404
