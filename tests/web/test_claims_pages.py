"""Triage, team memory and names pages: every route by role and for another team's member."""

from dataclasses import dataclass

import pytest
import sqlalchemy as sa

from annotator.extensions import db
from annotator.models import Adoption, Annotation, CanonicalName, Role, SentenceTriage, Verdict
from annotator.services.annotations import AnnotationEntry, SourceEntry, annotate_sentence
from annotator.services.articles import ArticleDraft, import_article
from annotator.services.names import NameEntry, add_name
from annotator.services.settling import settle_sentence
from annotator.services.teams import create_team

SETTLED = (
    "Officials met in Geneva. She noted that Beijing has already sent notices to Chinese "
    "companies that make precursors for fentanyl and that incidents are being reported to "
    "the International Narcotics Control."
)
REWORDED = (
    "The weather was fine. Beijing had already sent notices to Chinese firms that make "
    "fentanyl precursors, and incidents are reported to the International Narcotics Control, "
    "Daskal noted."
)
ROLES = ["viewer", "reviewer", "editor", "admin", "outsider"]
EVERYONE = {"viewer", "reviewer", "editor", "admin"}
WRITERS = {"reviewer", "editor", "admin"}
EDITORS = {"editor", "admin"}


@dataclass
class World:
    settled: object
    article: object
    resolution: object
    name: object


@pytest.fixture
def world(team, make_member):
    settled = import_article(team, None, ArticleDraft("Settled talks", SETTLED)).article
    reviewer = make_member(Role.reviewer, name="Ada Author")
    source = SourceEntry("https://www.incb.org/", "INCB")
    entry = AnnotationEntry(Verdict.disputed, "No such body.", None, [source])
    annotate_sentence(reviewer, settled.sentences[1], entry)
    editor = make_member(Role.editor, name="Eve Editor")
    resolution = settle_sentence(editor, settled.sentences[1], Verdict.disputed, "It is INCB.")
    article = import_article(team, None, ArticleDraft("New talks", REWORDED)).article
    name = add_name(editor, team.id, NameEntry("International Narcotics Control Board", "body"))
    db.session.commit()
    return World(settled, article, resolution, name)


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


NAMES = "/teams/demo-newsroom/names"

#: (name, method, url builder, form data, roles allowed, status when allowed)
ROUTES = [
    ("triage", "get", lambda w: f"/articles/{w.article.id}/triage", None, EVERYONE, 200),
    (
        "triage all",
        "get",
        lambda w: f"/articles/{w.article.id}/triage?all=1&dismissed=1",
        None,
        EVERYONE,
        200,
    ),
    (
        "not a claim",
        "post",
        lambda w: f"/articles/{w.article.id}/sentences/0/not-a-claim",
        {},
        WRITERS,
        302,
    ),
    (
        "undo not a claim",
        "post",
        lambda w: f"/articles/{w.article.id}/sentences/0/not-a-claim/undo",
        {},
        WRITERS,
        302,
    ),
    (
        "adopt",
        "post",
        lambda w: f"/articles/{w.article.id}/sentences/1/adopt/{w.resolution.id}",
        {"version": "0"},
        WRITERS,
        302,
    ),
    ("names", "get", lambda w: NAMES, None, EVERYONE, 200),
    ("names export", "get", lambda w: f"{NAMES}/export.csv", None, EVERYONE, 200),
    ("add name", "post", lambda w: NAMES, {"name": "INCB board", "kind": "body"}, EDITORS, 302),
    ("edit name page", "get", lambda w: f"{NAMES}/{w.name.id}/edit", None, EDITORS, 200),
    (
        "edit name",
        "post",
        lambda w: f"{NAMES}/{w.name.id}/edit",
        {"name": "International Narcotics Control Board", "kind": "body", "aliases": "INCB"},
        EDITORS,
        302,
    ),
    ("delete name", "post", lambda w: f"{NAMES}/{w.name.id}/delete", {}, EDITORS, 302),
    ("import names", "post", lambda w: f"{NAMES}/import", {}, EDITORS, 422),
]


@pytest.mark.parametrize("acting", ROLES, indirect=True)
@pytest.mark.parametrize(
    ("method", "make_url", "data", "allowed", "ok"),
    [route[1:] for route in ROUTES],
    ids=[route[0] for route in ROUTES],
)
def test_claims_route_answers_by_role(client, world, acting, method, make_url, data, allowed, ok):
    role, _ = acting
    response = client.open(make_url(world), method=method.upper(), data=data)
    expected = 404 if role == "outsider" else (ok if role in allowed else 403)
    assert response.status_code == expected, response.text[:500]


@pytest.fixture
def reviewer(make_member, login):
    return login(make_member(Role.reviewer, name="Rita Reviewer"))


@pytest.fixture
def editor(make_member, login):
    return login(make_member(Role.editor, name="Ed Editor"))


def test_triage_page_lists_check_worthy_sentences_with_reasons(client, world, reviewer):
    page = client.get(f"/articles/{world.article.id}/triage").text
    assert "Beijing had already sent notices" in page
    assert "named people and organisations" in page
    assert "The weather was fine." not in page
    assert "did you mean <strong>International Narcotics Control Board</strong>" in page


def test_triage_page_of_every_sentence_shows_the_plain_ones(client, world, reviewer):
    assert "The weather was fine." in client.get(f"/articles/{world.article.id}/triage?all=1").text


def test_not_a_claim_then_undo_from_the_sentence_page(client, world, reviewer):
    url = f"/articles/{world.article.id}/sentences/1/not-a-claim"
    response = client.post(url, data={"back": "sentence"})
    assert response.headers["Location"].endswith(f"/articles/{world.article.id}/sentences/1")
    row = db.session.scalars(
        sa.select(SentenceTriage).where(SentenceTriage.sentence_id == world.article.sentences[1].id)
    ).one()
    assert row.dismissed
    assert "Beijing had" not in client.get(f"/articles/{world.article.id}/triage").text
    client.post(url + "/undo")
    db.session.refresh(row)
    assert not row.dismissed


def test_sentence_panel_shows_the_settled_match_and_the_name_hint(client, world, reviewer):
    page = client.get(f"/articles/{world.article.id}/sentences/1").text
    assert "Settled as" in page
    assert "Settled talks" in page
    assert "https://www.incb.org/" in page
    assert "Adopt this verdict and its sources" in page
    assert "“International Narcotics Control”: did you mean" in page


def test_sentence_panel_shows_settled_matches_under_independent_review(client, world, reviewer):
    world.article.blind_review = True
    db.session.commit()
    assert "Settled as" in client.get(f"/articles/{world.article.id}/sentences/1").text


def test_adopt_copies_the_verdict_and_shows_where_it_came_from(client, world, reviewer):
    url = f"/articles/{world.article.id}/sentences/1/adopt/{world.resolution.id}"
    assert client.post(url, data={"version": "0"}).status_code == 302
    annotation = db.session.scalars(
        sa.select(Annotation).where(Annotation.reviewer_id == reviewer.id)
    ).one()
    assert annotation.verdict is Verdict.disputed
    assert db.session.get(Adoption, annotation.id).origin_article_id == world.settled.id
    page = client.get(f"/articles/{world.article.id}/sentences/1").text
    assert "Your verdict was adopted" in page


def test_adopt_with_a_stale_version_saves_nothing(client, world, reviewer):
    url = f"/articles/{world.article.id}/sentences/1/adopt/{world.resolution.id}"
    response = client.post(url, data={"version": "3"}, follow_redirects=True)
    assert "Nothing adopted" in response.text
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Adoption)) == 0


def test_adopt_of_another_teams_settlement_is_not_found(client, world, reviewer, make_member):
    theirs = create_team("Theirs", "theirs")
    other = import_article(theirs, None, ArticleDraft("Their talks", SETTLED)).article
    editor = make_member(Role.editor, in_team=theirs)
    resolution = settle_sentence(editor, other.sentences[1], Verdict.verified, "Fine.")
    db.session.commit()
    url = f"/articles/{world.article.id}/sentences/1/adopt/{resolution.id}"
    assert client.post(url, data={"version": "0"}).status_code == 404


def test_names_page_lists_names_and_offers_editing_to_editors(client, world, editor):
    page = client.get(NAMES).text
    assert "International Narcotics Control Board" in page
    assert "Add a name" in page


def test_names_page_offers_no_editing_to_viewers(client, world, make_member, login):
    login(make_member(Role.viewer))
    assert "Add a name" not in client.get(NAMES).text


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "", "kind": "body"}, "This field is required"),
        ({"name": "International Narcotics Control Board", "kind": "body"}, "already"),
    ],
)
def test_add_name_with_bad_input_shows_the_error(client, world, editor, data, message):
    response = client.post(NAMES, data=data)
    assert response.status_code == 422
    assert message in response.text


def test_edit_name_with_a_taken_name_shows_the_error(client, world, editor):
    add_name(editor, world.name.team_id, NameEntry("Beijing", "place"))
    db.session.commit()
    response = client.post(
        f"{NAMES}/{world.name.id}/edit", data={"name": "beijing", "kind": "place"}
    )
    assert response.status_code == 422
    assert "already" in response.text


def test_edit_name_of_another_team_is_not_found(client, world, editor, make_member):
    theirs = create_team("Theirs", "theirs")
    admin = make_member(Role.admin, in_team=theirs)
    make_member(Role.editor, in_team=theirs)
    row = add_name(admin, theirs.id, NameEntry("Elsewhere Board"))
    db.session.commit()
    assert client.get(f"{NAMES}/{row.id}/edit").status_code == 404
    assert client.get(f"/teams/theirs/names/{row.id}/edit").status_code == 404


def test_names_of_a_team_that_does_not_exist_are_not_found(client, world, editor):
    assert client.get("/teams/nowhere/names").status_code == 404


def test_import_names_csv_adds_names(client, world, editor):
    from io import BytesIO

    csv_bytes = b"name,kind,aliases\nWang Xiaohong,person,\n"
    response = client.post(
        f"{NAMES}/import",
        data={"file": (BytesIO(csv_bytes), "names.csv")},
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    assert "1 added, 0 updated" in response.text
    assert db.session.scalar(sa.select(sa.func.count()).select_from(CanonicalName)) == 2


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        (b"\xff\xfe not utf-8", "UTF-8"),
        (b"name,kind\nBeijing,planet\n", "Line 2"),
        (b"name,kind\nBei\x00jing,place\n", "Line 2: Unusable characters"),
        (b"name,kind,notes\nBeijing,place,\x1b[31m\n", "Line 2: Unusable characters"),
        (b"name,kind,aliases\nBeijing,place,Pe\tking\n", "Alias 1: Keep this on one line"),
    ],
)
def test_import_names_csv_refuses_bad_files(client, world, editor, payload, message):
    from io import BytesIO

    response = client.post(
        f"{NAMES}/import",
        data={"file": (BytesIO(payload), "names.csv")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    assert message in response.text
    assert "Nothing was imported: the list is as it was." in response.text
    assert db.session.scalar(sa.select(sa.func.count()).select_from(CanonicalName)) == 1


def test_export_names_csv_downloads_the_list(client, world, editor):
    response = client.get(f"{NAMES}/export.csv")
    assert response.mimetype == "text/csv"
    assert "International Narcotics Control Board,body," in response.text


def test_article_page_links_to_triage(client, world, reviewer):
    page = client.get(f"/articles/{world.article.id}").text
    assert f"/articles/{world.article.id}/triage" in page
