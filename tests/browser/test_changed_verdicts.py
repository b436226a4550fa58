"""A corrected figure after settling, in Chromium: the mark, the words judged, the refusal to
settle, an editor's confirmation (issue 17, finding 3). Screenshots of the article page at a
desktop and a phone width go to $ANNOTATOR_SCREENSHOTS when set, else the test's folder."""

import os
import re
from pathlib import Path

import pytest

from tests.stories import corrected_story

from .conftest import log_in

pytestmark = pytest.mark.browser


@pytest.fixture
def corrected(team, make_member):
    """The sentence with "212" settled Disputed, then reopened and corrected to "198"."""
    article, editor, _ = corrected_story(team, make_member)
    return article, editor


def screenshots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("ANNOTATOR_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_changed_final_verdict_is_marked_and_awaits_an_editor(
    corrected, live_server, page, tmp_path
):
    article, editor = corrected
    log_in(page, live_server, editor.email)
    page.goto(f"{live_server}/articles/{article.id}/sentences/1")
    warning = page.locator(".awaiting-verdict")
    warning.wait_for()
    assert "given to the words of version 1" in warning.inner_text()
    judged = page.locator(".changed-since-review .word-diff mark")
    assert judged.locator("del").count() == 1
    assert "212" in judged.inner_text()
    assert "198" not in judged.inner_text()
    assert page.locator(".sentence mark", has_text="198").count() == 0
    folder = screenshots(tmp_path)
    for name, path in [("sentence", "/sentences/1"), ("article", "#s1"), ("settle", "/settle")]:
        page.goto(f"{live_server}/articles/{article.id}{path}")
        page.wait_for_load_state("load")
        for width in (1280, 360):
            page.set_viewport_size({"width": width, "height": 900})
            page.screenshot(path=str(folder / f"changed-{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1366, "height": 900})

    page.goto(f"{live_server}/articles/{article.id}")
    page.locator(".toolbar .workflow summary").click()  # the Workflow menu
    page.get_by_role("button", name="Mark settled").click()
    page.get_by_text(re.compile("changed since their final verdict")).wait_for()

    page.goto(f"{live_server}/articles/{article.id}/settle")
    page.get_by_role("button", name="Confirm Disputed for the new words").click()
    page.get_by_text("final verdict holds for its new words").wait_for()
    page.goto(f"{live_server}/articles/{article.id}")
    page.locator(".toolbar .workflow summary").click()  # the Workflow menu
    page.get_by_role("button", name="Mark settled").click()
    page.get_by_text("The article is now “Settled”").wait_for()


def test_every_export_of_the_corrected_article_marks_the_verdict(corrected, live_server, page):
    article, editor = corrected
    log_in(page, live_server, editor.email)
    base = f"{live_server}/articles/{article.id}/export"
    for name in ("html", "md", "csv", "json", "w3c"):
        body = page.request.get(f"{base}/{name}").text()
        assert "212 of the city" in body, name
    report = page.request.get(f"{base}/md").text()
    assert "[Δ changed since review]" in report
    assert page.request.get(f"{base}/claimreview").json() == []
    html = page.request.get(f"{base}/html").text()
    assert 'id="changed-2"' in html
    assert '<span class="s" id="sentence-2">' in html
