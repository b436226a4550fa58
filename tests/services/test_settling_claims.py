"""Settling gives the claim its words: the team's rating, its claimant, where it appeared."""

import pytest
import sqlalchemy as sa

from annotator.errors import ValidationError
from annotator.extensions import db
from annotator.models import AuditEvent, ClaimantKind, Role, Verdict
from annotator.services.annotations import AnnotationEntry, annotate_sentence
from annotator.services.articles import ArticleDraft, import_article
from annotator.services.rating_scale import ratings_for
from annotator.services.settling import (
    ClaimDetails,
    reopen_sentence,
    settle_board,
    settle_sentence,
    suggest_details,
)
from annotator.services.teams import create_team

TEXT = "Ridership grew by 12 percent, said Jane Roe. It rained all day."
SOURCE = "https://news.example.com/transit"


@pytest.fixture
def article(team):
    draft = ArticleDraft("Transit", TEXT, source_url=SOURCE, publisher="Daily Example")
    return import_article(team, None, draft).article


@pytest.fixture
def editor(make_member):
    return make_member(Role.editor, name="Edna")


def rating(team_id, verdict, position=0):
    return ratings_for(team_id, verdict)[position]


def test_settling_without_details_takes_every_suggestion(article, editor):
    quoted = settle_sentence(editor, article.sentences[0], Verdict.disputed, "No.")
    assert (quoted.rating.label, quoted.claimant_name, quoted.claimant_kind, quoted.claim_url) == (
        "Misleading",
        "Jane Roe",
        ClaimantKind.person,
        SOURCE,
    )
    plain = settle_sentence(editor, article.sentences[1], Verdict.unverified, "Who knows.")
    assert (plain.rating.label, plain.claimant_name, plain.claimant_kind) == (
        "Unproven",
        "Daily Example",
        ClaimantKind.organization,
    )


def test_settling_with_details_stores_them_trimmed_and_records_them(article, editor):
    false = rating(article.team_id, Verdict.disputed, 1)
    details = ClaimDetails(false.id, "  Transit Office ", "organization", " https://x.org/a ")
    found = settle_sentence(editor, article.sentences[0], Verdict.disputed, "No.", None, details)
    assert (found.rating, found.claimant_name, found.claimant_kind, found.claim_url) == (
        false,
        "Transit Office",
        ClaimantKind.organization,
        "https://x.org/a",
    )
    event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "sentence.settle"))
    assert event.after == {
        "verdict": "disputed",
        "rationale": "No.",
        "rating": "False",
        "claimant": "Transit Office",
        "claimant_kind": "organization",
        "claim_url": "https://x.org/a",
    }


def test_empty_claimant_and_address_mean_nobody_and_the_article(article, editor):
    details = ClaimDetails(None, "", ClaimantKind.person, "")
    found = settle_sentence(editor, article.sentences[0], Verdict.verified, "Yes.", None, details)
    assert (found.claimant_name, found.claim_url) == ("", "")


def test_settling_again_keeps_the_rating_while_the_verdict_holds(article, editor):
    sentence = article.sentences[0]
    false = rating(article.team_id, Verdict.disputed, 1)
    settle_sentence(editor, sentence, Verdict.disputed, "No.", None, ClaimDetails(false.id))
    again = settle_sentence(editor, sentence, Verdict.disputed, "Still no.")
    assert again.rating == false
    changed = settle_sentence(editor, sentence, Verdict.verified, "Yes after all.")
    assert changed.rating.label == "Accurate"


def test_reopening_clears_the_rating_and_keeps_the_claimant_as_suggestion(article, editor):
    sentence = article.sentences[1]
    details = ClaimDetails(None, "Weather Office", "organization", "https://w.example/")
    settle_sentence(editor, sentence, Verdict.verified, "Yes.", None, details)
    reopened = reopen_sentence(editor, sentence)
    assert (reopened.verdict, reopened.rating) == (None, None)
    assert suggest_details(sentence, reopened).claimant_name == "Weather Office"


def test_every_problem_of_a_settlement_is_told_at_once(article, editor):
    accurate = rating(article.team_id, Verdict.verified)
    details = ClaimDetails(accurate.id, "J" * 201, "robot", "javascript:alert(1)")
    with pytest.raises(ValidationError) as refused:
        settle_sentence(editor, article.sentences[0], Verdict.disputed, "x\x00", None, details)
    fields = refused.value.fields
    assert set(fields) == {"rationale", "rating", "claimant_name", "claimant_kind", "claim_url"}
    assert fields["rating"] == (
        "“Accurate” stands for verified, not disputed: choose “Misleading”, “False”."
    )
    assert fields["claimant_name"].startswith("Who made the claim: ")
    assert fields["claim_url"].startswith("Where the claim appeared: ")


@pytest.mark.parametrize("kind", [None, 3])
def test_a_kind_that_is_none_of_them_is_refused(article, editor, kind):
    details = ClaimDetails(None, "Jane", kind, "")
    if kind is None:  # None takes the suggestion
        settle_sentence(editor, article.sentences[0], Verdict.verified, "Y.", None, details)
        return
    with pytest.raises(ValidationError, match="a person or an organisation"):
        settle_sentence(editor, article.sentences[0], Verdict.verified, "Y.", None, details)


def test_a_verdict_that_is_none_refuses_without_choosing_a_rating(article, editor):
    with pytest.raises(ValidationError) as refused:
        settle_sentence(editor, article.sentences[0], None, "x")
    assert set(refused.value.fields) == {"verdict", "rating"}


def test_another_teams_rating_is_refused(article, editor):
    theirs = rating(create_team("Other desk", "other-desk").id, Verdict.verified)
    with pytest.raises(ValidationError, match="Choose a rating from your team's scale"):
        settle_sentence(
            editor, article.sentences[0], Verdict.verified, "Y.", None, ClaimDetails(theirs.id)
        )


def test_the_board_offers_the_scale_and_each_cases_suggestion(article, editor, make_member):
    reviewer = make_member(Role.reviewer, name="Ada")
    annotate_sentence(reviewer, article.sentences[0], AnnotationEntry(Verdict.disputed))
    annotate_sentence(reviewer, article.sentences[1], AnnotationEntry(Verdict.verified))
    false = rating(article.team_id, Verdict.disputed, 1)
    settle_sentence(editor, article.sentences[1], Verdict.verified, "Y.")
    board = settle_board(article)
    assert [e.label for e in board.ratings][:2] == ["Accurate", "Mostly accurate"]
    first, second = board.cases
    assert (first.suggestion.claimant_name, board.rating_for(first).label) == (
        "Jane Roe",
        "Misleading",
    )
    assert board.rating_for(second).label == "Accurate"  # the one given
    first.proposed = None
    assert board.rating_for(first) is None
    assert false in board.ratings
