"""A correction after review: every export marks the verdict and quotes the words judged.

Issue 17, finding 3: settle "…212 of the city's…" as Disputed, publish, reopen, revise the
text to "198". No export may print the verdict on the corrected figure as if it were judged.
"""

import csv
import io
import json
import subprocess
import sys
from datetime import UTC, datetime

import pytest

from annotator.errors import InvalidTransition
from annotator.exports.readmodel import ExportContext, load_export
from annotator.exports.registry import FORMATS
from annotator.extensions import db
from annotator.models import ArticleState
from annotator.services.settling import confirm_sentence
from annotator.services.visibility import host_visibility
from annotator.services.workflow import move_article
from tests.stories import CLAIM, NEW_CLAIM, TEXT, corrected_story

from .conftest import shared_tools

S = ArticleState


@pytest.fixture
def story(team, make_member):
    """The issue's story, up to the revision: the sentence is settled Disputed on "212"."""
    return corrected_story(team, make_member)


def export_of(article, name: str) -> str:
    context = ExportContext(
        base_url="https://factcheck.example.org/",
        generated_at=datetime(2024, 2, 2, 12, 0, tzinfo=UTC),
    )
    export = load_export(article, context, host_visibility(article))
    return b"".join(FORMATS[name].chunks(export)).decode("utf-8")


def test_revised_span_is_not_moved_onto_the_corrected_figure(story):
    annotation = story[2]
    db.session.refresh(annotation)
    assert not annotation.has_span
    assert annotation.span_quote == "212"
    assert annotation.reviewed_text == CLAIM


def test_article_with_a_changed_final_verdict_cannot_be_marked_settled(story):
    article, editor, _ = story
    with pytest.raises(InvalidTransition, match="changed since"):
        move_article(editor, article, S.settled)


def test_confirmed_final_verdict_lets_the_article_be_settled(story):
    article, editor, _ = story
    confirm_sentence(editor, article.sentences[1])
    move_article(editor, article, S.settled)
    assert article.state is S.settled


def test_markdown_report_marks_the_verdict_and_quotes_the_words_judged(story):
    markdown = export_of(story[0], "md")
    assert "**[✗ Disputed]** She said 198" not in markdown
    assert "changed since review" in markdown.lower()
    assert "212 of the city" in markdown
    assert "**198**" not in markdown


def test_html_report_puts_no_verdict_on_the_corrected_figure(story):
    html = export_of(story[0], "html")
    assert 'v-disputed" id="sentence-2"' not in html
    assert '<span class="s" id="sentence-2">' in html
    assert "<mark>198</mark>" not in html
    assert "Changed since review" in html
    assert "212 of the city" in html


def test_csv_marks_the_changed_rows_with_the_words_judged(story):
    rows = list(csv.DictReader(io.StringIO(export_of(story[0], "csv"))))
    changed = [row for row in rows if row["sentence"] == "2"]
    assert {row["changed_since_review"] for row in changed} == {"yes"}
    assert {row["judged_text"] for row in changed} == {CLAIM}
    assert {row["highlighted"] for row in changed} == {"", "212"}


def test_json_keeps_the_words_judged_and_no_span_on_the_new_words(story):
    record = json.loads(export_of(story[0], "json"))
    (annotation,) = record["annotations"]
    assert annotation["span"] is None
    assert (annotation["span_quote"], annotation["reviewed_text"]) == ("212", CLAIM)
    assert record["resolutions"][0]["reviewed_text"] == CLAIM


def test_w3c_targets_the_words_judged_in_the_earlier_version(story):
    collection = json.loads(export_of(story[0], "w3c"))
    (item,) = collection["first"]["items"]
    quote, position = item["target"]["selector"]
    assert quote["exact"] == CLAIM
    assert TEXT[position["start"] : position["end"]] == CLAIM
    refined = position["refinedBy"]
    assert CLAIM[refined["start"] : refined["end"]] == "212"
    assert item["target"]["state"]["cached"].endswith(f"/articles/{story[0].id}/versions/1")


def test_claimreview_leaves_out_a_claim_awaiting_re_settling(story):
    assert json.loads(export_of(story[0], "claimreview")) == []


def test_claimreview_of_a_confirmed_claim_reviews_the_new_words(story):
    article, editor, _ = story
    confirm_sentence(editor, article.sentences[1])
    (review,) = json.loads(export_of(article, "claimreview"))
    assert review["claimReviewed"] == NEW_CLAIM


def test_w3c_export_with_a_changed_annotation_passes_the_validator(tmp_path, story):
    tools = shared_tools()
    if tools is None:
        pytest.skip("../shared/tools is not beside the repository: validators not run")
    export = tmp_path / "w3c.jsonld"
    export.write_text(export_of(story[0], "w3c"), encoding="utf-8")
    source = tmp_path / "judged.txt"
    source.write_text(TEXT, encoding="utf-8")
    result = subprocess.run(
        [
            *(sys.executable, str(tools / "validate_wa.py"), str(export)),
            *("--source-text", str(source), "--profile", "factcheck"),
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 annotation, 0 problems" in result.stdout


def test_w3c_quotes_the_words_judged_when_no_stored_version_holds_them(story):
    # An imported record may name words its earlier versions do not hold: the target is
    # those words, by quote alone, never the sentence's new words.
    _, _, annotation = story
    annotation.reviewed_text = "She said 250 of the city's bridges need repair."
    db.session.commit()
    (item,) = json.loads(export_of(story[0], "w3c"))["first"]["items"]
    assert item["target"]["selector"] == {
        "type": "TextQuoteSelector",
        "exact": "She said 250 of the city's bridges need repair.",
    }
    assert NEW_CLAIM not in json.dumps(item["target"])
