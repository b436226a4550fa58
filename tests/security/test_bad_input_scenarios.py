"""Bad input over several steps: what one path accepts, every other path reads back; what one
path refuses, no other path lets in, and a refusal leaves every record as it was.

The one-request cases live in the table of test_bad_input.py; these need a few steps each.
"""

import copy
import json
import re

import pytest

from annotator import limits
from annotator.exports.readmodel import ExportContext, load_export
from annotator.exports.registry import FORMATS
from annotator.extensions import db
from annotator.models import Annotation, Role, Source, Team, Verdict
from annotator.services.annotations import AnnotationEntry, SourceEntry, annotate_sentence
from annotator.services.articles import ArticleDraft, import_article
from annotator.services.tokens import create_token
from annotator.services.visibility import host_visibility
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
    assert "Your verdict is not saved: correct the marked fields." in page.text
    assert re.search(r'value="disputed"[^>]*aria-pressed="true"', page.text)  # still chosen
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
    export = load_export(
        article, ExportContext("https://factcheck.example.org/"), host_visibility(article)
    )
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


# --- characters no field may hold, on the paths that are not a request's fields -------------


@pytest.fixture
def editor(make_member):
    return make_member(Role.editor)


def names_list(team) -> list[tuple]:
    from annotator.services.names import team_names

    return [(row.name, row.kind.value, row.aliases) for row in team_names(team.id)]


@pytest.mark.parametrize(
    "content",
    [
        b"name,kind,aliases\nCity council,body,\nCity\x00hall,body,\n",
        b"name,kind,aliases\nCity council,body,Coun\x00cil\n",
        b"na\x00me,kind\nCity council,body\n",
        b"name,kind,notes\nCity council,body,\x1b[2J\n",
    ],
)
def test_a_names_csv_holding_nul_or_escapes_leaves_the_list_as_it_was(
    client, login, team, editor, content
):
    from io import BytesIO

    from annotator.services.names import NameEntry, add_name

    add_name(editor, team.id, NameEntry("Police", "body", "Cops"))
    db.session.commit()
    before, counts = names_list(team), row_counts()
    login(editor)
    page = client.post(
        f"/teams/{team.slug}/names/import",
        data={"file": (BytesIO(content), "names.csv")},
        content_type="multipart/form-data",
    )
    assert page.status_code == 422
    assert 'id="file-error"' in page.text
    assert "Unusable characters: a control character" in page.text
    assert "Nothing was imported: the list is as it was." in page.text
    assert names_list(team) == before
    assert row_counts() == counts


def test_a_names_csv_within_the_rules_still_imports(client, login, team, editor):
    from io import BytesIO

    login(editor)
    content = b"name,kind,aliases\r\nCity council,body,Council; Town hall\r\n"
    response = client.post(
        f"/teams/{team.slug}/names/import",
        data={"file": (BytesIO(content), "names.csv")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    assert names_list(team) == [("City council", "body", "Council\nTown hall")]


def damaged_export(article, reviewer, change) -> dict:
    entry = AnnotationEntry(Verdict.disputed, "Fine note.", sources=[SourceEntry("https://x.org/")])
    annotate_sentence(reviewer, article.sentences[0], entry)
    db.session.commit()
    document = copy.deepcopy(exported(article))
    change(document)
    return document


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["article"].update(title="Bri\x00dge"), "article/title: Unusable characters"),
        (lambda d: d["article"].update(publisher="Dai\x00ly"), "article/publisher: Unusable"),
        (lambda d: d["annotations"][0].update(note="No\x00te"), "annotations/0/note: Unusable"),
        (lambda d: d["annotations"][0].update(note="Bell\x07"), "annotations/0/note: Unusable"),
        (lambda d: d["article"].update(title="Two\nlines"), "article/title: Keep this on one line"),
        (lambda d: d["people"][0].update(name="Ri\tta"), "people/0/name: Keep this on one line"),
        (
            lambda d: d["annotations"][0]["sources"][0].update(quote="\x1b[31m"),
            "annotations/0/sources/0/quote: Unusable characters",
        ),
    ],
)
def test_import_json_holding_nul_or_escapes_writes_nothing(
    runner, article, reviewer, other_team, tmp_path, change, message
):
    path = tmp_path / "article.json"
    path.write_text(json.dumps(damaged_export(article, reviewer, change)), encoding="utf-8")
    before = row_counts()
    result = runner.invoke(args=["article", "import-json", str(path), "--team", other_team.slug])
    assert result.exit_code == 1
    assert message in result.output
    assert row_counts() == before


def test_import_json_keeps_tabs_and_line_breaks_where_text_allows_them(
    runner, article, reviewer, other_team, tmp_path
):
    note = "First line.\r\n\tSecond line."
    document = damaged_export(article, reviewer, lambda d: d["annotations"][0].update(note=note))
    path = tmp_path / "article.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    result = runner.invoke(args=["article", "import-json", str(path), "--team", other_team.slug])
    assert result.exit_code == 0, result.output
    copied = db.session.scalar(db.select(Annotation).where(Annotation.note == note))
    assert copied is not None


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["user", "create", "--email", "x@example.org", "--name", "Ada\x07"], "Unusable"),
        (["user", "create", "--email", "x@example.org", "--name", "Ada\nLovelace"], "one line"),
        (["user", "create", "--email", "x\x00@example.org", "--name", "Ada"], "valid e-mail"),
    ],
)
def test_the_command_line_refuses_what_the_pages_refuse(runner, team, args, message):
    before = row_counts()
    result = runner.invoke(
        args=[*args, "--team", team.slug, "--password-stdin"], input="a long enough password\n"
    )
    assert result.exit_code == 1
    assert message in result.output
    assert row_counts() == before


@pytest.mark.parametrize("title", ["Bridge\tcosts", "Bridge\x1bcosts", "T" * 301])
def test_article_import_on_the_command_line_checks_the_title(runner, team, tmp_path, title):
    path = tmp_path / "story.txt"
    path.write_text("One sentence. Two sentences.", encoding="utf-8")
    before = row_counts()
    result = runner.invoke(
        args=["article", "import", str(path), "--team", team.slug, "--title", title]
    )
    assert result.exit_code == 1
    assert row_counts() == before


def test_a_note_keeps_its_tabs_and_line_breaks_on_every_path(
    client, login, article, reviewer, token
):
    note = "First line.\r\n\tSecond line."
    body = {"verdict": "disputed", "note": note}
    api = client.put(f"/api/v1{sentence_page(article)}/annotation", json=body, headers=token)
    assert api.status_code == 200, api.text
    assert api.get_json()["note"] == note
    login(reviewer)
    data = {"set_verdict": "verified", "note": note, "version": "1"}
    saved = client.post(f"{sentence_page(article)}/annotation", data=data, headers=JSON)
    assert saved.status_code == 200, saved.text
