"""The HTML report leaves the server in chunks, each sent as soon as it is full."""

from datetime import date

from annotator.exports import html_report, markdown_report
from annotator.exports.readmodel import load_export
from annotator.services.visibility import host_visibility


def test_html_report_is_handed_on_in_full_chunks_that_make_the_whole_page(
    seeded_export, monkeypatch
):
    page = html_report.render_page(seeded_export)
    monkeypatch.setattr(html_report, "CHUNK_SIZE", 4_000)
    chunks = list(html_report.render(seeded_export))
    assert len(chunks) >= len(page) // 5_000
    assert all(len(chunk) >= 4_000 for chunk in chunks[:-1])
    assert "".join(chunks) == page


def test_short_html_report_is_one_chunk(seeded_export):
    assert list(html_report.render(seeded_export)) == [html_report.render_page(seeded_export)]


def test_the_sources_own_date_never_reads_like_the_workflow_state(seeded, context):
    """The article's own publication date is the source's, not the team's Published state."""
    seeded.published_on = date(2026, 12, 1)
    export = load_export(seeded, context, host_visibility(seeded))
    page = html_report.render_page(export)
    markdown = "".join(markdown_report.render(export))
    assert "<dt>Source dated</dt><dd>2026-12-01</dd>" in page
    assert "Source dated: 2026-12-01" in markdown
