"""Every review route answered for each role, for a member of another team, and without CSRF."""

from dataclasses import dataclass

import pytest

from annotator.extensions import db
from annotator.models import NotificationKind, Role, Verdict
from annotator.services.annotations import AnnotationEntry, annotate_sentence
from annotator.services.articles import ArticleDraft, import_article
from annotator.services.discussion import post_comment
from annotator.services.inbox import notify
from annotator.services.teams import create_team

TEXT = "Officials met in Geneva. They reported to the International Narcotics Control."
ROLES = ["viewer", "reviewer", "editor", "admin", "outsider"]
EVERYONE = {"viewer", "reviewer", "editor", "admin"}
WRITERS = {"reviewer", "editor", "admin"}
EDITORS = {"editor", "admin"}


@dataclass
class World:
    article: object
    flag: object
    thread: object
    author: object


@pytest.fixture
def world(team, make_member):
    article = import_article(team, None, ArticleDraft("Talks", TEXT)).article
    article.reviewers_wanted = 5
    author = make_member(Role.reviewer, name="Ada Author")
    editor = make_member(Role.editor, name="Eve Editor")
    sentence = article.sentences[1]
    flag = annotate_sentence(author, sentence, AnnotationEntry(Verdict.disputed, "No such body"))
    thread = post_comment(editor, sentence, "Which body is meant?")
    db.session.commit()
    return World(article, flag, thread, author)


@pytest.fixture
def acting(request, make_member, login):
    """Log in a member with the role under test (or a member of another team)."""
    role = request.param
    if role == "outsider":
        user = make_member(Role.admin, in_team=create_team("Elsewhere", "elsewhere"))
    else:
        user = make_member(Role(role))
    login(user)
    return role, user


def sentence_url(w, suffix=""):
    return f"/articles/{w.article.id}/sentences/1{suffix}"


#: (name, method, url builder, form data builder, roles allowed, status when allowed)
ROUTES = [
    ("history", "get", lambda w, u: sentence_url(w, "/history"), None, EVERYONE, 200),
    ("activity", "get", lambda w, u: f"/articles/{w.article.id}/activity", None, EVERYONE, 200),
    ("article page", "get", lambda w, u: f"/articles/{w.article.id}", None, EVERYONE, 200),
    ("sentence page", "get", lambda w, u: sentence_url(w), None, EVERYONE, 200),
    ("settle board", "get", lambda w, u: f"/articles/{w.article.id}/settle", None, EDITORS, 200),
    (
        "assignments",
        "get",
        lambda w, u: f"/articles/{w.article.id}/assignments",
        None,
        EDITORS,
        200,
    ),
    (
        "respond",
        "post",
        lambda w, u: f"/annotations/{w.flag.id}/response",
        lambda w, u: {"stance": "agree"},
        WRITERS,
        302,
    ),
    (
        "comment",
        "post",
        lambda w, u: sentence_url(w, "/comments"),
        lambda w, u: {"body": "I think @Ada is right."},
        WRITERS,
        302,
    ),
    (
        "resolve",
        "post",
        lambda w, u: sentence_url(w, f"/comments/{w.thread.id}/resolve"),
        lambda w, u: {},
        WRITERS,
        302,
    ),
    (
        "settle",
        "post",
        lambda w, u: sentence_url(w, "/settle"),
        lambda w, u: {"verdict": "disputed", "rationale": "No such body exists."},
        EDITORS,
        302,
    ),
    ("reopen", "post", lambda w, u: sentence_url(w, "/reopen"), lambda w, u: {}, EDITORS, 302),
    (
        "workflow",
        "post",
        lambda w, u: f"/articles/{w.article.id}/state",
        lambda w, u: {"state": "in_review"},
        EDITORS,
        302,
    ),
    (
        "blind review",
        "post",
        lambda w, u: f"/articles/{w.article.id}/blind-review",
        lambda w, u: {"blind": "off"},
        EDITORS,
        302,
    ),
    (
        "assign",
        "post",
        lambda w, u: f"/articles/{w.article.id}/assignments",
        lambda w, u: {"reviewer_id": str(w.author.id), "due_on": "2027-01-31"},
        EDITORS,
        302,
    ),
    (
        "unassign",
        "post",
        lambda w, u: f"/articles/{w.article.id}/assignments/{w.author.id}/remove",
        lambda w, u: {},
        EDITORS,
        302,
    ),
    (
        "reviewers wanted",
        "post",
        lambda w, u: f"/articles/{w.article.id}/reviewers-wanted",
        lambda w, u: {"count": "3"},
        EDITORS,
        302,
    ),
    ("take", "post", lambda w, u: f"/articles/{w.article.id}/take", lambda w, u: {}, WRITERS, 302),
]


@pytest.mark.parametrize("acting", ROLES, indirect=True)
@pytest.mark.parametrize(
    ("method", "make_url", "make_data", "allowed", "ok"),
    [route[1:] for route in ROUTES],
    ids=[route[0] for route in ROUTES],
)
def test_review_route_answers_by_role(
    client, world, acting, method, make_url, make_data, allowed, ok
):
    role, user = acting
    url = make_url(world, user)
    data = make_data(world, user) if make_data else None
    response = client.open(url, method=method.upper(), data=data)
    expected = 404 if role == "outsider" else (ok if role in allowed else 403)
    assert response.status_code == expected, response.text[:500]


@pytest.mark.parametrize("acting", ROLES, indirect=True)
@pytest.mark.parametrize("path", ["/review", "/assigned", "/inbox/"])
def test_personal_pages_answer_every_member(client, world, acting, path):
    assert client.get(path).status_code == 200


@pytest.mark.parametrize("acting", ROLES, indirect=True)
def test_inbox_opens_own_message_only(client, world, acting):
    _, user = acting
    mine = notify(user.id, NotificationKind.mention, None, world.article, "Hello", 1)
    theirs = notify(world.author.id, NotificationKind.mention, None, world.article, "Hi", 1)
    db.session.commit()
    assert client.post(f"/inbox/{mine.id}/open").status_code == 302
    assert client.post(f"/inbox/{theirs.id}/open").status_code == 404
    assert client.post("/inbox/read").status_code == 302


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("/annotations/{flag}/response", {"stance": "agree"}),
        ("/articles/{article}/sentences/1/comments", {"body": "Hello"}),
        ("/articles/{article}/sentences/1/settle", {"verdict": "disputed", "rationale": "x"}),
        ("/articles/{article}/state", {"state": "in_review"}),
        ("/inbox/read", {}),
    ],
)
def test_review_post_without_csrf_token_is_refused(
    app, client, login, world, make_member, path, data
):
    login(make_member(Role.editor))
    # CSRF protection is read per request: switched on here as in production.
    app.config["WTF_CSRF_ENABLED"] = True
    response = client.post(path.format(flag=world.flag.id, article=world.article.id), data=data)
    assert response.status_code == 400
    assert "CSRF" in response.text
