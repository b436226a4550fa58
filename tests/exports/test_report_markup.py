"""The report's long parts in Python: escaping as markupsafe does (the goldens rely on it),
disputes and notes."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import escape

from annotator.exports.readmodel import ExportContext, load_export
from annotator.exports.report import build_report
from annotator.exports.report_markup import disputes_html, escape_text, notes_html
from annotator.models import Verdict
from annotator.services.annotations import AnnotationEntry, SourceEntry, annotate_sentence
from annotator.services.articles import ArticleDraft, import_article
from annotator.services.settling import reopen_sentence, settle_sentence
from annotator.services.visibility import host_visibility


@settings(max_examples=500)
@given(st.text(alphabet=st.characters(), max_size=60) | st.text(alphabet="&<>'\"a ", max_size=20))
def test_escape_text_matches_markupsafe(text):
    assert escape_text(text) == str(escape(text))


@pytest.fixture
def contested(team, make_member):
    """Two reviewers disagree on the first sentence; the second cites a source, writes no note."""
    article = import_article(team, None, ArticleDraft("Talks", "Officials met in Geneva.")).article
    sentence = article.sentences[0]
    annotate_sentence(
        make_member("reviewer", name="Ada"), sentence, AnnotationEntry(Verdict.verified)
    )
    source = SourceEntry("https://example.org/minutes", "Minutes", "")
    entry = AnnotationEntry(Verdict.disputed, sources=[source])
    annotate_sentence(make_member("reviewer", name="Ben"), sentence, entry)
    return article


def report_of(article):
    context = ExportContext("https://factcheck.example.org/")
    return build_report(load_export(article, context, host_visibility(article)))


@pytest.mark.parametrize("reopened", [False, True])
def test_unsettled_dispute_lists_every_verdict_and_no_rationale(contested, make_member, reopened):
    if reopened:
        editor = make_member("editor")
        settle_sentence(editor, contested.sentences[0], Verdict.disputed, "The *minutes* differ.")
        reopen_sentence(editor, contested.sentences[0])
    [dispute] = [str(html) for html in disputes_html(report_of(contested))]
    assert '<span class="chip">Not settled</span>' in dispute
    assert "</span> Ada</li>" in dispute
    assert "</span> Ben</li>" in dispute
    assert "rationale" not in dispute


def test_note_without_words_shows_its_sources_only(contested):
    [note] = [str(html) for html in notes_html(report_of(contested))]
    assert "Ben · " in note
    assert "note-body" not in note
    assert '<cite>Minutes</cite> — <a href="https://example.org/minutes"' in note
