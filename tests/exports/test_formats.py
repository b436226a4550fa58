"""Format rules: the registry, CSV cells, W3C paging, ClaimReview ratings, PDF output."""

import json
import re
import shutil
import subprocess
import zipfile

import pytest

from annotator.errors import NotFound, ValidationError
from annotator.exports import csv_table, registry, web_annotation
from annotator.exports.readmodel import load_export
from annotator.extensions import db
from annotator.models import Article
from annotator.services.articles import ArticleDraft, import_article
from annotator.services.visibility import host_visibility


def rendered(export, name: str) -> bytes:
    return b"".join(registry.FORMATS[name].chunks(export))


def test_find_format_raises_not_found_for_unknown_name():
    with pytest.raises(NotFound):
        registry.find_format("docx")


def test_usable_format_refuses_format_this_server_cannot_produce(monkeypatch):
    import dataclasses

    entry = dataclasses.replace(registry.FORMATS["pdf"], unavailable=lambda: "no Pango")
    monkeypatch.setitem(registry.FORMATS, "pdf", entry)
    with pytest.raises(ValidationError, match="no Pango"):
        registry.usable_format("pdf")


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("=SUM(A1)", "'=SUM(A1)"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@cmd", "'@cmd"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("plain = text", "plain = text"),
        (None, ""),
        (12, "12"),
    ],
)
def test_neutralise_defuses_cells_a_spreadsheet_would_run(cell, expected):
    assert csv_table.neutralise(cell) == expected


def test_csv_lines_end_with_crlf_and_start_with_header(seeded_export):
    text = rendered(seeded_export, "csv").decode("utf-8")
    assert text.startswith(",".join(csv_table.HEADER) + "\r\n")


def test_csv_has_final_row_for_every_sentence(seeded_export):
    text = rendered(seeded_export, "csv").decode("utf-8")
    assert text.count(",final,") == len(seeded_export.sentences)


def test_claimreview_gives_unverified_no_number(seeded_export):
    reviews = json.loads(rendered(seeded_export, "claimreview"))
    unverified = [r for r in reviews if r["reviewRating"]["alternateName"] == "Unproven"]
    assert unverified
    assert "ratingValue" not in unverified[0]["reviewRating"]


def test_claimreview_skips_reopened_sentences(seeded_export):
    for resolution in seeded_export.resolutions.values():
        resolution.verdict = None
    assert json.loads(rendered(seeded_export, "claimreview")) == []
    db.session.rollback()


def test_w3c_collection_without_annotations_has_no_pages(team, context):
    article = import_article(team, None, ArticleDraft("Quiet", "Nothing was checked.")).article
    collection = json.loads(
        rendered(load_export(article, context, host_visibility(article)), "w3c")
    )
    assert collection["total"] == 0
    assert "first" not in collection


def test_w3c_large_collection_is_split_into_linked_pages(seeded_export, monkeypatch):
    monkeypatch.setattr(web_annotation, "PAGE_SIZE", 5)
    collection, *pages = json.loads(rendered(seeded_export, "w3c"))
    assert [len(page["items"]) for page in pages] == [5, 5, 5, 3]
    assert collection["last"] == pages[-1]["id"]
    assert pages[1]["prev"] == pages[0]["id"]
    assert pages[1]["next"] == pages[2]["id"]
    assert "next" not in pages[-1]


def test_w3c_span_is_a_refinement_relative_to_the_sentence(seeded_export):
    collection = json.loads(rendered(seeded_export, "w3c"))
    annotation = collection["first"]["items"][0]
    quote, position = annotation["target"]["selector"]
    refined = position["refinedBy"]
    assert quote["exact"][refined["start"] : refined["end"]] == "January 30, 2024"


def test_json_export_lists_responses(seeded_export):
    document = json.loads(rendered(seeded_export, "json"))
    stances = {(r["stance"], r["comment"]) for r in document["responses"]}
    assert ("agree", "Matches the readout.") in stances


def test_json_export_matches_its_schema(seeded_export):
    from jsonschema import Draft202012Validator

    from annotator.services.interchange import SCHEMA

    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    Draft202012Validator(schema).validate(json.loads(rendered(seeded_export, "json")))


def test_report_lists_disputed_and_contested_sentences_with_rationale(seeded_export):
    page = rendered(seeded_export, "html").decode("utf-8")
    assert "Disputed and contested sentences" in page
    assert "The readout says <em>China</em>, not Mexico" in page


@pytest.fixture
def pdf_available():
    if not registry.FORMATS["pdf"].available:
        pytest.skip(registry.FORMATS["pdf"].unavailable())


def test_pdf_report_holds_the_html_report_text(seeded_export, pdf_available, tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(rendered(seeded_export, "pdf"))
    assert path.read_bytes().startswith(b"%PDF-")
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is missing: PDF text not compared")
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    for words in [
        "Disputed and contested sentences",
        "Notes and sources",
        f"{len(seeded_export.settled())} of 35 sentences settled",
    ]:
        assert words in " ".join(text.split())


def test_team_bundle_holds_one_member_per_article(team, seeded, tmp_path):
    from annotator.exports.bundle import TeamFilter, write_team_bundle

    import_article(team, None, ArticleDraft("Second", "Another text entirely."))
    db.session.commit()
    target = tmp_path / "team.zip"
    with target.open("wb") as file:
        count = write_team_bundle(
            team, registry.FORMATS["csv"], file, TeamFilter(), None, host_visibility
        )
    assert count == 2
    assert len(zipfile.ZipFile(target).namelist()) == 2


def test_team_bundle_filters_by_state_and_date(team, seeded, tmp_path):
    from datetime import date

    from annotator.exports.bundle import TeamFilter, team_article_ids
    from annotator.models import ArticleState

    db.session.get(Article, seeded.id).state = ArticleState.settled
    db.session.commit()
    assert team_article_ids(team, TeamFilter((ArticleState.settled,))) == [seeded.id]
    assert team_article_ids(team, TeamFilter((ArticleState.draft,))) == []
    assert team_article_ids(team, TeamFilter(since=date(2024, 2, 1), until=date(2024, 2, 1))) == [
        seeded.id
    ]
    assert team_article_ids(team, TeamFilter(since=date(2024, 2, 2))) == []


def test_resolution_of_former_member_is_named_as_such(seeded_export):
    from annotator.exports.report import reviewer_name

    assert reviewer_name(seeded_export, None) == "former member"
    assert reviewer_name(seeded_export, 10_000) == "former member"


def test_settled_lists_only_sentences_with_a_final_verdict(seeded_export):
    settled = len(seeded_export.settled())
    reopened = next(iter(seeded_export.resolutions.values()))
    reopened.verdict = None
    assert len(seeded_export.settled()) == settled - 1
    db.session.rollback()


@pytest.fixture
def contested_export(seeded, editor, context):
    """Sentence 6 gets a disputed verdict with a source but no note: contested, unsettled."""
    from annotator.models import Sentence, Verdict
    from annotator.services.annotations import AnnotationEntry, SourceEntry, annotate_sentence

    sentence = db.session.scalar(
        db.select(Sentence).where(Sentence.article_id == seeded.id, Sentence.index == 5)
    )
    source = SourceEntry("https://example.org/minutes")
    annotate_sentence(editor, sentence, AnnotationEntry(Verdict.disputed, sources=[source]))
    db.session.commit()
    return load_export(seeded, context, host_visibility(seeded))


def test_report_shows_contested_unsettled_sentence_without_rationale(contested_export):
    text = rendered(contested_export, "md").decode("utf-8")
    section = text.split("### Sentence 6: final not settled", 1)[1].split("###", 1)[0]
    assert "- ✗ Disputed: Eda Editor" in section
    assert "Why the editor" not in section
    assert "Eda Editor · ✗ Disputed.\n    - [https://example.org/minutes]" in text


def test_w3c_annotation_without_note_or_span_has_no_note_body_or_refinement(contested_export):
    items = json.loads(rendered(contested_export, "w3c"))["first"]["items"]
    bare = next(item for item in items if item["creator"]["name"] == "Eda Editor")
    assert [body["purpose"] for body in bare["body"]] == ["assessing", "linking"]
    assert "refinedBy" not in bare["target"]["selector"][1]


def test_csv_hands_on_text_in_chunks(seeded_export, monkeypatch):
    whole = rendered(seeded_export, "csv")
    monkeypatch.setattr(csv_table, "CHUNK_CHARACTERS", 100)
    chunks = list(csv_table.render(seeded_export))
    assert len(chunks) > 10
    assert "".join(chunks).encode("utf-8") == whole


def broken_weasyprint(monkeypatch, folder, error: str) -> None:
    """Put a weasyprint that raises ``error`` when imported first on the children's path."""
    package = folder / "weasyprint"
    package.mkdir()
    (package / "__init__.py").write_text(f"raise {error}\n")
    monkeypatch.setenv("PYTHONPATH", str(folder))


def test_pdf_is_unavailable_without_pangos_libraries(monkeypatch, tmp_path):
    from annotator.exports import pdf_report

    broken_weasyprint(monkeypatch, tmp_path, "OSError('cannot load library pango-1.0-0')")
    pdf_report.unavailable_reason.cache_clear()
    try:
        reason = pdf_report.unavailable_reason()
    finally:
        pdf_report.unavailable_reason.cache_clear()
    assert reason.startswith("PDF export is not available")
    assert reason.endswith("cannot load library pango-1.0-0")


def test_a_failed_print_is_an_error_not_a_document(seeded_export, monkeypatch, tmp_path):
    from annotator.exports import pdf_report

    broken_weasyprint(monkeypatch, tmp_path, "RuntimeError('no fonts at all')")
    with pytest.raises(pdf_report.PrintFailed, match="no fonts at all"):
        list(pdf_report.render(seeded_export))


def test_the_worker_never_loads_weasyprint(seeded_export, pdf_available):
    """The PDF is printed by a child process: WeasyPrint's memory never joins the worker's."""
    import sys

    assert rendered(seeded_export, "pdf").startswith(b"%PDF-")
    assert "weasyprint" not in sys.modules


def test_the_web_annotation_type_is_the_modules_own():
    assert registry.FORMATS["w3c"].media_type == web_annotation.MEDIA_TYPE


def test_report_gives_bare_verdict_no_footnote(team, make_member, context):
    from annotator.exports.report import build_report
    from annotator.models import Verdict
    from annotator.services.annotations import AnnotationEntry, annotate_sentence

    article = import_article(team, None, ArticleDraft("Bare", "Officials met in Geneva.")).article
    annotate_sentence(
        make_member("reviewer"), article.sentences[0], AnnotationEntry(Verdict.verified)
    )
    report = build_report(load_export(article, context, host_visibility(article)))
    assert report.notes == []
    assert report.entries[0].annotations[0].verdict is Verdict.verified


def test_w3c_source_date_is_when_the_current_text_was_captured(seeded_export):
    from datetime import UTC, datetime

    seeded_export.article.version_dated = datetime(2024, 3, 1, 8, 0, tzinfo=UTC)
    items = json.loads(rendered(seeded_export, "w3c"))["first"]["items"]
    assert items[0]["target"]["state"]["sourceDate"] == "2024-03-01T08:00:00Z"
    db.session.rollback()


@pytest.mark.parametrize("name", ["md", "html"])
def test_report_presents_a_default_rationale_as_the_reviewers_finding(
    contested_export, editor, name
):
    from annotator.models import Verdict
    from annotator.services.settling import consensus, current_annotations, settle_sentence

    sentence = next(
        s
        for s in contested_export.article.sentences
        if consensus(current_annotations(s)) is Verdict.disputed
    )
    settle_sentence(editor, sentence, Verdict.disputed, "")
    db.session.commit()
    text = rendered(contested_export, name).decode("utf-8")
    number = sentence.index + 1
    section = re.split("### |<article", text.split(f"Sentence {number}", 1)[1], maxsplit=1)[0]
    assert "What our reviewers found:" in section
    assert "Our reviewers found this claim disputed by the evidence" in section
    assert "Why the editor" not in section


def test_markdown_summary_cautions_only_under_the_threshold(seeded_export):
    import dataclasses

    from annotator.exports.markdown_report import summary
    from annotator.exports.report import build_report
    from annotator.services.agreement import RELIABLE_FROM

    report = build_report(seeded_export)
    few = "".join(summary(report))
    assert "Too few sentences compared" in few
    enough = dataclasses.replace(report.agreement, sentences_compared=RELIABLE_FROM, pairwise=[])
    text = "".join(summary(dataclasses.replace(report, agreement=enough)))
    assert f"Agreement on {RELIABLE_FROM} sentences" in text
    assert "Too few" not in text
