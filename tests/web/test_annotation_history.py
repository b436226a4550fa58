"""Undo and restore through the pages: the confirmation's Undo, z's endpoint, the history."""

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from annotator.extensions import db
from annotator.models import Annotation, Role, Verdict
from annotator.services.articles import ArticleDraft, import_article

TEXT = "Officials met in Geneva.\nThe city spent 212 of the budget on the International Board."
JSON = {"Accept": "application/json"}


@pytest.fixture
def article(team):
    article = import_article(team, None, ArticleDraft("Budget", TEXT)).article
    db.session.commit()
    return article


@pytest.fixture
def reviewer(make_member, login):
    return login(make_member(Role.reviewer, name="Rita"))


def url(article, suffix, index=1):
    return f"/articles/{article.id}/sentences/{index}{suffix}"


def mine(article, user) -> Annotation:
    db.session.expire_all()
    return db.session.scalar(sa.select(Annotation).where(Annotation.reviewer_id == user.id))


def save(client, article, version=0, verdict="disputed", **extra):
    data = {
        "set_verdict": verdict,
        "note": "The budget says 198.",
        "span_text": "212",
        "sources-0-url": "https://example.org/budget",
        "sources-0-title": "City budget 2026",
        "sources-0-quote": "spent 198 on the board",
        "sources-1-url": "https://example.org/minutes",
        "sources-1-title": "Council minutes",
        "sources-1-quote": "the figure was revised",
        "version": str(version),
        **extra,
    }
    return client.post(url(article, "/annotation"), data=data)


def test_clear_flashes_an_undo_form_that_works_without_javascript(client, article, reviewer):
    client.get(save(client, article).location)
    response = client.post(url(article, "/annotation/clear"), data={"version": "1"})
    page = client.get(response.location).text
    form = re.search(
        r'<form method="post" class="undo-form" action="([^"]+)">(.*?)</form>', page, re.S
    )
    assert form
    assert form.group(1) == url(article, "/annotation/undo")
    assert 'name="version" value="2"' in form.group(2)
    assert "Your verdict is cleared." in page
    undone = client.post(form.group(1), data={"version": "2", "next": f"/articles/{article.id}"})
    assert undone.status_code == 302
    annotation = mine(article, reviewer)
    assert (annotation.verdict, annotation.note, annotation.version) == (
        Verdict.disputed,
        "The budget says 198.",
        3,
    )
    assert [(s.title, s.quote) for s in annotation.sources] == [
        ("City budget 2026", "spent 198 on the board"),
        ("Council minutes", "the figure was revised"),
    ]
    assert "Your last change is undone." in client.get(undone.location).text


def test_saving_the_same_words_again_offers_no_undo_of_the_change_before(client, article, reviewer):
    data = {"set_verdict": "verified", "note": "Fine."}
    client.post(url(article, "/annotation"), data={**data, "version": "0"}, headers=JSON)
    again = client.post(url(article, "/annotation"), data={**data, "version": "1"}, headers=JSON)
    assert again.json["message"] == "Your verdict is saved."
    assert 'class="undo-form"' not in again.json["panel"]
    assert mine(article, reviewer).version == 1


def test_save_as_json_answers_a_panel_with_the_undo_button(client, article, reviewer):
    response = client.post(
        url(article, "/annotation"), data={"set_verdict": "verified", "version": "0"}, headers=JSON
    )
    panel = response.json["panel"]
    assert "Your verdict is saved." in panel
    assert 'class="undo-form"' in panel
    assert 'name="version" value="1"' in panel


def test_undo_as_json_answers_the_panel_and_sentence(client, article, reviewer):
    save(client, article)
    response = client.post(url(article, "/annotation/undo"), data={"version": "1"}, headers=JSON)
    assert response.status_code == 200
    assert response.json["message"] == "Your last change is undone."
    assert mine(article, reviewer).verdict is None
    assert 'name="version" value="2"' in response.json["panel"]  # undo is undoable


@pytest.mark.parametrize(
    ("data", "status", "words"),
    [
        ({"version": "1"}, 409, "changed since"),  # another tab saved version 2
        ({"version": "9"}, 409, "changed since"),
        ({}, 422, ""),
        ({"version": "x"}, 422, ""),
    ],
)
def test_undo_refuses_a_stale_or_bad_version(client, article, reviewer, data, status, words):
    save(client, article)
    save(client, article, version=1, verdict="verified")
    response = client.post(url(article, "/annotation/undo"), data=data, headers=JSON)
    assert response.status_code == status
    assert words in response.json["error"]["message"]
    assert mine(article, reviewer).verdict is Verdict.verified


def test_undo_after_the_window_is_refused_with_a_clear_message(client, article, reviewer):
    save(client, article)
    annotation = mine(article, reviewer)
    annotation.updated_at -= timedelta(minutes=16)
    db.session.commit()
    response = client.post(url(article, "/annotation/undo"), data={"version": "1"})
    assert response.status_code == 409
    assert "Too late to undo" in response.text
    assert mine(article, reviewer).verdict is Verdict.disputed


def test_history_shows_each_version_whole_in_plain_words(client, article, reviewer):
    save(client, article)
    client.post(url(article, "/annotation/clear"), data={"version": "1"})
    client.post(url(article, "/annotation/undo"), data={"version": "2"})
    page = client.get(url(article, "/history")).text
    for words in (
        "Rita marked sentence 2 disputed",
        "Rita cleared their verdict on sentence 2",
        "Rita undid their last change on sentence 2",
    ):
        assert words in page
    for shown in (
        "The budget says 198.",
        "<mark>212</mark>",
        "City budget 2026",
        "spent 198 on the board",
        "Council minutes",
    ):
        assert shown in page
    assert "<code" not in page
    assert re.search(r">[^<]*annotation\.[a-z]", page) is None  # no code in the words


def test_restore_from_the_history_makes_the_version_current(client, article, reviewer):
    save(client, article)
    save(client, article, version=1, verdict="verified")
    history = url(article, "/history")
    page = client.get(history).text
    restore = url(article, "/annotation/versions/1/restore")
    assert page.count("Restore this version") == 1
    assert f'action="{restore}"' in page
    response = client.post(restore, data={"version": "2", "next": history})
    assert response.location == history
    assert mine(article, reviewer).verdict is Verdict.disputed
    page = client.get(history).text
    assert "restored version 1" in page
    assert "Version 1 is restored" in page
    assert 'class="undo-form"' in page


@pytest.mark.parametrize(
    ("number", "version", "status"),
    [(2, "2", 422), (7, "2", 404), (1, "1", 409), (1, "x", 422)],
)
def test_restore_refuses_a_wrong_unknown_or_stale_version(
    client, article, reviewer, number, version, status
):
    save(client, article)
    save(client, article, version=1, verdict="verified")
    response = client.post(
        url(article, f"/annotation/versions/{number}/restore"), data={"version": version}
    )
    assert response.status_code == status
    assert mine(article, reviewer).verdict is Verdict.verified


def test_teammate_cannot_undo_or_restore_my_annotation(
    client, article, reviewer, make_member, login
):
    save(client, article)
    save(client, article, version=1, verdict="verified")
    client.post("/logout")
    login(make_member(Role.reviewer, name="Ben"))
    assert "Restore this version" not in client.get(url(article, "/history")).text
    undo = client.post(url(article, "/annotation/undo"), data={"version": "2"})
    restore = client.post(url(article, "/annotation/versions/1/restore"), data={"version": "2"})
    assert (undo.status_code, restore.status_code) == (409, 404)
    assert mine(article, reviewer).verdict is Verdict.verified


def test_history_offers_no_restore_of_a_version_the_same_as_the_current_one(
    client, article, reviewer
):
    save(client, article)
    save(client, article, version=1, verdict="verified")
    save(client, article, version=2, verdict="disputed")  # version 3: the words of version 1
    page = client.get(url(article, "/history")).text
    assert page.count("Restore this version") == 1
    assert url(article, "/annotation/versions/2/restore") in page
