"""Annotating sentences: verdicts, notes, spans, sources, history, clearing."""

import pytest
import sqlalchemy as sa

from annotator.api import present
from annotator.api.present import annotation_fields, person
from annotator.errors import NotFound, PermissionDenied, StaleVersion, ValidationError
from annotator.extensions import db
from annotator.models import AuditEvent, Role, Verdict
from annotator.services.annotations import (
    AnnotationEntry,
    SourceEntry,
    annotate_sentence,
    clear_verdict,
    find_annotation,
    save_annotation,
)
from annotator.services.articles import ArticleDraft, import_article
from annotator.services.audit import verify_chain
from annotator.services.drafts import DraftEntry, find_draft, keep_draft
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


def test_annotate_sentence_uses_up_a_draft_the_session_holds(sentence, reviewer):
    # The write runs as plain statements (ADR 23): a draft the session holds is dropped
    # with it, so nothing later in the transaction reads or writes it back.
    kept = keep_draft(reviewer, sentence, DraftEntry("typed, not saved"))
    annotate_sentence(reviewer, sentence, AnnotationEntry(Verdict.verified, "saved"))
    assert kept not in db.session
    assert find_draft(reviewer, sentence) is None


def test_annotate_sentence_writes_what_the_session_holds_first(sentence, reviewer):
    sentence.article.title = "Renamed before the verdict"
    annotate_sentence(reviewer, sentence, AnnotationEntry(Verdict.verified, "fine"))
    db.session.expire_all()
    assert sentence.article.title == "Renamed before the verdict"


def test_save_annotation_answers_as_the_record_reads_afterwards(sentence, reviewer):
    source = SourceEntry("https://www.incb.org/", " INCB ", "quoted ")
    entry = AnnotationEntry(
        Verdict.disputed, " wrong ", span_of(sentence, "International"), [source]
    )
    for version in (None, 1, 2):
        saved = save_annotation(reviewer, sentence, entry, version)
        db.session.commit()
        read = find_annotation(sentence, reviewer)
        shown = annotation_fields(read, sentence.index, person(reviewer), read.sources)
        assert present.annotation_row(saved) == shown
        entry.note += " again"


def test_annotation_events_chain_and_verify(sentence, reviewer):
    annotate_sentence(reviewer, sentence, AnnotationEntry(Verdict.verified, "first"))
    annotate_sentence(reviewer, sentence, AnnotationEntry(Verdict.disputed, "second"), 1)
    events = db.session.scalars(sa.select(AuditEvent).order_by(AuditEvent.id)).all()
    assert [e.action for e in events][-2:] == ["annotation.set", "annotation.change"]
    assert events[-1].before["verdict"] == "verified"
    assert events[-1].after == {
        "verdict": "disputed",
        "note": "second",
        "span": None,
        "sources": [],
        "version": 2,
    }
    assert verify_chain().intact
