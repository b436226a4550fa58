"""Exports of a revised article: they name the version, and W3C dates the revised text."""

import json
import subprocess
import sys
from datetime import UTC, datetime

import pytest

from annotator.exports.readmodel import load_export
from annotator.exports.registry import FORMATS
from annotator.extensions import db
from annotator.services.articles import ArticleDraft
from annotator.services.revisions import find_version, revise_article
from annotator.services.visibility import host_visibility
from tests.conftest import REPOSITORY

from .conftest import shared_tools

V2 = REPOSITORY / "seeds" / "revisions" / "000_47b76f7429a7529b.v2.txt"
REVISED_AT = datetime(2024, 2, 2, 9, 30, tzinfo=UTC)


@pytest.fixture
def revised_export(seeded, editor, context):
    revise_article(seeded, editor, ArticleDraft(seeded.title, V2.read_text(encoding="utf-8")))
    seeded.version_dated = REVISED_AT
    db.session.commit()
    return load_export(seeded, context, host_visibility(seeded))


def rendered(export, name: str) -> str:
    return b"".join(FORMATS[name].chunks(export)).decode("utf-8")


def test_w3c_export_of_a_revised_article_dates_the_text_each_verdict_was_given_to(
    revised_export,
):
    items = json.loads(rendered(revised_export, "w3c"))["first"]["items"]
    states = [item["target"]["state"] for item in items]
    now = [state["sourceDate"] for state in states if "cached" not in state]
    judged = {(state["sourceDate"], state["cached"]) for state in states if "cached" in state}
    first = f"{revised_export.context.iri('')}articles/{revised_export.article.id}/versions/1"
    assert set(now) == {"2024-02-02T09:30:00Z"}
    assert judged == {("2024-02-01T09:30:00Z", first)}


def test_w3c_export_leaves_unplaced_annotations_out(revised_export):
    collection = json.loads(rendered(revised_export, "w3c"))
    assert collection["total"] == 17


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("html", "2 · imported"),
        ("html", "this version of 02 Feb 2024"),
        ("md", "Article version 2"),
        ("json", '"version": 2'),
    ],
)
def test_exports_name_the_version(revised_export, name, words):
    assert words in rendered(revised_export, name)


def test_w3c_export_of_a_revised_article_passes_the_validator(tmp_path, revised_export):
    """Each annotation's selectors hold on the text it was given to: the current text, or
    the earlier version its TimeState caches; the validator checks each group on its text."""
    tools = shared_tools()
    if tools is None:
        pytest.skip("../shared/tools is not beside the repository: validators not run")
    items = json.loads(rendered(revised_export, "w3c"))["first"]["items"]
    earlier = find_version(revised_export.article, 1).text
    groups = {revised_export.article.text: [], earlier: []}
    for item in items:
        judged = "cached" in item["target"]["state"]
        groups[earlier if judged else revised_export.article.text].append(
            {"@context": "http://www.w3.org/ns/anno.jsonld", **item}
        )
    assert [len(group) for group in groups.values()] == [13, 4]
    for number, (text, group) in enumerate(groups.items()):
        source = tmp_path / f"article-{number}.txt"
        source.write_text(text, encoding="utf-8")
        export = tmp_path / f"w3c-{number}.jsonld"
        export.write_text(json.dumps(group), encoding="utf-8")
        result = subprocess.run(
            [
                *(sys.executable, str(tools / "validate_wa.py"), str(export)),
                *("--source-text", str(source), "--profile", "factcheck"),
            ],
            capture_output=True,
            text=True,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        assert f"{len(group)} annotations, 0 problems" in result.stdout
