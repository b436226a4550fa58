"""Downloading exports from the article page: every role may, outsiders may not."""

import dataclasses

import pytest

from annotator.exports import registry
from annotator.extensions import db
from annotator.models import Role, Team
from annotator.services.articles import ArticleDraft, import_article

TEXT = "Officials met in Geneva. They reported to the International Narcotics Control."
FORMAT_NAMES = ["html", "md", "csv", "json", "w3c", "claimreview"]


@pytest.fixture
def article(team) -> int:
    """The article's id: requests run in their own session, which detaches loaded rows."""
    article = import_article(team, None, ArticleDraft("Talks", TEXT)).article
    db.session.commit()
    return article.id


def url(article: int, name="html", **query):
    suffix = "".join(f"?{key}={value}" for key, value in query.items())
    return f"/articles/{article}/export/{name}{suffix}"


def without_pdf(monkeypatch, reason: str) -> None:
    """Pretend WeasyPrint's system libraries are missing."""
    entry = dataclasses.replace(registry.FORMATS["pdf"], unavailable=lambda: reason)
    monkeypatch.setitem(registry.FORMATS, "pdf", entry)


@pytest.mark.parametrize("role", list(Role))
def test_download_serves_attachment_for_every_role(client, make_member, login, article, role):
    login(make_member(role))
    response = client.get(url(article, "json"))
    assert response.status_code == 200
    assert (
        response.headers["Content-Disposition"] == f'attachment; filename="article-{article}.json"'
    )
    assert response.get_json()["article"]["title"] == "Talks"


@pytest.mark.parametrize("name", FORMAT_NAMES)
def test_download_serves_each_format_with_its_media_type(client, make_member, login, article, name):
    login(make_member(Role.viewer))
    response = client.get(url(article, name))
    assert response.status_code == 200
    assert response.content_type == registry.FORMATS[name].media_type
    assert response.data


def test_download_shows_html_report_inline_when_asked(client, make_member, login, article):
    login(make_member(Role.viewer))
    response = client.get(url(article, "html", inline=1))
    assert response.headers["Content-Disposition"].startswith("inline;")
    assert b"<!doctype html>" in response.data


def test_download_redirects_anonymous_visitor_to_login(client, make_member, article):
    make_member(Role.admin)  # with no account at all, every page leads to /setup
    response = client.get(url(article))
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_download_answers_404_to_member_of_another_team(client, make_member, login, article):
    other = Team(name="Other desk", slug="other-desk")
    db.session.add(other)
    db.session.commit()
    login(make_member(Role.admin, in_team=other))
    assert client.get(url(article)).status_code == 404


def test_download_answers_404_to_unknown_format(client, make_member, login, article):
    login(make_member(Role.viewer))
    assert client.get(url(article, "docx")).status_code == 404


def test_download_explains_missing_pdf_support(client, make_member, login, article, monkeypatch):
    without_pdf(monkeypatch, "PDF export is not available.")
    login(make_member(Role.viewer))
    response = client.get(url(article, "pdf"))
    assert response.status_code == 503
    assert "PDF export is not available." in response.text


def test_article_page_offers_every_format(client, make_member, login, article):
    login(make_member(Role.viewer))
    page = client.get(f"/articles/{article}").text
    for name in ["html", "pdf", "md", "csv", "json", "w3c", "claimreview"]:
        assert url(article, name) in page


def test_article_page_says_why_pdf_is_missing(client, make_member, login, article, monkeypatch):
    without_pdf(monkeypatch, "No Pango here.")
    login(make_member(Role.viewer))
    page = client.get(f"/articles/{article}").text
    assert "No Pango here." in page
    assert url(article, "pdf") not in page
