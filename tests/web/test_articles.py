"""The article list, import form and article page."""

import io

import pytest
import sqlalchemy as sa

from annotator.extensions import db
from annotator.models import Article, Role, Sentence
from annotator.services.articles import ArticleDraft, import_article
from annotator.services.teams import create_team

TEXT = "Headline\nThe U.S. team won. It was Jan. 30 and the crowd cheered."


def article_count() -> int:
    return db.session.scalar(sa.select(sa.func.count(Article.id)))


@pytest.fixture
def editor(make_member, login):
    return login(make_member(Role.editor, name="Eddie Editor"))


def test_paste_import_creates_article_and_redirects(client, editor):
    response = client.post(
        "/articles/new",
        data={
            "title": "Win",
            "text": TEXT,
            "language": "en",
            "source_url": "https://example.org/a",
            "publisher": "Daily",
            "published_on": "2024-01-30",
        },
    )
    assert response.status_code == 302
    article = db.session.scalar(sa.select(Article))
    assert response.headers["Location"].endswith(f"/articles/{article.id}")
    assert article.publisher == "Daily"
    assert article.published_on.isoformat() == "2024-01-30"
    page = client.get(f"/articles/{article.id}")
    assert "The U.S. team won." in page.text


def test_paste_import_splits_by_the_rules_of_the_chosen_language(client, editor):
    text = "La Sra. Olivar defendió las cuentas. Todo salió bien."
    data = {"title": "Cuentas", "text": text, "language": "es", "source_url": "", "publisher": ""}
    assert client.post("/articles/new", data=data).status_code == 302
    article = db.session.scalar(sa.select(Article))
    texts = [s.text_in(article.text) for s in article.sentences]
    assert texts == ["La Sra. Olivar defendió las cuentas.", "Todo salió bien."]


@pytest.mark.parametrize(("language", "noted"), [("nl", True), ("pt-BR", False), ("en", False)])
def test_article_page_says_when_sentence_rules_are_not_built_in(client, editor, language, noted):
    data = {"title": "Story", "text": "Het nieuws. Meer.", "language": language}
    assert client.post("/articles/new", data=data).status_code == 302
    article = db.session.scalar(sa.select(Article))
    page = client.get(f"/articles/{article.id}").text
    note = f"Sentence rules for {language} are not built in; English-like rules used."
    assert (note in page) is noted


@pytest.mark.parametrize(
    ("filename", "content", "expected_title", "expected_text"),
    [
        (
            "story.txt",
            b"Big headline\nFirst sentence. Second one.",
            "Big headline",
            "First sentence.",
        ),
        (
            "story.md",
            b"# Markdown title\n\nSome *emphasis* here. More.\n",
            "Markdown title",
            "Some emphasis here.",
        ),
        (
            "page.html",
            b"<html><head><title>Page title</title></head><body><nav>Menu</nav><article>"
            b"<p>First paragraph of the story is here and long enough to count as text.</p>"
            b"<p>Second paragraph follows with more words in it for the extractor.</p>"
            b"</article></body></html>",
            "Page title",
            "Second paragraph follows",
        ),
    ],
)
def test_upload_import_reads_each_format(
    client, editor, filename, content, expected_title, expected_text
):
    response = client.post(
        "/articles/new",
        data={
            "file": (io.BytesIO(content), filename),
            "language": "en",
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 302, response.text
    article = db.session.scalar(sa.select(Article))
    assert article.title == expected_title
    assert expected_text in article.text


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"title": "T", "text": "", "language": "en"}, "Paste the article"),
        ({"title": "", "text": "Some text.", "language": "en"}, "Enter a title"),
        (
            {
                "title": "T",
                "text": "Some text.",
                "language": "en",
                "source_url": "javascript:alert(1)",
            },
            "http",
        ),
        ({"title": "T" * 301, "text": "Some text.", "language": "en"}, "300"),
        (
            {"title": "T", "text": "Some text.", "language": "en", "published_on": "yesterday"},
            "Not a valid date",
        ),
        (
            {"title": "T", "file": (io.BytesIO(b"\x89PNG\x00\x00"), "image.txt"), "language": "en"},
            "binary",
        ),
        (
            {
                "title": "T",
                "file": (io.BytesIO("caf\xe9".encode("latin-1")), "a.txt"),
                "language": "en",
            },
            "not UTF-8",
        ),
        ({"title": "T", "file": (io.BytesIO(b"data"), "a.pdf"), "language": "en"}, "Upload a .txt"),
    ],
)
def test_import_rejects_bad_input_with_message(client, editor, data, message):
    response = client.post("/articles/new", data=data, content_type="multipart/form-data")
    assert response.status_code == 422
    assert message in response.text
    assert article_count() == 0


def test_oversized_upload_answers_413_page(app, client, editor):
    app.config["MAX_CONTENT_LENGTH"] = 1000
    response = client.post(
        "/articles/new",
        data={
            "title": "T",
            "file": (io.BytesIO(b"a" * 5000), "big.txt"),
            "language": "en",
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 413
    assert "Too large" in response.text
    assert article_count() == 0


def test_oversized_text_is_refused_on_the_form(app, client, editor):
    app.config["MAX_ARTICLE_BYTES"] = 50
    response = client.post(
        "/articles/new", data={"title": "T", "text": "word " * 20, "language": "en"}
    )
    assert response.status_code == 422
    assert "limit" in response.text


def test_import_same_text_points_to_existing_article(client, editor, team):
    existing = import_article(team, None, ArticleDraft("First", TEXT)).article
    db.session.commit()
    response = client.post("/articles/new", data={"title": "Again", "text": TEXT, "language": "en"})
    assert response.headers["Location"].endswith(f"/articles/{existing.id}")
    assert article_count() == 1


@pytest.mark.parametrize("role", [Role.viewer, Role.reviewer])
def test_import_page_refuses_non_editors(client, make_member, login, role):
    login(make_member(role))
    response = client.post("/articles/new", data={"title": "T", "text": TEXT, "language": "en"})
    assert response.status_code == 403
    assert "Only editors can import articles." in response.text
    assert client.get("/articles/new").status_code == 403
    assert article_count() == 0


def test_article_list_shows_progress(client, team, editor):
    import_article(team, None, ArticleDraft("Listed", TEXT))
    db.session.commit()
    page = client.get("/")
    assert "Listed" in page.text
    assert "0 of 3 judged · 0 settled" in page.text


def test_other_teams_article_answers_404_without_title(client, make_member, login):
    other = create_team("Rival desk", "rival-desk")
    secret = import_article(other, None, ArticleDraft("Secret scoop", TEXT)).article
    db.session.commit()
    login(make_member(Role.admin))
    response = client.get(f"/articles/{secret.id}")
    assert response.status_code == 404
    assert "Secret scoop" not in response.text
    assert client.get(f"/articles/{secret.id}/sentences/0").status_code == 404


def test_missing_article_answers_json_404(client, editor):
    response = client.get("/articles/999", headers={"Accept": "application/json"})
    assert response.status_code == 404
    assert response.json["error"]["code"] == "notfound"


def test_team_switch_changes_article_list(client, team, make_member, login):
    user = login(make_member(Role.editor))
    other = create_team("Second", "second")
    from annotator.services.teams import set_membership

    set_membership(other, user, Role.viewer)
    import_article(other, None, ArticleDraft("Other team story", TEXT))
    db.session.commit()
    assert "Other team story" not in client.get("/").text
    client.post("/teams/switch", data={"team_id": other.id})
    assert "Other team story" in client.get("/").text
    assert client.post("/teams/switch", data={"team_id": 999}).status_code == 404


def test_team_switch_without_a_team_is_bad_input(client, make_member, login):
    login(make_member(Role.viewer))
    assert client.post("/teams/switch", data={}).status_code == 422


def test_import_failing_midway_leaves_nothing(client, editor, monkeypatch):
    from annotator.services import articles

    def broken(_text):
        raise RuntimeError("segmenter crashed")

    monkeypatch.setattr(articles, "split_sentences", broken)
    response = client.post("/articles/new", data={"title": "T", "text": TEXT, "language": "en"})
    assert response.status_code == 500
    assert article_count() == 0
    assert db.session.scalar(sa.select(sa.func.count(Sentence.id))) == 0


def test_import_form_shows_every_problem_at_once(client, editor):
    """A bad date (the form's check) and a missing text (the service's) in one answer."""
    data = {"title": "", "text": " ", "published_on": "2026-02-31", "language": "en"}
    response = client.post("/articles/new", data=data)
    assert response.status_code == 422
    for field in ("published_on", "text"):
        assert f'id="{field}-error"' in response.text
    assert db.session.query(Article).count() == 0


def test_an_uploaded_file_is_read_whole_after_the_checks(client, editor):
    content = b"The first sentence of the upload. The second one ends it."
    response = client.post(
        "/articles/new",
        data={"title": "Upload", "file": (io.BytesIO(content), "story.txt"), "language": "en"},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    assert db.session.scalar(sa.select(Article.text)) == content.decode()
