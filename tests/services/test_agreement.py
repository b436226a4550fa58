"""Agreement figures of articles and teams from reviewers' current verdicts."""

import pytest

from annotator.extensions import db
from annotator.models import Role, Verdict
from annotator.services.agreement import (
    RELIABLE_FROM,
    ArticleAgreement,
    article_agreement,
    caution_for,
    team_agreement,
)
from annotator.services.annotations import AnnotationEntry, annotate_sentence, clear_verdict
from annotator.services.articles import ArticleDraft, import_article
from annotator.services.teams import create_team
from annotator.services.visibility import host_visibility, visibility_for

TEXT = "One claim here. Two claims there. Three claims everywhere. Four is enough."


@pytest.fixture
def article(team):
    return import_article(team, None, ArticleDraft("Claims", TEXT)).article


@pytest.fixture
def reviewers(make_member):
    return [make_member(Role.reviewer, name=name) for name in ("Ada", "Ben", "Cy")]


def judge(reviewer, article, verdicts):
    for sentence, verdict in zip(article.sentences, verdicts, strict=False):
        if verdict is not None:
            annotate_sentence(reviewer, sentence, AnnotationEntry(Verdict(verdict)))


def test_article_agreement_of_unanimous_reviewers_is_perfect(article, reviewers):
    for reviewer in reviewers[:2]:
        judge(reviewer, article, ["verified", "disputed", "unverified"])
    figures = article_agreement(article, host_visibility(article))
    assert figures.alpha == 1.0
    assert figures.percent == 1.0
    assert figures.disagreements == []
    assert [(p.reviewer_a.name, p.reviewer_b.name, p.kappa, p.n) for p in figures.pairwise] == [
        ("Ada", "Ben", 1.0, 3)
    ]


def test_agreement_over_few_sentences_carries_a_caution(article, reviewers):
    for reviewer in reviewers[:2]:
        judge(reviewer, article, ["verified", "disputed"])
    figures = article_agreement(article, host_visibility(article))
    assert figures.caution == (
        "Too few sentences compared (2) to rely on this figure: it steadies from about 10."
    )
    assert figures.pairwise[0].caution == figures.caution


@pytest.mark.parametrize(
    ("compared", "cautioned"),
    [(0, True), (RELIABLE_FROM - 1, True), (RELIABLE_FROM, False), (500, False)],
)
def test_caution_for_stops_at_the_threshold(compared, cautioned):
    assert bool(caution_for(compared)) is cautioned
    assert bool(ArticleAgreement(sentences_compared=compared).caution) is cautioned


def test_article_agreement_lists_sentences_where_verdicts_differ(article, reviewers):
    ada, ben, _ = reviewers
    judge(ada, article, ["verified", "disputed", "verified", "verified"])
    judge(ben, article, ["verified", "verified", "verified", "disputed"])
    figures = article_agreement(article, host_visibility(article))
    assert figures.disagreements == [article.sentences[1].id, article.sentences[3].id]
    assert figures.percent == 0.5
    assert figures.sentences_compared == 4
    assert figures.alpha < 0.5


def test_article_agreement_treats_cleared_verdicts_as_missing(article, reviewers):
    ada, ben, _ = reviewers
    judge(ada, article, ["verified", "disputed"])
    judge(ben, article, ["verified", "verified"])
    clear_verdict(ben, article.sentences[1])
    figures = article_agreement(article, host_visibility(article))
    assert figures.disagreements == []
    assert figures.pairwise[0].n == 1


def test_article_agreement_without_verdicts_is_undefined(article):
    figures = article_agreement(article, host_visibility(article))
    assert (figures.alpha, figures.percent, figures.pairwise) == (None, None, [])


def test_team_agreement_pools_articles_of_the_team_only(team, article, reviewers, make_member):
    ada, ben, _ = reviewers
    second = import_article(team, None, ArticleDraft("More", "Alpha here. Beta there.")).article
    judge(ada, article, ["verified"])
    judge(ben, article, ["verified"])
    judge(ada, second, ["disputed"])
    judge(ben, second, ["verified"])
    other_team = create_team("Elsewhere", "elsewhere")
    outsider = make_member(Role.reviewer, name="Out", in_team=other_team)
    elsewhere = import_article(other_team, None, ArticleDraft("Else", TEXT)).article
    judge(outsider, elsewhere, ["disputed"])
    db.session.flush()
    figures = team_agreement(team.id, None)
    assert figures.sentences_compared == 2
    assert figures.disagreements == [second.sentences[0].id]
    assert [r.name for r in figures.reviewers] == ["Ada", "Ben"]


def test_blinded_reviewers_figures_cover_only_the_sentences_they_judged(article, reviewers):
    ada, ben, cy = reviewers
    judge(ada, article, ["verified", "disputed", "unverified"])
    judge(ben, article, ["verified", "verified", "unverified"])
    judge(cy, article, ["verified"])
    assert article_agreement(article, host_visibility(article)).disagreements != []
    figures = article_agreement(article, visibility_for(cy, article))
    assert (figures.sentences_compared, figures.disagreements) == (1, [])
    assert team_agreement(article.team_id, cy.id).sentences_compared == 1
    assert team_agreement(article.team_id, None).sentences_compared == 3
