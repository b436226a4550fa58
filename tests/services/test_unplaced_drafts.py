"""Unplaced drafts: a revision that loses a sentence keeps the drafts on it, for their authors."""

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.errors import InvalidTransition, NotFound, PermissionDenied, ValidationError
from annotator.exports import registry
from annotator.extensions import db
from annotator.models import ArticleState, AuditEvent, Draft, Role
from annotator.services.articles import ArticleDraft, import_article
from annotator.services.drafts import (
    DraftEntry,
    attach_unplaced_draft,
    discard_unplaced_draft,
    draft_of,
    find_unplaced_draft,
    keep_draft,
)
from annotator.services.entries import SourceEntry
from annotator.services.live import changes_since
from annotator.services.revisions import revise_article, unplaced_work
from annotator.services.search import SearchQuery, search_teams
from annotator.services.teams import create_team
from annotator.services.visibility import host_visibility, visibility_for
from tests.conftest import empty_all_tables, unavailable
from tests.exports.test_blind_review import exported
from tests.services.conftest import span_of
from tests.services.test_drafts import SECRET, SECRET_URL, secret_entry

FIRST, LOST, LAST = (
    "Officials met in Geneva.",
    "They reported to the International Narcotics Control.",
    "The board answered in May.",
)
TEXT = f"{FIRST} {LOST} {LAST}"
WITHOUT_LOST = f"{FIRST} {LAST}"


@pytest.fixture
def article(team):
    article = import_article(team, None, ArticleDraft("Talks", TEXT)).article
    article.blind_review = False
    db.session.flush()
    return article


@pytest.fixture
def editor(make_member):
    return make_member(Role.editor, name="Eda Editor")


def lose_sentence(article, editor):
    return revise_article(article, editor, ArticleDraft("Talks", WITHOUT_LOST))


@pytest.fixture
def unplaced(article, rita, editor):
    """Rita's draft (note, span, a source) on the sentence a revision then loses."""
    keep_draft(rita, article.sentences[1], secret_entry(article.sentences[1]))
    lose_sentence(article, editor)
    db.session.expire_all()
    return db.session.scalar(sa.select(Draft))


# -- a revision unplaces drafts -------------------------------------------------------------


def test_a_revision_that_loses_a_sentence_keeps_its_draft_unplaced(unplaced, article):
    assert (unplaced.sentence_id, unplaced.article_id) == (None, None)
    assert unplaced.unplaced_article_id == article.id
    assert unplaced.reviewed_text == LOST
    assert unplaced.note == f"{SECRET} note"
    assert unplaced.sources == [
        {"url": SECRET_URL, "title": f"{SECRET} title", "quote": f"{SECRET} quote"}
    ]
    # The span's offsets pointed into the old text; its words are in reviewed_text.
    assert (unplaced.span_start, unplaced.span_end) == (None, None)


def test_a_revision_leaves_drafts_on_kept_sentences_placed(article, rita, editor):
    keep_draft(
        rita, article.sentences[2], DraftEntry("on the last", span_of(article.sentences[2], "May"))
    )
    keep_draft(rita, article.sentences[1], DraftEntry("on the lost"))
    lose_sentence(article, editor)
    db.session.expire_all()
    placed = db.session.scalar(sa.select(Draft).where(Draft.note == "on the last"))
    assert placed.sentence.index == 1
    assert placed.unplaced_article_id is None
    assert article.text[placed.span_start : placed.span_end] == "May"


def test_a_later_revision_leaves_an_unplaced_draft_alone(unplaced, article, editor):
    revise_article(article, editor, ArticleDraft("Talks", f"{LAST} {FIRST}"))
    db.session.expire_all()
    assert unplaced.unplaced_article_id == article.id
    assert unplaced.reviewed_text == LOST


def test_the_revision_report_and_event_say_nothing_of_drafts(article, rita, editor):
    keep_draft(rita, article.sentences[1], secret_entry(article.sentences[1]))
    report = lose_sentence(article, editor)
    assert report.unplaced_count == 0
    event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "article.revise"))
    assert "draft" not in repr(event.after).lower()


def test_deleting_the_article_deletes_its_unplaced_drafts(unplaced, article):
    db.session.delete(article)
    db.session.flush()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Draft)) == 0


# -- only the author sees it ----------------------------------------------------------------


def test_only_the_author_finds_an_unplaced_draft_in_the_unplaced_list(
    unplaced, article, rita, otto, editor
):
    assert unplaced_work(article, visibility_for(rita, article)).drafts == [unplaced]
    for reader in (otto, editor):
        work = unplaced_work(article, visibility_for(reader, article))
        assert work.drafts == []
        assert not work
    assert unplaced_work(article, host_visibility(article)).drafts == []


def test_an_unplaced_draft_counts_in_its_authors_list(unplaced, article, rita):
    work = unplaced_work(article, visibility_for(rita, article))
    assert work
    assert work.count == 1


def test_a_teammate_cannot_find_discard_or_move_my_unplaced_draft(unplaced, article, otto):
    for act in (
        lambda: find_unplaced_draft(otto, article, unplaced.id),
        lambda: discard_unplaced_draft(otto, article, unplaced.id),
        lambda: attach_unplaced_draft(otto, article, unplaced.id, 0),
    ):
        with pytest.raises(NotFound):
            act()
    assert db.session.get(Draft, unplaced.id).unplaced_article_id == article.id


def test_a_viewer_may_not_act_on_unplaced_drafts(unplaced, article, make_member):
    viewer = make_member(Role.viewer, name="Vic Viewer")
    with pytest.raises(PermissionDenied):
        discard_unplaced_draft(viewer, article, unplaced.id)


def test_an_unplaced_draft_of_another_article_is_not_found(unplaced, team, rita):
    other = import_article(team, None, ArticleDraft("Other", "Something else entirely.")).article
    with pytest.raises(NotFound):
        find_unplaced_draft(rita, other, unplaced.id)


def test_an_unplaced_draft_is_found_by_no_search(unplaced, rita, otto):
    for reader in (rita, otto):
        assert search_teams(reader, SearchQuery("zanzibar")) == []


def test_an_unplaced_draft_is_in_no_live_change(article, rita, editor):
    keep_draft(rita, article.sentences[1], secret_entry(article.sentences[1]))
    lose_sentence(article, editor)
    assert SECRET not in repr(changes_since(rita, article, 0))


@pytest.mark.parametrize("entry", registry.FORMATS.values(), ids=list(registry.FORMATS))
def test_an_unplaced_draft_is_in_no_export(unplaced, article, rita, entry):
    if reason := entry.unavailable():
        unavailable(reason)
    for visibility in (host_visibility(article), visibility_for(rita, article)):
        text = exported(entry, article, visibility)
        assert "DRAFTWORDS" not in text
        assert "draft.example" not in text


# -- discarding and moving ------------------------------------------------------------------


def test_the_author_discards_their_unplaced_draft(unplaced, article, rita):
    discard_unplaced_draft(rita, article, unplaced.id)
    assert db.session.get(Draft, unplaced.id) is None


def test_the_author_moves_their_unplaced_draft_onto_a_sentence(unplaced, article, rita):
    moved = attach_unplaced_draft(rita, article, unplaced.id, 1)
    sentence = article.sentences[1]
    assert draft_of(rita, sentence) is moved
    assert (moved.article_id, moved.unplaced_article_id, moved.reviewed_text) == (
        article.id,
        None,
        None,
    )
    assert moved.note == f"{SECRET} note"
    assert moved.sources[0]["url"] == SECRET_URL
    assert unplaced_work(article, visibility_for(rita, article)).drafts == []


def test_moving_onto_a_sentence_with_my_draft_is_refused(unplaced, article, rita):
    keep_draft(rita, article.sentences[0], DraftEntry("newer words"))
    with pytest.raises(ValidationError) as refused:
        attach_unplaced_draft(rita, article, unplaced.id, 0)
    assert "already" in refused.value.fields["sentence"]
    assert draft_of(rita, article.sentences[0]).note == "newer words"


def test_moving_onto_a_sentence_with_a_teammates_draft_is_allowed(unplaced, article, rita, otto):
    keep_draft(otto, article.sentences[0], DraftEntry("Otto's words"))
    attach_unplaced_draft(rita, article, unplaced.id, 0)
    assert draft_of(otto, article.sentences[0]).note == "Otto's words"
    assert draft_of(rita, article.sentences[0]).note == f"{SECRET} note"


@pytest.mark.parametrize("index", [None, -1, 2, 99])
def test_moving_needs_a_sentence_of_the_article(unplaced, article, rita, index):
    with pytest.raises(ValidationError):
        attach_unplaced_draft(rita, article, unplaced.id, index)


def test_a_published_article_keeps_its_unplaced_drafts_as_they_are(unplaced, article, rita):
    article.state = ArticleState.published
    for act in (
        lambda: discard_unplaced_draft(rita, article, unplaced.id),
        lambda: attach_unplaced_draft(rita, article, unplaced.id, 0),
    ):
        with pytest.raises(InvalidTransition):
            act()
    assert db.session.get(Draft, unplaced.id).unplaced_article_id == article.id


def test_a_moved_draft_follows_the_next_revision_like_any_draft(unplaced, article, rita, editor):
    attach_unplaced_draft(rita, article, unplaced.id, 1)
    revise_article(article, editor, ArticleDraft("Talks", FIRST))
    db.session.expire_all()
    moved = db.session.get(Draft, unplaced.id)
    assert (moved.sentence_id, moved.reviewed_text) == (None, LAST)


# -- the property: a revision never makes a draft's words unreachable -----------------------

SENTENCES = [f"Report {n} counted {n}00 cases." for n in range(5)]


@settings(
    max_examples=15,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    drafts=st.lists(
        st.tuples(st.sampled_from(["rita", "otto"]), st.integers(0, 4), st.booleans()),
        max_size=8,
        unique_by=lambda d: d[:2],
    ),
    kept=st.lists(st.integers(0, 4), min_size=1, max_size=5, unique=True),
)
def test_a_revision_never_makes_a_drafts_words_unreachable(app, make_member, drafts, kept):
    # The previous example's transaction holds SQLite's write lock: end it before emptying.
    db.session.remove()
    empty_all_tables()
    db.session.remove()
    team = create_team("Desk", "desk")
    people = {
        name: make_member(Role.reviewer, name=name, in_team=team) for name in ("rita", "otto")
    }
    editor = make_member(Role.editor, name="Edith", in_team=team)
    article = import_article(team, None, ArticleDraft("Cases", " ".join(SENTENCES))).article
    typed = {}
    for who, index, with_source in drafts:
        sentence = article.sentences[index]
        note = f"{who} on {index}"
        sources = [SourceEntry(f"https://example.org/{who}/{index}", "t", "q")] * with_source
        keep_draft(people[who], sentence, DraftEntry(note, span_of(sentence, "cases"), sources))
        typed[note] = (people[who].id, [s.as_row() for s in sources])
    new_text = " ".join(SENTENCES[i] for i in sorted(kept))
    if new_text != article.text:
        revise_article(article, editor, ArticleDraft("Cases", new_text))
    db.session.expire_all()
    for person in people.values():
        placed = db.session.scalars(
            sa.select(Draft).where(Draft.reviewer_id == person.id, Draft.sentence_id.is_not(None))
        )
        unplaced = unplaced_work(article, visibility_for(person, article)).drafts
        reachable = {d.note: (d.reviewer_id, d.sources) for d in [*placed, *unplaced]}
        mine = {note: row for note, row in typed.items() if row[0] == person.id}
        assert reachable == mine
        for draft in unplaced:
            assert draft.reviewed_text in SENTENCES
            assert draft.span_start is None
