"""The article workflow: allowed transitions, who makes them, read-only when published."""

import pytest

from annotator.errors import InvalidTransition, PermissionDenied, ValidationError
from annotator.models import ArticleState, Role, Verdict
from annotator.services.annotations import AnnotationEntry, annotate_sentence, clear_verdict
from annotator.services.articles import ArticleDraft, import_article
from annotator.services.revisions import revise_article
from annotator.services.settling import confirm_sentence, settle_sentence
from annotator.services.workflow import (
    TRANSITIONS,
    move_article,
    set_blind_review,
    transitions_from,
)

S = ArticleState
TEXT = "Officials met in Geneva. They reported to the International Narcotics Control."


@pytest.fixture
def article(team):
    return import_article(team, None, ArticleDraft("Talks", TEXT)).article


@pytest.fixture
def editor(make_member):
    return make_member(Role.editor)


def test_new_article_is_a_draft_in_blind_review(article):
    assert article.state is S.draft
    assert article.blind_review is True


@pytest.mark.parametrize(("source", "target"), list(TRANSITIONS))
def test_move_article_along_an_allowed_transition(article, editor, source, target):
    article.state = source
    assert move_article(editor, article, target).state is target


@pytest.mark.parametrize(
    ("source", "target"),
    [(s, t) for s in S for t in S if (s, t) not in TRANSITIONS],
)
def test_move_article_refuses_a_move_not_in_the_table(article, editor, source, target):
    article.state = source
    with pytest.raises(InvalidTransition, match="cannot go from"):
        move_article(editor, article, target)


def test_move_article_by_reviewer_is_refused(article, make_member):
    with pytest.raises(PermissionDenied):
        move_article(make_member(Role.reviewer), article, S.in_review)


def test_move_article_to_unknown_state_is_refused(article, editor):
    with pytest.raises(ValidationError):
        move_article(editor, article, "published")


def test_mark_settled_needs_every_flagged_sentence_settled(article, editor, make_member):
    reviewer = make_member(Role.reviewer)
    annotate_sentence(reviewer, article.sentences[1], AnnotationEntry(Verdict.disputed))
    annotate_sentence(reviewer, article.sentences[0], AnnotationEntry(Verdict.verified))
    clear_verdict(reviewer, article.sentences[0])
    article.state = S.in_review
    with pytest.raises(InvalidTransition, match="1 flagged sentence"):
        move_article(editor, article, S.settled)
    settle_sentence(editor, article.sentences[1], Verdict.disputed, "No such body.")
    assert move_article(editor, article, S.settled).state is S.settled


def test_published_article_refuses_annotations(article, editor, make_member):
    reviewer = make_member(Role.reviewer)
    article.state = S.published
    with pytest.raises(InvalidTransition, match="read-only"):
        annotate_sentence(reviewer, article.sentences[1], AnnotationEntry(Verdict.disputed))
    with pytest.raises(InvalidTransition, match="read-only"):
        clear_verdict(reviewer, article.sentences[1])


def test_transitions_from_lists_the_moves_of_a_state():
    assert [t.target for t in transitions_from(S.settled)] == [S.in_review, S.published]


def test_set_blind_review_switches_it(article, editor):
    assert set_blind_review(editor, article, False).blind_review is False
    assert set_blind_review(editor, article, False).blind_review is False


def test_set_blind_review_by_reviewer_is_refused(article, make_member):
    with pytest.raises(PermissionDenied):
        set_blind_review(make_member(Role.reviewer), article, False)


@pytest.fixture
def corrected(article, editor, make_member):
    """Sentence 2 settled Disputed, the article reopened, its words corrected."""
    reviewer = make_member(Role.reviewer)
    annotate_sentence(reviewer, article.sentences[1], AnnotationEntry(Verdict.disputed))
    settle_sentence(editor, article.sentences[1], Verdict.disputed, "No such body.")
    for state in (S.in_review, S.settled, S.published, S.in_review):
        move_article(editor, article, state)
    revised = article.text.replace("Control.", "Control Board.")
    revise_article(article, editor, ArticleDraft("Talks", revised))
    return article


def test_mark_settled_waits_for_a_changed_sentence_to_be_settled_again(corrected, editor):
    with pytest.raises(InvalidTransition, match=r"1 sentence.* changed since"):
        move_article(editor, corrected, S.settled)
    settle_sentence(editor, corrected.sentences[1], Verdict.verified, "Corrected.")
    assert move_article(editor, corrected, S.settled).state is S.settled


def test_publish_waits_for_a_changed_sentence_to_be_confirmed(corrected, editor):
    corrected.state = S.settled  # revised while settled: publishing is the move refused
    with pytest.raises(InvalidTransition, match="changed since"):
        move_article(editor, corrected, S.published)
    confirm_sentence(editor, corrected.sentences[1])
    assert move_article(editor, corrected, S.published).state is S.published
