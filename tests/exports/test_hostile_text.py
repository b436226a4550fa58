"""Every export escapes hostile text: tags, quotes, CDATA ends, newlines, non-BMP characters."""

import csv
import io
import json
import re

import pytest

from annotator.exports.readmodel import load_export
from annotator.exports.registry import FORMATS
from annotator.extensions import db
from annotator.models import Resolution, Verdict
from annotator.services.annotations import AnnotationEntry, SourceEntry, annotate_sentence
from annotator.services.articles import ArticleDraft, import_article
from annotator.services.visibility import host_visibility

HOSTILE = "<script>alert(\"x\")</script> 'q' ]]> -->\nnext line 😀"
#: Titles and names hold one line: the same text, its line break a space.
ONE_LINE = HOSTILE.replace("\n", " ")
TEXT = '=HYPERLINK("http://evil") said <b>officials</b> 😀. Second sentence here.'


@pytest.fixture
def hostile_export(team, make_member, context):
    reviewer = make_member("reviewer", name="Rev <img src=x onerror=alert(1)>")
    draft = ArticleDraft(f"Title {HOSTILE}".replace("\n", " "), TEXT, publisher=HOSTILE[:40])
    article = import_article(team, None, draft).article
    sentence = article.sentences[0]
    entry = AnnotationEntry(
        Verdict.disputed,
        note=HOSTILE,
        span=(sentence.start, sentence.start + 4),
        sources=[SourceEntry("https://example.org/a?b=1&c=<2>", title=ONE_LINE, quote=HOSTILE)],
    )
    annotate_sentence(reviewer, sentence, entry)
    db.session.add(
        Resolution(
            sentence=sentence, article_id=article.id, verdict=Verdict.disputed, rationale=HOSTILE
        )
    )
    db.session.commit()
    return load_export(article, context, host_visibility(article))


def rendered(export, name: str) -> str:
    return b"".join(FORMATS[name].chunks(export)).decode("utf-8")


def test_html_report_escapes_hostile_text(hostile_export):
    page = rendered(hostile_export, "html")
    body = page.split("</script>", 1)[1]  # after the JSON-LD block
    assert "<script>alert" not in body
    assert "<img src=x" not in page
    assert "<b>officials</b>" not in page
    assert "😀" in page


def test_html_report_json_ld_cannot_close_its_script(hostile_export):
    page = rendered(hostile_export, "html")
    script = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1)
    assert "<" not in script
    assert json.loads(script)[0]["reviewRating"]["ratingExplanation"].startswith("<script>")


def test_markdown_report_lets_no_raw_html_through(hostile_export):
    text = rendered(hostile_export, "md")
    assert "<script" not in text
    assert "<img" not in text
    assert "<b>" not in text
    assert "😀" in text


def test_csv_round_trips_hostile_text_and_neutralises_formulas(hostile_export):
    rows = list(csv.reader(io.StringIO(rendered(hostile_export, "csv"), newline="")))
    reviewer_row = next(row for row in rows if row[5] == "reviewer")
    assert reviewer_row[8] == HOSTILE
    assert reviewer_row[4].startswith("'=HYPERLINK")
    assert reviewer_row[6].startswith("Rev <img")


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("json", HOSTILE),
        ("w3c", HOSTILE),
        # A rating explanation is one short paragraph: its whitespace is folded.
        ("claimreview", " ".join(HOSTILE.split())),
    ],
)
def test_json_formats_keep_hostile_text(hostile_export, name, expected):
    assert expected in find_strings(json.loads(rendered(hostile_export, name)))


def find_strings(value) -> list[str]:
    """Return every string inside a JSON document."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for item in value.values() for s in find_strings(item)]
    if isinstance(value, list):
        return [s for item in value for s in find_strings(item)]
    return []
