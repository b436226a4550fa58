"""Drafts: a reviewer's unsaved words on a sentence, kept for them alone until they save."""

import pytest
import sqlalchemy as sa

from annotator import limits
from annotator.errors import InvalidTransition, NotFound, PermissionDenied, ValidationError
from annotator.exports import registry
from annotator.extensions import db
from annotator.models import ArticleState, AuditEvent, Draft, Role, Verdict
from annotator.services.accounts import create_user
from annotator.services.agreement import article_agreement
from annotator.services.annotations import AnnotationEntry, annotate_sentence, clear_verdict
from annotator.services.articles import ArticleDraft, import_article
from annotator.services.drafts import (
    DraftEntry,
    discard_draft,
    draft_sources,
    find_draft,
    keep_draft,
)
from annotator.services.entries import SourceEntry
from annotator.services.live import changes_since, latest_event_id
from annotator.services.revisions import revise_article
from annotator.services.search import SearchQuery, search_teams
from annotator.services.sentence_panel import sentence_panel
from annotator.services.teams import create_team, set_membership
from annotator.services.visibility import host_visibility, visibility_for
from tests.conftest import unavailable
from tests.exports.test_blind_review import exported
from tests.services.conftest import span_of

TEXT = "Officials met in Geneva. They reported to the International Narcotics Control."
#: What only the draft holds: no other page, export or figure may carry it.
SECRET = "DRAFTWORDS zanzibar"
SECRET_URL = "https://draft.example/secret-source"


@pytest.fixture
def article(team):
    article = import_article(team, None, ArticleDraft("Talks", TEXT)).article
    article.blind_review = False
    db.session.flush()
    return article


@pytest.fixture
def sentence(article):
    return article.sentences[1]


def secret_entry(sentence) -> DraftEntry:
    source = SourceEntry(SECRET_URL, f"{SECRET} title", f"{SECRET} quote")
    first_word = sentence.text_in(sentence.article.text).split()[0]
    return DraftEntry(f"  {SECRET} note ", span_of(sentence, first_word), [source])


# -- keeping, finding, discarding -----------------------------------------------------------


def test_keep_draft_stores_note_span_and_sources_stripped(sentence, rita):
    draft = keep_draft(rita, sentence, secret_entry(sentence))
    assert draft.note == f"{SECRET} note"
    assert sentence.article.text[draft.span_start : draft.span_end] == "They"
    assert draft.has_span
    assert draft.sources == [
        {"url": SECRET_URL, "title": f"{SECRET} title", "quote": f"{SECRET} quote"}
    ]
    assert draft_sources(draft) == [SourceEntry(SECRET_URL, f"{SECRET} title", f"{SECRET} quote")]
    assert find_draft(rita, sentence) is draft


def test_keep_draft_again_replaces_the_one_draft(sentence, rita):
    first = keep_draft(rita, sentence, DraftEntry("one"))
    second = keep_draft(rita, sentence, DraftEntry("two"))
    assert second.id == first.id
    assert second.note == "two"
    assert second.span_start is None
    count = db.session.scalar(sa.select(sa.func.count()).select_from(Draft))
    assert count == 1


def test_keep_draft_accepts_an_address_still_being_typed(sentence, rita):
    draft = keep_draft(rita, sentence, DraftEntry(sources=[SourceEntry("https://exa")]))
    assert draft.sources[0]["url"] == "https://exa"


def test_keep_draft_of_an_empty_form_keeps_none(sentence, rita):
    keep_draft(rita, sentence, DraftEntry("something"))
    assert keep_draft(rita, sentence, DraftEntry("   ")) is None
    assert find_draft(rita, sentence) is None


def test_keep_draft_of_the_saved_words_unchanged_keeps_none(sentence, rita):
    source = SourceEntry("https://www.incb.org/", "INCB")
    span = span_of(sentence, "International")
    annotate_sentence(rita, sentence, AnnotationEntry(Verdict.disputed, "saved", span, [source]))
    assert keep_draft(rita, sentence, DraftEntry(" saved ", span, [source])) is None
    assert find_draft(rita, sentence) is None


def test_keep_draft_of_an_emptied_form_keeps_it_over_saved_words(sentence, rita):
    annotate_sentence(rita, sentence, AnnotationEntry(Verdict.disputed, "saved"))
    draft = keep_draft(rita, sentence, DraftEntry(""))
    assert draft is not None
    assert draft.note == ""


@pytest.mark.parametrize(
    ("entry", "field"),
    [
        (DraftEntry("x" * (limits.NOTE.most + 1)), "note"),
        (DraftEntry("bell \x07"), "note"),
        (DraftEntry(span=(0, 5)), "span"),
        (DraftEntry(sources=[SourceEntry("https://a.example/" + "a" * 2_000)]), "sources-0-url"),
        (DraftEntry(sources=[SourceEntry("", "two\nlines")]), "sources-0-title"),
        (DraftEntry(sources=[SourceEntry("", "", "q" * 5_001)]), "sources-0-quote"),
        (DraftEntry(sources=[SourceEntry("https://a.example/")] * 11), "sources"),
    ],
)
def test_keep_draft_refuses_what_breaks_a_limit(sentence, rita, entry, field):
    with pytest.raises(ValidationError) as refused:
        keep_draft(rita, sentence, entry)
    assert field in refused.value.fields
    assert find_draft(rita, sentence) is None


def test_discard_draft_drops_it_and_says_whether_there_was_one(sentence, rita):
    keep_draft(rita, sentence, DraftEntry("gone soon"))
    assert discard_draft(rita, sentence) is True
    assert find_draft(rita, sentence) is None
    assert discard_draft(rita, sentence) is False


def test_discard_draft_leaves_the_saved_annotation(sentence, rita):
    annotate_sentence(rita, sentence, AnnotationEntry(Verdict.verified, "saved"))
    keep_draft(rita, sentence, DraftEntry("typed"))
    discard_draft(rita, sentence)
    panel = sentence_panel(rita, sentence)
    assert (panel.mine.verdict, panel.mine.note, panel.draft) == (Verdict.verified, "saved", None)


# -- who may -----------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.viewer])
def test_a_role_that_may_not_annotate_keeps_finds_and_discards_no_draft(
    sentence, make_member, role
):
    viewer = make_member(role)
    for act in (
        lambda: keep_draft(viewer, sentence, DraftEntry("x")),
        lambda: find_draft(viewer, sentence),
        lambda: discard_draft(viewer, sentence),
    ):
        with pytest.raises(PermissionDenied):
            act()


def test_another_team_can_neither_read_nor_write_a_draft(sentence, rita):
    keep_draft(rita, sentence, DraftEntry(SECRET))
    other_team = create_team("Elsewhere", "elsewhere")
    stranger = create_user("stranger@elsewhere.example", "Stranger", None)
    set_membership(other_team, stranger, Role.admin)
    for act in (
        lambda: keep_draft(stranger, sentence, DraftEntry("x")),
        lambda: find_draft(stranger, sentence),
        lambda: discard_draft(stranger, sentence),
    ):
        with pytest.raises(NotFound):
            act()
    assert find_draft(rita, sentence).note == SECRET


def test_a_teammate_finds_only_their_own_draft(sentence, rita, otto):
    keep_draft(rita, sentence, DraftEntry(SECRET))
    assert find_draft(otto, sentence) is None
    assert discard_draft(otto, sentence) is False
    assert find_draft(rita, sentence).note == SECRET


def test_a_published_article_keeps_and_discards_no_draft(sentence, rita):
    keep_draft(rita, sentence, DraftEntry("before"))
    sentence.article.state = ArticleState.published
    with pytest.raises(InvalidTransition):
        keep_draft(rita, sentence, DraftEntry("after"))
    with pytest.raises(InvalidTransition):
        discard_draft(rita, sentence)
    assert find_draft(rita, sentence).note == "before"


# -- saving and clearing -------------------------------------------------------------------


def test_saving_a_verdict_turns_the_draft_into_the_annotation(sentence, rita):
    keep_draft(rita, sentence, DraftEntry("my words"))
    annotate_sentence(rita, sentence, AnnotationEntry(Verdict.disputed, "my words"))
    assert find_draft(rita, sentence) is None


def test_saving_unchanged_words_again_still_drops_the_draft(sentence, rita):
    annotate_sentence(rita, sentence, AnnotationEntry(Verdict.disputed, "same"))
    keep_draft(rita, sentence, DraftEntry("typed, then saved as it was"))
    annotate_sentence(rita, sentence, AnnotationEntry(Verdict.disputed, "same"), 1)
    assert find_draft(rita, sentence) is None


def test_a_refused_save_leaves_the_draft(sentence, rita):
    keep_draft(rita, sentence, DraftEntry("keep me"))
    with pytest.raises(ValidationError):
        annotate_sentence(rita, sentence, AnnotationEntry(Verdict.disputed, "\x00"))
    assert find_draft(rita, sentence).note == "keep me"


def test_clear_verdict_moves_note_span_and_sources_into_the_draft(sentence, rita):
    span = span_of(sentence, "International")
    source = SourceEntry("https://www.incb.org/", "INCB", "the Board")
    annotate_sentence(rita, sentence, AnnotationEntry(Verdict.disputed, "why", span, [source]))
    annotation = clear_verdict(rita, sentence)
    assert (annotation.verdict, annotation.note, annotation.sources) == (None, "", [])
    assert [r.note for r in annotation.revisions] == ["why"]
    draft = find_draft(rita, sentence)
    assert (draft.note, (draft.span_start, draft.span_end)) == ("why", span)
    assert draft.sources == [
        {"url": "https://www.incb.org/", "title": "INCB", "quote": "the Board"}
    ]


def test_clear_verdict_keeps_a_draft_already_typed(sentence, rita):
    annotate_sentence(rita, sentence, AnnotationEntry(Verdict.disputed, "saved"))
    keep_draft(rita, sentence, DraftEntry("typed since"))
    clear_verdict(rita, sentence)
    assert find_draft(rita, sentence).note == "typed since"


def test_clear_verdict_without_words_keeps_no_draft(sentence, rita):
    annotate_sentence(rita, sentence, AnnotationEntry(Verdict.verified))
    clear_verdict(rita, sentence)
    assert find_draft(rita, sentence) is None


# -- nobody else ever sees a draft ----------------------------------------------------------


def test_a_draft_records_no_event_and_reaches_no_live_feed(article, sentence, rita, otto):
    start = latest_event_id(article)
    events = db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent))
    keep_draft(rita, sentence, secret_entry(sentence))
    discard_draft(rita, sentence)
    keep_draft(rita, sentence, secret_entry(sentence))
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent)) == events
    changes = changes_since(otto, article, start)
    assert (changes.sentence_indexes, changes.announcements) == ([], [])


def test_a_draft_is_in_no_teammates_panel(sentence, rita, otto):
    keep_draft(rita, sentence, secret_entry(sentence))
    panel = sentence_panel(otto, sentence)
    assert panel.draft is None
    assert panel.teammates == []
    assert sentence_panel(rita, sentence).draft is not None


def test_a_draft_unblinds_nothing_under_independent_review(article, sentence, rita, otto):
    article.blind_review = True
    annotate_sentence(otto, sentence, AnnotationEntry(Verdict.verified))
    keep_draft(rita, sentence, secret_entry(sentence))
    panel = sentence_panel(rita, sentence)
    assert (panel.teammates, panel.hidden_flags) == ([], 1)
    assert not visibility_for(rita, article).shows_sentence(sentence.id)


def test_a_draft_is_found_by_no_search(article, sentence, rita, otto):
    keep_draft(rita, sentence, secret_entry(sentence))
    db.session.flush()
    for reader in (rita, otto):
        assert search_teams(reader, SearchQuery("zanzibar")) == []


def test_a_draft_changes_no_agreement_figure(article, sentence, rita, otto):
    annotate_sentence(otto, sentence, AnnotationEntry(Verdict.verified))
    before = repr(article_agreement(article, host_visibility(article)))
    keep_draft(rita, sentence, secret_entry(sentence))
    assert repr(article_agreement(article, host_visibility(article))) == before


@pytest.mark.parametrize("entry", registry.FORMATS.values(), ids=list(registry.FORMATS))
def test_a_draft_is_in_no_export(article, sentence, rita, otto, entry):
    if reason := entry.unavailable():
        unavailable(reason)
    annotate_sentence(otto, sentence, AnnotationEntry(Verdict.verified, "teammate's words"))
    annotate_sentence(rita, sentence, AnnotationEntry(Verdict.disputed, "saved words"))
    keep_draft(rita, sentence, secret_entry(sentence))
    keep_draft(rita, article.sentences[0], secret_entry(article.sentences[0]))
    for visibility in (host_visibility(article), visibility_for(rita, article)):
        text = exported(entry, article, visibility)
        assert "DRAFTWORDS" not in text
        assert "draft.example" not in text


# -- revisions of the article ---------------------------------------------------------------


@pytest.fixture
def editor(make_member):
    return make_member(Role.editor, name="Eda Editor")


def test_a_revision_moves_a_drafts_span_with_its_words(article, sentence, rita, editor):
    keep_draft(rita, sentence, DraftEntry("note", span_of(sentence, "International")))
    revise_article(article, editor, ArticleDraft("Talks", "New opening words. " + TEXT))
    draft = db.session.scalar(sa.select(Draft))
    assert article.text[draft.span_start : draft.span_end] == "International"
    assert draft.note == "note"


def test_a_revision_that_changes_a_drafts_words_drops_only_its_span(
    article, sentence, rita, editor
):
    keep_draft(rita, sentence, DraftEntry("note", span_of(sentence, "Narcotics")))
    keep_draft(rita, article.sentences[0], DraftEntry("no span here"))
    revise_article(article, editor, ArticleDraft("Talks", TEXT.replace("Narcotics", "Drug")))
    db.session.expire_all()
    notes = {d.note: d.span_start for d in db.session.scalars(sa.select(Draft))}
    assert notes == {"note": None, "no span here": None}
