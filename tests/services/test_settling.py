"""Settling a sentence's final verdict, consensus, reopening, the editor's board."""

import pytest

from annotator.errors import InvalidTransition, PermissionDenied, StaleVersion, ValidationError
from annotator.extensions import db
from annotator.models import ArticleState, Notification, NotificationKind, Role, Stance, Verdict
from annotator.services.annotations import AnnotationEntry, SourceEntry, annotate_sentence
from annotator.services.articles import ArticleDraft, import_article
from annotator.services.reviews import respond_to_annotation
from annotator.services.settling import (
    CaseFilter,
    confirm_sentence,
    consensus,
    consensus_rationale,
    reopen_sentence,
    settle_board,
    settle_sentence,
)
from bench.workload import build_reviewed_article
from tests.conftest import PASSWORD

TEXT = "Officials met in Geneva. They reported to the International Narcotics Control. It rained."


@pytest.fixture
def article(team):
    return import_article(team, None, ArticleDraft("Talks", TEXT)).article


@pytest.fixture
def editor(make_member):
    return make_member(Role.editor, name="Edna")


@pytest.fixture
def reviewers(make_member):
    return make_member(Role.reviewer, name="Ada"), make_member(Role.reviewer, name="Ben")


def flag(reviewer, article, index, verdict):
    return annotate_sentence(reviewer, article.sentences[index], AnnotationEntry(Verdict(verdict)))


def test_settle_sentence_stores_final_verdict_and_tells_reviewers(article, editor, reviewers):
    ada, ben = reviewers
    flag(ada, article, 1, "disputed")
    flag(ben, article, 1, "verified")
    resolution = settle_sentence(editor, article.sentences[1], Verdict.disputed, "No such body.")
    assert (resolution.verdict, resolution.settled_by, resolution.version) == (
        Verdict.disputed,
        editor,
        1,
    )
    told = db.session.scalars(
        db.select(Notification.user_id).where(Notification.kind == NotificationKind.settled)
    ).all()
    assert sorted(told) == sorted([ada.id, ben.id])


@pytest.mark.parametrize(
    ("verdict", "rationale", "field"),
    [
        ("disputed", "why", "verdict"),
        (Verdict.verified, "x" * 5_001, "rationale"),
        (Verdict.verified, "Seen\x00.", "rationale"),
    ],
    ids=["not a verdict", "rationale too long", "unusable character"],
)
def test_settle_sentence_refuses_bad_input(article, editor, verdict, rationale, field):
    with pytest.raises(ValidationError) as caught:
        settle_sentence(editor, article.sentences[1], verdict, rationale)
    assert field in caught.value.fields


def test_settle_sentence_by_reviewer_is_refused(article, reviewers):
    with pytest.raises(PermissionDenied):
        settle_sentence(reviewers[0], article.sentences[1], Verdict.disputed, "why")


def test_settle_sentence_on_stale_view_is_refused(article, editor):
    settle_sentence(editor, article.sentences[1], Verdict.disputed, "why")
    with pytest.raises(StaleVersion):
        settle_sentence(editor, article.sentences[1], Verdict.verified, "other", 0)


def test_settle_sentence_on_published_article_is_refused(article, editor):
    article.state = ArticleState.published
    with pytest.raises(InvalidTransition):
        settle_sentence(editor, article.sentences[1], Verdict.disputed, "why")


def test_reopen_sentence_clears_final_verdict_and_allows_settling_again(article, editor):
    settle_sentence(editor, article.sentences[1], Verdict.disputed, "why")
    reopened = reopen_sentence(editor, article.sentences[1], 1)
    assert (reopened.verdict, reopened.version) == (None, 2)
    again = settle_sentence(editor, article.sentences[1], Verdict.verified, "checked", 2)
    assert (again.verdict, again.version) == (Verdict.verified, 3)


def test_reopen_sentence_never_settled_changes_nothing(article, editor):
    assert reopen_sentence(editor, article.sentences[1]) is None


def test_consensus_needs_every_reviewer_to_agree(article, reviewers):
    ada, ben = reviewers
    same = [flag(ada, article, 0, "verified"), flag(ben, article, 0, "verified")]
    split = [flag(ada, article, 1, "verified"), flag(ben, article, 1, "disputed")]
    assert consensus(same) is Verdict.verified
    assert consensus(split) is None
    assert consensus([]) is None


def test_settle_sentence_without_rationale_as_every_reviewer_found_writes_a_default(
    article, editor, reviewers
):
    ada, ben = reviewers
    entry = AnnotationEntry(
        Verdict.disputed, "No such body exists.", None, [SourceEntry("https://un.org", "UN list")]
    )
    annotate_sentence(ada, article.sentences[1], entry)
    flag(ben, article, 1, "disputed")
    resolution = settle_sentence(editor, article.sentences[1], Verdict.disputed, "  ")
    assert resolution.rationale_is_default
    assert resolution.rationale == (
        "Our reviewers found this claim disputed by the evidence: No such body exists. "
        "Sources: UN list."
    )


def test_settle_sentence_with_own_rationale_replaces_the_default(article, editor, reviewers):
    flag(reviewers[0], article, 1, "disputed")
    settle_sentence(editor, article.sentences[1], Verdict.disputed, "")
    resolution = settle_sentence(editor, article.sentences[1], Verdict.disputed, "Mine.", 1)
    assert (resolution.rationale, resolution.rationale_is_default) == ("Mine.", False)


@pytest.mark.parametrize("verdicts", [[], ["verified", "disputed"], ["verified"]])
def test_settle_sentence_without_rationale_against_the_reviewers_is_refused(
    article, editor, reviewers, verdicts
):
    for reviewer, verdict in zip(reviewers, verdicts, strict=False):
        flag(reviewer, article, 1, verdict)
    with pytest.raises(ValidationError) as caught:
        settle_sentence(editor, article.sentences[1], Verdict.disputed, "")
    assert "every reviewer found" in caught.value.fields["rationale"]


def test_consensus_rationale_reads_as_a_sentence_for_readers(article, reviewers):
    annotations = [flag(reviewer, article, 1, "verified") for reviewer in reviewers]
    text = consensus_rationale(Verdict.verified, annotations)
    assert text == "Our reviewers checked this claim and found it accurate."


def test_settle_board_shows_every_reviewers_work_side_by_side(article, editor, reviewers):
    ada, ben = reviewers
    first = flag(ada, article, 1, "disputed")
    flag(ben, article, 1, "verified")
    flag(ada, article, 2, "unverified")
    flag(ben, article, 2, "unverified")
    respond_to_annotation(editor, first, Stance.agree)
    settle_sentence(editor, article.sentences[2], Verdict.unverified, "agreed")
    board = settle_board(article)
    assert [case.sentence.index for case in board.cases] == [1, 2]
    disputed_case, agreed_case = board.cases
    assert [r.stance for r in disputed_case.responses[first.id]] == [Stance.agree]
    assert disputed_case.proposed is None
    assert agreed_case.proposed is Verdict.unverified
    assert [case.sentence.index for case in board.open_cases] == [1]


def test_settle_board_loads_in_constant_queries(article, editor, reviewers, make_member):
    from sqlalchemy import event

    def count_queries(build):
        seen = []
        listener = lambda *args: seen.append(1)  # noqa: E731
        event.listen(db.engine, "before_cursor_execute", listener)
        try:
            build()
        finally:
            event.remove(db.engine, "before_cursor_execute", listener)
        return len(seen)

    for reviewer in reviewers:
        flag(reviewer, article, 1, "disputed")
    db.session.commit()
    small = count_queries(lambda: settle_board(article))
    extra = make_member(Role.reviewer)
    for index in range(3):
        flag(extra, article, index, "verified")
    db.session.commit()
    db.session.expire_all()
    assert count_queries(lambda: settle_board(article)) == small


def test_settle_board_for_chosen_sentences_only(article, editor, reviewers):
    flag(reviewers[0], article, 0, "verified")
    flag(reviewers[0], article, 1, "verified")
    board = settle_board(article, [article.sentences[1].id])
    assert [case.sentence.index for case in board.cases] == [1]


@pytest.fixture
def large(team):
    """Sixty flagged sentences, every tenth settled: two pages."""
    return build_reviewed_article(team, 60, 1, PASSWORD).article


def test_settle_board_shows_one_page_and_counts_every_case(large):
    board = settle_board(large, page=2)
    assert [case.sentence.index for case in board.cases] == list(range(50, 60))
    assert (board.total, board.settled, board.open) == (60, 6, 54)


def test_settle_board_at_a_sentence_shows_the_page_holding_it(large):
    assert settle_board(large, at=55).window.number == 2


@pytest.mark.parametrize(
    ("show", "expected"),
    [(CaseFilter.all, [0, 1, 2]), (CaseFilter.open, [1, 2]), (CaseFilter.settled, [0])],
)
def test_settle_board_lists_open_or_settled_sentences(article, editor, reviewers, show, expected):
    for index in range(3):
        flag(reviewers[0], article, index, "verified")
    settle_sentence(editor, article.sentences[0], Verdict.verified, "Matches.")
    settle_sentence(editor, article.sentences[1], Verdict.verified, "Matches.")
    reopen_sentence(editor, article.sentences[1])
    assert [case.sentence.index for case in settle_board(article, show=show).cases] == expected


@pytest.fixture
def changed(article, editor, reviewers):
    """Sentence 2 settled Disputed, then its words corrected by a revision."""
    from annotator.services.revisions import revise_article

    flag(reviewers[0], article, 1, "disputed")
    resolution = settle_sentence(editor, article.sentences[1], Verdict.disputed, "No such body.")
    revise_article(article, editor, ArticleDraft("Talks", TEXT.replace("Control.", "Board.")))
    db.session.refresh(resolution)
    return resolution


def test_confirm_sentence_clears_the_changed_mark_and_records_it(article, editor, changed):
    from annotator.models import AuditEvent

    confirm_sentence(editor, article.sentences[1], changed.version)
    assert (changed.verdict, changed.reviewed_text, changed.version) == (
        Verdict.disputed,
        None,
        3,
    )
    event = db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "sentence.confirm"))
    assert event.before["reviewed_text"].endswith("Narcotics Control.")
    assert event.after == {
        "verdict": "disputed",
        "rationale": "No such body.",
        "rating": "Misleading",
        "claimant": "",
        "claimant_kind": "organization",
        "claim_url": "",
    }


def test_settle_sentence_again_clears_the_changed_mark(article, editor, changed):
    settle_sentence(editor, article.sentences[1], Verdict.verified, "Now right.", changed.version)
    assert (changed.verdict, changed.reviewed_text) == (Verdict.verified, None)


def test_confirm_sentence_refuses_a_sentence_that_did_not_change(article, editor):
    settle_sentence(editor, article.sentences[1], Verdict.disputed, "No such body.")
    with pytest.raises(InvalidTransition, match="to confirm"):
        confirm_sentence(editor, article.sentences[1])


def test_confirm_sentence_refuses_reviewers(article, reviewers, changed):
    with pytest.raises(PermissionDenied):
        confirm_sentence(reviewers[0], article.sentences[1])


def test_confirm_sentence_on_stale_view_is_refused(article, editor, changed):
    with pytest.raises(StaleVersion):
        confirm_sentence(editor, article.sentences[1], 0)


def test_settle_board_counts_a_changed_final_verdict_as_open(article, editor, changed):
    board = settle_board(article)
    assert (board.total, board.settled, board.open) == (1, 0, 1)
    (case,) = board.cases
    assert case.awaiting
    assert [c.sentence.index for c in settle_board(article, show=CaseFilter.open).cases] == [1]


@pytest.mark.parametrize(
    ("asked", "show"),
    [
        ("open", CaseFilter.open),
        ("settled", CaseFilter.settled),
        (None, CaseFilter.all),
        ("", CaseFilter.all),
        ("Open", CaseFilter.all),
        ("__class__", CaseFilter.all),
    ],
)
def test_case_filter_reads_the_query_and_falls_back_to_all(asked, show):
    assert CaseFilter.asked(asked) is show
