"""Annotating sentences: verdicts, notes, spans, sources, history, clearing."""

import pytest

from annotator.errors import NotFound, PermissionDenied, StaleVersion, ValidationError
from annotator.models import Role, Verdict
from annotator.services.annotations import (
    AnnotationEntry,
    SourceEntry,
    annotate_sentence,
    clear_verdict,
)
from annotator.services.articles import ArticleDraft, import_article
from tests.services.conftest import span_of

TEXT = "Officials met in Geneva. They reported to the International Narcotics Control."


@pytest.fixture
def sentence(team):
    article = import_article(team, None, ArticleDraft("Talks", TEXT)).article
    return article.sentences[1]


@pytest.fixture
def reviewer(make_member):
    return make_member(Role.reviewer, name="Rita Reviewer")


def test_annotate_sentence_stores_verdict_note_span_and_sources(sentence, reviewer):
    entry = AnnotationEntry(
        Verdict.disputed,
        "No such body: the **Board** is.",
        span_of(sentence, "International Narcotics Control"),
        [SourceEntry("https://www.incb.org/", "INCB", "International Narcotics Control Board")],
    )
    annotation = annotate_sentence(reviewer, sentence, entry)
    text = sentence.article.text
    assert annotation.verdict is Verdict.disputed
    assert text[annotation.span_start : annotation.span_end] == "International Narcotics Control"
    assert [s.url for s in annotation.sources] == ["https://www.incb.org/"]
    assert annotation.version == 1


def test_annotate_sentence_edit_keeps_earlier_version(sentence, reviewer):
    first = annotate_sentence(reviewer, sentence, AnnotationEntry(Verdict.unverified, "check"))
    second = annotate_sentence(reviewer, sentence, AnnotationEntry(Verdict.disputed, "wrong"), 1)
    assert second.id == first.id
    assert second.version == 2
    assert [(r.version, r.verdict, r.note) for r in second.revisions] == [
        (1, Verdict.unverified, "check")
    ]


def test_annotate_sentence_unchanged_entry_keeps_version(sentence, reviewer):
    entry = AnnotationEntry(Verdict.verified, "fine")
    annotate_sentence(reviewer, sentence, entry)
    again = annotate_sentence(reviewer, sentence, AnnotationEntry(Verdict.verified, "fine "))
    assert again.version == 1
    assert again.revisions == []


def test_annotate_sentence_stale_version_is_refused(sentence, reviewer):
    annotate_sentence(reviewer, sentence, AnnotationEntry(Verdict.verified))
    annotate_sentence(reviewer, sentence, AnnotationEntry(Verdict.disputed), 1)
    with pytest.raises(StaleVersion) as caught:
        annotate_sentence(reviewer, sentence, AnnotationEntry(Verdict.unverified), 1)
    assert caught.value.current.verdict is Verdict.disputed


def test_annotate_sentence_new_annotation_expects_version_zero(sentence, reviewer):
    annotate_sentence(reviewer, sentence, AnnotationEntry(Verdict.verified), 0)
    with pytest.raises(StaleVersion):
        annotate_sentence(reviewer, sentence, AnnotationEntry(Verdict.disputed), 0)


def test_annotate_sentence_one_annotation_per_reviewer(sentence, reviewer, make_member):
    other = make_member(Role.reviewer)
    mine = annotate_sentence(reviewer, sentence, AnnotationEntry(Verdict.verified))
    theirs = annotate_sentence(other, sentence, AnnotationEntry(Verdict.disputed))
    assert mine.id != theirs.id
    assert mine.verdict is Verdict.verified


@pytest.mark.parametrize(
    ("entry", "field"),
    [
        (AnnotationEntry("bogus"), "verdict"),
        (AnnotationEntry(Verdict.verified, "n" * 10_001), "note"),
        (AnnotationEntry(Verdict.verified, span=(0, 5)), "span"),
        (AnnotationEntry(Verdict.verified, span=(30, 30)), "span"),
        (AnnotationEntry(Verdict.verified, span=(70, 500)), "span"),
        (
            AnnotationEntry(Verdict.verified, sources=[SourceEntry("javascript:alert(1)")]),
            "sources-0-url",
        ),
        (
            AnnotationEntry(Verdict.verified, sources=[SourceEntry("https://a.example/x y")]),
            "sources-0-url",
        ),
        (AnnotationEntry(Verdict.verified, sources=[SourceEntry("https://")]), "sources-0-url"),
        (
            AnnotationEntry(
                Verdict.verified, sources=[SourceEntry("https://a.example", "t" * 301)]
            ),
            "sources-0-title",
        ),
        (
            AnnotationEntry(
                Verdict.verified, sources=[SourceEntry("https://a.example", "", "q" * 5001)]
            ),
            "sources-0-quote",
        ),
        (
            AnnotationEntry(Verdict.verified, sources=[SourceEntry("https://a.example")] * 11),
            "sources",
        ),
    ],
)
def test_annotate_sentence_rejects_bad_entry(sentence, reviewer, entry, field):
    with pytest.raises(ValidationError) as caught:
        annotate_sentence(reviewer, sentence, entry)
    assert field in caught.value.fields


def test_annotate_sentence_refuses_viewer(sentence, make_member):
    with pytest.raises(PermissionDenied):
        annotate_sentence(make_member(Role.viewer), sentence, AnnotationEntry(Verdict.verified))


def test_annotate_sentence_hides_other_teams_sentence(sentence, make_member):
    from annotator.services.teams import create_team

    outsider = make_member(Role.reviewer, in_team=create_team("Elsewhere", "elsewhere"))
    with pytest.raises(NotFound):
        annotate_sentence(outsider, sentence, AnnotationEntry(Verdict.verified))


def test_clear_verdict_keeps_history(sentence, reviewer):
    annotate_sentence(
        reviewer,
        sentence,
        AnnotationEntry(Verdict.disputed, "x", sources=[SourceEntry("https://a.example")]),
    )
    cleared = clear_verdict(reviewer, sentence, 1)
    assert cleared.verdict is None
    assert cleared.sources == []
    assert cleared.version == 2
    assert cleared.revisions[0].verdict is Verdict.disputed
    assert cleared.revisions[0].sources == [{"url": "https://a.example", "title": "", "quote": ""}]


def test_clear_verdict_without_annotation_does_nothing(sentence, reviewer):
    assert clear_verdict(reviewer, sentence) is None


def test_clear_verdict_twice_keeps_one_revision(sentence, reviewer):
    annotate_sentence(reviewer, sentence, AnnotationEntry(Verdict.verified))
    clear_verdict(reviewer, sentence)
    again = clear_verdict(reviewer, sentence)
    assert again.version == 2
