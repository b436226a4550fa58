"""Team memory: settled sentences of other articles found by meaning, within one team only."""

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import defer

from annotator.errors import NotFound, PermissionDenied
from annotator.extensions import db
from annotator.models import Adoption, Article, AuditEvent, Role, SettledClaim, User, Verdict
from annotator.services.annotations import AnnotationEntry, SourceEntry, annotate_sentence
from annotator.services.articles import ArticleDraft, import_article
from annotator.services.drafts import DraftEntry, find_draft, keep_draft
from annotator.services.memory import (
    adopt_settlement,
    adoption_of,
    query_words,
    remember_settlement,
    settled_matches,
)
from annotator.services.settling import reopen_sentence, settle_sentence
from annotator.services.teams import create_team

SETTLED = (
    "Officials met in Geneva. She noted that Beijing has already sent notices to Chinese "
    "companies that make precursors for fentanyl and that incidents are being reported to "
    "the International Narcotics Control."
)
REWORDED = (
    "The weather was fine. Beijing had already sent notices to Chinese firms that make "
    "fentanyl precursors, and incidents are reported to the International Narcotics Control, "
    "Daskal noted."
)
SOURCE = SourceEntry("https://www.incb.org/", "INCB", "International Narcotics Control Board")


def settle_in(team, title, text, make_member, verdict=Verdict.disputed):
    """Import an article, flag its second sentence with a source and settle it."""
    article = import_article(team, None, ArticleDraft(title, text)).article
    sentence = article.sentences[1]
    reviewer = make_member(Role.reviewer, in_team=team)
    annotate_sentence(reviewer, sentence, AnnotationEntry(verdict, "No such body.", None, [SOURCE]))
    other = make_member(Role.reviewer, in_team=team)
    wrong = SourceEntry("https://example.org/other")
    annotate_sentence(other, sentence, AnnotationEntry(Verdict.verified, "", None, [wrong]))
    editor = make_member(Role.editor, in_team=team)
    resolution = settle_sentence(editor, sentence, verdict, "The body is the Board (INCB).")
    return article, resolution, editor


@pytest.fixture
def settled(team, make_member):
    return settle_in(team, "Settled talks", SETTLED, make_member)


@pytest.fixture
def reworded(team):
    article = import_article(team, None, ArticleDraft("New talks", REWORDED)).article
    return article.sentences[1]


def test_settled_matches_finds_the_reworded_claim_in_another_article(settled, reworded):
    article, resolution, _ = settled
    [match] = settled_matches(reworded)
    assert match.resolution.id == resolution.id
    assert match.article.id == article.id
    assert match.similarity >= 0.5
    assert match.text.startswith("She noted that Beijing")
    assert match.settled_at == resolution.settled_at


def test_settled_matches_bring_the_sources_of_the_settled_verdict_only(settled, reworded):
    [match] = settled_matches(reworded)
    assert [s.url for s in match.sources] == ["https://www.incb.org/"]


def test_settled_matches_skip_the_same_article(settled):
    article, _, _ = settled
    assert settled_matches(article.sentences[1]) == []


def test_settled_matches_skip_unrelated_sentences(settled, reworded):
    assert settled_matches(reworded.article.sentences[0]) == []


def test_settled_matches_never_cross_team_boundaries(make_member):
    ours = create_team("Ours", "ours")
    theirs = create_team("Theirs", "theirs")
    settle_in(theirs, "Their talks", SETTLED, make_member)
    article = import_article(ours, None, ArticleDraft("Our talks", REWORDED)).article
    assert settled_matches(article.sentences[1]) == []


def test_reopened_sentence_leaves_the_memory(settled, reworded):
    article, _, editor = settled
    reopen_sentence(editor, article.sentences[1])
    assert settled_matches(reworded) == []
    assert db.session.scalar(sa.select(sa.func.count()).select_from(SettledClaim)) == 0


def test_remember_settlement_twice_keeps_one_row(settled):
    _, resolution, _ = settled
    remember_settlement(resolution)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(SettledClaim)) == 1


def test_remember_settlement_of_an_unsettled_resolution_stores_nothing(settled):
    _, resolution, _editor = settled
    db.session.delete(db.session.get(SettledClaim, resolution.id))
    db.session.flush()
    resolution.verdict = None
    remember_settlement(resolution)
    assert db.session.get(SettledClaim, resolution.id) is None


def test_query_words_are_longest_first_and_safe():
    assert query_words('He said "x" OR NEAR(a b) 42.') == ["near", "42"]


def test_settled_matches_of_a_sentence_of_stop_words_is_empty(team):
    article = import_article(team, None, ArticleDraft("Short", "It is. And so on.")).article
    assert settled_matches(article.sentences[0]) == []


def test_adopt_settlement_copies_verdict_and_sources_and_records_the_origin(
    settled, reworded, make_member
):
    article, resolution, _ = settled
    reviewer = make_member(Role.reviewer)
    annotation = adopt_settlement(reviewer, reworded, resolution.id, 0)
    assert annotation.verdict is Verdict.disputed
    assert [s.url for s in annotation.sources] == ["https://www.incb.org/"]
    assert "Settled talks" in annotation.note
    assert "Board (INCB)" in annotation.note
    adoption = adoption_of(annotation)
    assert (adoption.origin_article_id, adoption.origin_index) == (article.id, 1)
    assert adoption.origin_resolution_id == resolution.id
    event = db.session.scalars(sa.select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert event.action == "annotation.adopt"
    assert event.after["origin_article_id"] == article.id


def test_adopt_settlement_leaves_the_reviewers_draft(settled, reworded, make_member):
    _, resolution, _ = settled
    reviewer = make_member(Role.reviewer)
    keep_draft(reviewer, reworded, DraftEntry("My own reading, not yet saved"))
    adopt_settlement(reviewer, reworded, resolution.id, 0)
    assert find_draft(reviewer, reworded).note == "My own reading, not yet saved"


def test_adopt_settlement_again_updates_the_origin(settled, reworded, make_member):
    _, resolution, _ = settled
    reviewer = make_member(Role.reviewer)
    adopt_settlement(reviewer, reworded, resolution.id)
    adopt_settlement(reviewer, reworded, resolution.id)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Adoption)) == 1


def test_adoption_of_nothing_is_none():
    assert adoption_of(None) is None


def test_adopt_settlement_of_the_same_article_is_refused(settled, make_member):
    article, resolution, _ = settled
    with pytest.raises(NotFound):
        adopt_settlement(make_member(Role.reviewer), article.sentences[0], resolution.id)


def test_adopt_settlement_from_another_team_is_refused(reworded, make_member):
    theirs = create_team("Theirs", "theirs")
    _, resolution, _ = settle_in(theirs, "Their talks", SETTLED, make_member)
    with pytest.raises(NotFound):
        adopt_settlement(make_member(Role.reviewer), reworded, resolution.id)


def test_adopt_settlement_refuses_a_viewer(settled, reworded, make_member):
    _, resolution, _ = settled
    with pytest.raises(PermissionDenied):
        adopt_settlement(make_member(Role.viewer), reworded, resolution.id)


def test_settling_a_sentence_of_an_article_loaded_without_its_text_remembers_it(team, make_member):
    article_id = import_article(team, None, ArticleDraft("Talks", SETTLED)).article.id
    editor_id = make_member(Role.editor).id
    db.session.expunge_all()
    editor = db.session.get(User, editor_id)
    # As the write views load it: the text is deferred, and loads on first use.
    article = db.session.scalars(
        sa.select(Article).where(Article.id == article_id).options(defer(Article.text))
    ).one()
    resolution = settle_sentence(editor, article.sentences[1], Verdict.disputed, "Checked.")
    assert db.session.get(SettledClaim, resolution.id).article_id == article_id
