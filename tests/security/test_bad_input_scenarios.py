"""Bad input over several steps: what one path accepts, every other path reads back; what one
path refuses, no other path lets in, and a refusal leaves every record as it was.

The one-request cases live in the table of test_bad_input.py; these need a few steps each.
"""

import copy
import json

import pytest

from annotator import limits
from annotator.exports.readmodel import ExportContext, load_export
from annotator.exports.registry import FORMATS
from annotator.extensions import db
from annotator.models import Annotation, Role, Source, Team, Verdict
from annotator.services.annotations import AnnotationEntry, SourceEntry, annotate_sentence
from annotator.services.articles import ArticleDraft, import_article
from annotator.services.tokens import create_token
from tests.conftest import row_counts

TEXT = "The mayor said the bridge cost 4 million euros. The council disputes that figure."
JSON = {"Accept": "application/json"}


def sources(count: int) -> list[dict]:
    return [
        {"url": f"https://example.org/{n}", "title": f"Source {n}", "quote": f"Quote {n}"}
        for n in range(count)
    ]


def form_rows(count: int) -> dict:
    """The annotation form's fields for this many filled source rows."""
    rows = {}
    for n, source in enumerate(sources(count)):
        rows.update({f"sources-{n}-{part}": value for part, value in source.items()})
    return rows


@pytest.fixture
def article(team):
    article = import_article(team, None, ArticleDraft("Bridge", TEXT)).article
    db.session.commit()
    return article


@pytest.fixture
def reviewer(make_member):
    return make_member(Role.reviewer)


@pytest.fixture
def token(reviewer):
    _, secret = create_token(reviewer, "script")
    db.session.commit()
    return {"Authorization": f"Bearer {secret}"}


def sentence_page(article, index: int = 0) -> str:
    return f"/articles/{article.id}/sentences/{index}"


def stored_sources(article, reviewer) -> list[str]:
    annotation = db.session.scalar(
        db.select(Annotation).where(
            Annotation.article_id == article.id, Annotation.reviewer_id == reviewer.id
        )
    )
    db.session.refresh(annotation)
    return [source.url for source in annotation.sources]


# --- the most sources a flag may cite --------------------------------------------------------


def test_most_sources_saved_by_the_api_open_on_the_page_and_in_the_panel(
    client, login, article, reviewer, token
):
    body = {"verdict": "disputed", "sources": sources(limits.SOURCES)}
    api = client.put(f"/api/v1{sentence_page(article)}/annotation", json=body, headers=token)
    assert api.status_code == 200, api.text
    login(reviewer)
    page = client.get(sentence_page(article))
    panel = client.get(sentence_page(article), headers=JSON)
    assert page.status_code == panel.status_code == 200
    for shown in (page.text, panel.get_json()["panel"]):
        assert shown.count('class="source-row"') == limits.SOURCES  # no empty row offered
        assert f"https://example.org/{limits.SOURCES - 1}" in shown
        assert f"A flag cites at most {limits.SOURCES} sources." in shown
    assert len(stored_sources(article, reviewer)) == limits.SOURCES


def test_most_sources_saved_by_the_form_open_again(client, login, article, reviewer):
    login(reviewer)
    data = {"set_verdict": "disputed", "version": "0", **form_rows(limits.SOURCES)}
    saved = client.post(f"{sentence_page(article)}/annotation", data=data, headers=JSON)
    assert saved.status_code == 200, saved.text
    assert saved.get_json()["panel"].count('class="source-row"') == limits.SOURCES
    assert client.get(sentence_page(article)).status_code == 200
    assert len(stored_sources(article, reviewer)) == limits.SOURCES


def test_one_source_too_many_on_the_form_is_a_422_that_keeps_every_row(
    client, login, article, reviewer
):
    login(reviewer)
    annotate_sentence(reviewer, article.sentences[0], AnnotationEntry(Verdict.verified))
    db.session.commit()
    before = row_counts()
    data = {"set_verdict": "disputed", "version": "1", **form_rows(limits.SOURCES + 1)}
    page = client.post(f"{sentence_page(article)}/annotation", data=data)
    assert page.status_code == 422
    assert f"Cite at most {limits.SOURCES} sources: remove 1 of the 11." in page.text
    assert page.text.count('class="source-row"') == limits.SOURCES + 1  # nothing dropped
    assert f"https://example.org/{limits.SOURCES}" in page.text
    panel = client.post(f"{sentence_page(article)}/annotation", data=data, headers=JSON)
    assert panel.status_code == 422
    assert "sources" in panel.get_json()["error"]["fields"]
    assert row_counts() == before
    assert stored_sources(article, reviewer) == []


def test_one_source_too_many_through_the_api_is_a_422(client, article, reviewer, token):
    body = {"verdict": "disputed", "sources": sources(limits.SOURCES + 1)}
    before = row_counts()
    answer = client.put(f"/api/v1{sentence_page(article)}/annotation", json=body, headers=token)
    assert answer.status_code == 422
    assert "sources" in answer.get_json()["error"]["fields"]
    assert row_counts() == before


def test_a_flag_stored_with_more_sources_than_allowed_still_opens_whole(
    client, login, article, reviewer
):
    """An older row past the limit is shown whole, never cut: saving it asks to remove one."""
    flag = annotate_sentence(reviewer, article.sentences[0], AnnotationEntry(Verdict.verified))
    flag.sources = [
        Source(position=n, url=f"https://example.org/{n}", title="", quote="")
        for n in range(limits.SOURCES + 2)
    ]
    db.session.commit()
    login(reviewer)
    page = client.get(sentence_page(article))
    assert page.status_code == 200
    assert page.text.count('class="source-row"') == limits.SOURCES + 2


@pytest.fixture
def other_team(app):
    team = Team(name="Other desk", slug="other-desk")
    db.session.add(team)
    db.session.commit()
    return team


def exported(article) -> dict:
    export = load_export(article, ExportContext("https://factcheck.example.org/"))
    return json.loads(b"".join(FORMATS["json"].chunks(export)))


def test_json_import_with_one_source_too_many_writes_nothing(
    runner, article, reviewer, other_team, tmp_path
):
    entry = AnnotationEntry(Verdict.disputed, sources=[SourceEntry("https://example.org/")])
    annotate_sentence(reviewer, article.sentences[0], entry)
    db.session.commit()
    document = copy.deepcopy(exported(article))
    document["annotations"][0]["sources"] = sources(limits.SOURCES + 1)
    path = tmp_path / "article.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    before = row_counts()
    result = runner.invoke(args=["article", "import-json", str(path), "--team", other_team.slug])
    assert result.exit_code == 1
    assert "annotations/0/sources: more than 10 items" in result.output
    assert row_counts() == before
