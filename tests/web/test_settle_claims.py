"""Settling gives the claim its words: the team's rating, who made it, where it appeared."""

import pytest
import sqlalchemy as sa

from annotator.extensions import db
from annotator.models import ClaimantKind, Resolution, Role, Verdict
from annotator.services.annotations import AnnotationEntry, annotate_sentence
from annotator.services.articles import ArticleDraft, import_article
from annotator.services.rating_scale import ratings_for

TEXT = "Ridership grew by 12 percent, said Jane Roe, the mayor. It rained all day."
SOURCE = "https://news.example.com/transit"


@pytest.fixture
def article(team):
    draft = ArticleDraft("Transit", TEXT, source_url=SOURCE, publisher="Daily Example")
    article = import_article(team, None, draft).article
    db.session.commit()
    return article


@pytest.fixture
def editor(make_member, login):
    return login(make_member(Role.editor, name="Edna"))


def flag(user, article, index, verdict):
    annotate_sentence(user, article.sentences[index], AnnotationEntry(Verdict(verdict), "Why."))
    db.session.commit()


def settle(client, article, index=0, **data):
    return client.post(
        f"/articles/{article.id}/sentences/{index}/settle",
        data={"version": "0", **data},
        follow_redirects=True,
    )


def resolution() -> Resolution:
    return db.session.scalar(sa.select(Resolution))


def test_board_suggests_the_quoted_claimant_the_source_and_the_verdicts_first_rating(
    client, article, editor, make_member
):
    flag(make_member(Role.reviewer, name="Ada"), article, 0, "disputed")
    board = client.get(f"/articles/{article.id}/settle").text
    assert 'name="claimant_name" value="Jane Roe"' in board
    assert 'name="claimant_kind" value="person" checked' in board
    assert f'name="claim_url" value="{SOURCE}"' in board
    misleading = ratings_for(article.team_id, Verdict.disputed)[0]
    assert f'<option value="{misleading.id}" data-verdict="disputed" selected>Misleading' in board
    assert "Settle as Disputed · Misleading" in board


def test_one_click_settlement_takes_every_suggestion(client, article, editor, make_member):
    flag(make_member(Role.reviewer, name="Ada"), article, 0, "disputed")
    settle(client, article, verdict="disputed")
    found = resolution()
    assert (found.rating.label, found.claimant_name, found.claimant_kind, found.claim_url) == (
        "Misleading",
        "Jane Roe",
        ClaimantKind.person,
        SOURCE,
    )


def test_settling_with_every_field_stores_them_and_shows_them(client, article, editor):
    false = ratings_for(article.team_id, Verdict.disputed)[1]
    page = settle(
        client,
        article,
        1,
        verdict="disputed",
        rationale="No rain.",
        rating_id=str(false.id),
        claimant_name="Weather Office",
        claimant_kind="organization",
        claim_url="https://weather.example.org/today",
    ).text
    assert "Sentence 2 is settled as disputed." in page
    found = resolution()
    assert (found.rating_id, found.claimant_name, found.claimant_kind, found.claim_url) == (
        false.id,
        "Weather Office",
        ClaimantKind.organization,
        "https://weather.example.org/today",
    )
    board = client.get(f"/articles/{article.id}/settle?show=settled").text
    assert '<span class="rating-label">False</span>' in board
    assert "Claim by Weather Office (organization)" in board
    panel = client.get(f"/articles/{article.id}/sentences/1").text
    assert '<span class="rating-label">False</span>' in panel


def test_an_empty_claimant_says_nobody_made_the_claim(client, article, editor):
    settle(client, article, 1, verdict="verified", rationale="Sun.", claimant_name="")
    assert resolution().claimant_name == ""


def test_every_problem_is_told_at_once_and_nothing_is_settled(client, article, editor):
    accurate = ratings_for(article.team_id, Verdict.verified)[0]
    page = settle(
        client,
        article,
        1,
        verdict="disputed",
        rationale="x",
        rating_id=str(accurate.id),
        claimant_name="A" * 201,
        claimant_kind="robot",
        claim_url="javascript:alert(1)",
    ).text
    assert "Sentence 2 is not settled" in page
    assert "Who made the claim: Use at most 200 characters." in page
    assert "Where the claim appeared" in page
    assert resolution() is None


def test_service_refusals_are_told_at_once(client, article, editor):
    accurate = ratings_for(article.team_id, Verdict.verified)[0]
    page = settle(
        client,
        article,
        1,
        verdict="disputed",
        rationale="x",
        rating_id=str(accurate.id),
        claimant_kind="robot",
        claim_url="ftp://example.org/x",
    ).text
    assert "“Accurate” stands for verified, not disputed: choose “Misleading”, “False”." in page
    assert "Choose whether a person or an organisation made the claim." in page
    assert "Where the claim appeared:" in page
    assert resolution() is None


def test_another_teams_rating_is_refused(client, article, editor):
    from annotator.services.teams import create_team

    other = create_team("Other desk", "other-desk")
    theirs = ratings_for(other.id, Verdict.verified)[0]
    db.session.commit()
    page = settle(
        client, article, 1, verdict="verified", rationale="x", rating_id=str(theirs.id)
    ).text
    assert "Choose a rating from your team&#39;s scale." in page
    assert resolution() is None
