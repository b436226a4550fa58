"""Revision pages: revising, earlier versions, unplaced work, changed-since-review marks."""

import io
from dataclasses import dataclass

import pytest
import sqlalchemy as sa

from annotator.extensions import db
from annotator.models import Annotation, ArticleState, Role, Verdict
from annotator.services.annotations import AnnotationEntry, annotate_sentence
from annotator.services.articles import ArticleDraft, import_article
from annotator.services.revisions import revise_article
from annotator.services.teams import create_team

FIRST = "Officials met in Geneva."
BOARD = "They reported to the International Narcotics Control."
LOST = "The talks lasted two days."
TEXT = f"{FIRST} {BOARD}\n\n{LOST}"
V2 = f"{FIRST} They reported to the International Narcotics Control Board.\n\nA new paragraph."
V3 = f"{V2} Another sentence."
ROLES = ["viewer", "reviewer", "editor", "admin", "outsider"]
EVERYONE = {"viewer", "reviewer", "editor", "admin"}
EDITORS = {"editor", "admin"}


@dataclass
class World:
    article: object
    changed: object
    unplaced: object


@pytest.fixture
def world(team, make_member):
    article = import_article(team, None, ArticleDraft("Talks", TEXT)).article
    ada = make_member(Role.reviewer, name="Ada Author")
    editor = make_member(Role.editor, name="Eve Editor")
    changed = annotate_sentence(ada, article.sentences[1], AnnotationEntry(Verdict.disputed))
    unplaced = annotate_sentence(ada, article.sentences[2], AnnotationEntry(Verdict.verified))
    revise_article(article, editor, ArticleDraft("Talks", V2))
    db.session.commit()
    return World(article, changed, unplaced)


@pytest.fixture
def acting(request, make_member, login):
    role = request.param
    if role == "outsider":
        user = make_member(Role.admin, in_team=create_team("Elsewhere", "elsewhere"))
    else:
        user = make_member(Role(role))
    return role, login(user)


@pytest.fixture
def editor(make_member, login):
    return login(make_member(Role.editor))


ROUTES = [
    ("revise page", "get", lambda w: f"/articles/{w.article.id}/revise", None, EDITORS, 200),
    (
        "revise",
        "post",
        lambda w: f"/articles/{w.article.id}/revise",
        lambda w: {"title": "Talks", "text": V3},
        EDITORS,
        302,
    ),
    ("version", "get", lambda w: f"/articles/{w.article.id}/versions/1", None, EVERYONE, 200),
    (
        "attach",
        "post",
        lambda w: f"/articles/{w.article.id}/unplaced/annotation/{w.unplaced.id}/attach",
        lambda w: {f"annotation-{w.unplaced.id}-sentence": "3"},
        EDITORS,
        302,
    ),
]


@pytest.mark.parametrize("acting", ROLES, indirect=True)
@pytest.mark.parametrize(
    ("method", "make_url", "make_data", "allowed", "ok"),
    [route[1:] for route in ROUTES],
    ids=[route[0] for route in ROUTES],
)
def test_revision_route_answers_by_role(
    client, world, acting, method, make_url, make_data, allowed, ok
):
    role, _ = acting
    data = make_data(world) if make_data else None
    response = client.open(make_url(world), method=method.upper(), data=data)
    expected = 404 if role == "outsider" else (ok if role in allowed else 403)
    assert response.status_code == expected, response.text[:300]


def test_revise_pasted_text_makes_a_new_version(client, world, editor):
    response = client.post(
        f"/articles/{world.article.id}/revise", data={"title": "Talks", "text": V3}
    )
    assert response.status_code == 302
    page = client.get(response.location).text
    assert "Version 3 saved" in page
    assert world.article.version == 3


def test_revise_uploaded_file_makes_a_new_version(client, world, editor):
    upload = (io.BytesIO(V3.encode()), "talks.txt")
    response = client.post(
        f"/articles/{world.article.id}/revise",
        data={"title": "Talks", "text": "", "file": upload},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    assert world.article.text == V3


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"title": "Talks", "text": "  "}, "Paste the new text or choose a file."),
        ({"title": "Talks", "text": V2}, "current version already"),
        ({"title": "", "text": V3}, "This field is required."),
    ],
)
def test_revise_refuses_bad_input_and_saves_nothing(client, world, editor, data, message):
    response = client.post(f"/articles/{world.article.id}/revise", data=data)
    assert response.status_code == 422
    assert message in response.text
    assert world.article.version == 2


def test_revise_refuses_a_published_article(client, world, editor):
    world.article.state = ArticleState.published
    db.session.commit()
    response = client.post(
        f"/articles/{world.article.id}/revise", data={"title": "Talks", "text": V3}
    )
    assert response.status_code == 409
    assert "read-only" in response.text


def test_article_page_lists_versions_unplaced_work_and_the_revise_form(client, world, editor):
    page = client.get(f"/articles/{world.article.id}").text
    assert f"/articles/{world.article.id}/versions/1" in page
    assert "Unplaced (1)" in page
    assert LOST in page
    assert "Revise this article" in page
    assert "changed since review" in page


def test_article_page_hides_attach_and_revise_from_reviewers(client, world, make_member, login):
    world.article.blind_review = False
    db.session.commit()
    login(make_member(Role.reviewer))
    page = client.get(f"/articles/{world.article.id}").text
    assert "Unplaced (1)" in page
    assert "Attach" not in page
    assert "Revise this article" not in page


def test_blind_review_keeps_a_teammates_unplaced_verdict_from_a_reviewer(
    client, world, make_member, login
):
    login(make_member(Role.reviewer))
    page = client.get(f"/articles/{world.article.id}").text
    assert "Unplaced" not in page
    assert LOST not in page


def test_version_page_shows_the_earlier_text(client, world, editor):
    page = client.get(f"/articles/{world.article.id}/versions/1").text
    assert BOARD in page
    assert "version 1 of 2" in page


@pytest.mark.parametrize(("number", "status"), [(2, 302), (9, 404), (0, 404)])
def test_version_page_of_current_or_unknown_version(client, world, editor, number, status):
    response = client.get(f"/articles/{world.article.id}/versions/{number}")
    assert response.status_code == status


def test_sentence_panel_shows_the_word_diff_since_review(client, world, make_member, login):
    login(db.session.get(Annotation, world.changed.id).reviewer)
    page = client.get(f"/articles/{world.article.id}/sentences/1").text
    assert "Changed since review" in page
    added = '<ins><span class="visually-hidden">[added: </span> Board<span'
    assert added in page


def test_attach_puts_the_annotation_on_the_sentence(client, world, editor):
    url = f"/articles/{world.article.id}/unplaced/annotation/{world.unplaced.id}/attach"
    response = client.post(url, data={f"annotation-{world.unplaced.id}-sentence": "3"})
    assert response.status_code == 302
    assert response.location.endswith("#s2")
    annotation = db.session.get(Annotation, world.unplaced.id)
    assert annotation.sentence.index == 2


@pytest.mark.parametrize(
    ("value", "message"),
    [("", "Give the number"), ("0", "Give the number"), ("99", "Choose a sentence")],
)
def test_attach_refuses_a_bad_sentence_number(client, world, editor, value, message):
    url = f"/articles/{world.article.id}/unplaced/annotation/{world.unplaced.id}/attach"
    response = client.post(
        url, data={f"annotation-{world.unplaced.id}-sentence": value}, follow_redirects=True
    )
    assert message in response.text
    placed = db.session.scalar(sa.select(Annotation.sentence_id).filter_by(id=world.unplaced.id))
    assert placed is None


def test_attach_unknown_kind_is_not_found(client, world, editor):
    url = f"/articles/{world.article.id}/unplaced/note/{world.unplaced.id}/attach"
    response = client.post(url, data={f"note-{world.unplaced.id}-sentence": "1"})
    assert response.status_code == 404


@pytest.mark.parametrize(
    "path",
    ["/articles/{article}/revise", "/articles/{article}/unplaced/annotation/{unplaced}/attach"],
)
def test_revision_post_without_csrf_token_is_refused(database_url, world, make_member, path):
    from annotator import create_app
    from tests.conftest import PASSWORD, base_config

    editor = make_member(Role.editor)
    app = create_app(base_config(database_url) | {"WTF_CSRF_ENABLED": True})
    with app.test_client() as client:
        client.post("/login", data={"email": editor.email, "password": PASSWORD})
        url = path.format(article=world.article.id, unplaced=world.unplaced.id)
        response = client.post(url, data={"title": "Talks", "text": V3})
    assert response.status_code == 400
