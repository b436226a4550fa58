"""The HTML report leaves the server in chunks, each sent as soon as it is full."""

from annotator.exports import html_report


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
