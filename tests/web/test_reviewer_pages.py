"""The article page in parts, the live feed, search and the dashboard, through the pages."""

import pytest

from annotator.extensions import db
from annotator.models import ArticleState, Role, Verdict
from annotator.services import reading
from annotator.services.annotations import AnnotationEntry, annotate_sentence
from annotator.services.articles import ArticleDraft, import_article
from annotator.services.settling import settle_sentence
from annotator.services.teams import create_team
from annotator.services.workflow import move_article

TEXT = "Ministers met in Geneva. They reported fentanyl seizures. The talks lasted two days."
JSON = {"Accept": "application/json"}


@pytest.fixture
def article(team):
    article = import_article(team, None, ArticleDraft("Geneva talks", TEXT)).article
    article.blind_review = False
    db.session.commit()
    return article


@pytest.fixture
def long_article(team, monkeypatch):
    monkeypatch.setattr(reading, "PART_SIZE", 2)
    article = import_article(team, None, ArticleDraft("Long", TEXT + "\n" + TEXT)).article
    db.session.commit()
    return article


@pytest.fixture
def reviewer(make_member, login):
    return login(make_member(Role.reviewer, name="Rita"))


def test_article_page_shows_only_its_first_part(long_article, reviewer, client):
    page = client.get(f"/articles/{long_article.id}").text
    assert 'id="s1"' in page
    assert 'id="s2"' not in page
    assert 'data-parts="3"' in page
    assert "Next part" in page


def test_later_part_is_served_as_a_fragment(long_article, reviewer, client):
    fragment = client.get(f"/articles/{long_article.id}/parts/2").text
    assert 'id="s2"' in fragment
    assert 'id="s1"' not in fragment
    assert "<html" not in fragment


def test_part_beyond_the_article_is_not_found(long_article, reviewer, client):
    assert client.get(f"/articles/{long_article.id}/parts/9").status_code == 404


def test_part_chosen_by_query_is_rendered_without_javascript(long_article, reviewer, client):
    page = client.get(f"/articles/{long_article.id}?part=3").text
    assert 'id="s4"' in page
    assert 'id="s0"' not in page
    assert "Previous part" in page


def test_changes_without_cursor_answer_the_latest_event(article, reviewer, client):
    answer = client.get(f"/articles/{article.id}/changes").json
    assert answer["sentences"] == {}
    assert answer["last_event_id"] > 0


def test_changes_redraw_a_teammates_flag(article, reviewer, client, make_member):
    start = client.get(f"/articles/{article.id}/changes").json["last_event_id"]
    otto = make_member(Role.reviewer, name="Otto")
    annotate_sentence(otto, article.sentences[1], AnnotationEntry(Verdict.disputed), 0)
    answer = client.get(f"/articles/{article.id}/changes?after={start}").json
    assert "flag-disputed" in answer["sentences"]["1"]
    assert answer["announcements"] == ["Otto marked sentence 2 disputed."]


def feed_after(client, article, start) -> dict:
    return client.get(f"/articles/{article.id}/changes?after={start}").json


def test_changes_carry_the_summary_with_a_teammates_verdict(article, reviewer, client, make_member):
    start = client.get(f"/articles/{article.id}/changes").json["last_event_id"]
    otto = make_member(Role.reviewer, name="Otto")
    annotate_sentence(otto, article.sentences[1], AnnotationEntry(Verdict.disputed), 0)
    db.session.commit()
    summary = feed_after(client, article, start)["summary"]
    assert "1 of 3 sentences have a verdict (33%)" in summary["progress"]
    assert "Mine 0" in summary["progress"]
    assert '</span> 1 <span class="visually-hidden">disputed</span>' in summary["progress"]
    assert "Start review" not in summary["workflow"]  # a reviewer makes no workflow move
    assert 'class="state state-draft"' in summary["workflow"]


def test_changes_without_news_carry_no_summary(article, reviewer, client):
    start = client.get(f"/articles/{article.id}/changes").json["last_event_id"]
    assert feed_after(client, article, start)["summary"] is None


def test_changes_summary_hides_verdicts_under_blind_review(article, reviewer, client, make_member):
    article.blind_review = True
    db.session.commit()
    start = client.get(f"/articles/{article.id}/changes").json["last_event_id"]
    otto = make_member(Role.reviewer, name="Otto")
    annotate_sentence(otto, article.sentences[1], AnnotationEntry(Verdict.disputed), 0)
    db.session.commit()
    progress = feed_after(client, article, start)["summary"]["progress"]
    assert "Any 1" in progress  # how far the review has come is no secret
    assert '</span> 0 <span class="visually-hidden">disputed</span>' in progress


def test_changes_show_a_workflow_move_in_the_summary(article, reviewer, client, make_member):
    start = client.get(f"/articles/{article.id}/changes").json["last_event_id"]
    move_article(make_member(Role.editor, name="Edna"), article, ArticleState.in_review)
    db.session.commit()
    answer = feed_after(client, article, start)
    assert 'class="state state-in_review"' in answer["summary"]["workflow"]
    assert answer["announcements"] == ["Edna moved the article to In review."]


def test_changes_of_another_teams_article_are_not_found(article, client, make_member, login):
    login(make_member(Role.admin, in_team=create_team("Elsewhere", "elsewhere")))
    assert client.get(f"/articles/{article.id}/changes?after=0").status_code == 404


def test_search_page_links_to_the_sentence(article, reviewer, client):
    page = client.get("/search?q=fentanyl").text
    assert f'href="/articles/{article.id}/sentences/1"' in page
    assert "<mark>fentanyl</mark>" in page


def test_search_page_without_query_shows_the_form(reviewer, client):
    page = client.get("/search")
    assert page.status_code == 200
    assert "results" not in page.text


@pytest.mark.parametrize(
    ("query", "message"),
    [("q=%22%22", "Type at least one word"), ("q=x&since=yesterday", "Not a valid date")],
)
def test_search_page_refuses_bad_input(reviewer, client, query, message):
    page = client.get(f"/search?{query}")
    assert page.status_code == 422
    assert message in page.text


def test_search_page_escapes_what_was_typed(article, reviewer, client):
    assert "<script>" not in client.get("/search?q=<script>Geneva").text


def test_dashboard_draws_charts_with_text_alternatives(article, reviewer, client, make_member):
    annotate_sentence(reviewer, article.sentences[0], AnnotationEntry(Verdict.verified), 0)
    db.session.commit()
    page = client.get("/dashboard").text
    assert page.count('role="img"') >= 3
    assert "Verified: 1" in page
    assert "Changes to verdicts per reviewer and day" in page


def test_dashboard_cautions_against_agreement_over_few_sentences(
    article, reviewer, client, make_member
):
    otto = make_member(Role.reviewer, name="Otto")
    for who in (reviewer, otto):
        annotate_sentence(who, article.sentences[0], AnnotationEntry(Verdict.verified), 0)
    article.blind_review = False
    db.session.commit()
    page = client.get("/dashboard").text
    assert "over 1 sentence judged by two or more reviewers" in page
    assert "Too few sentences compared (1) to rely on this figure" in page
    assert "(too few to rely on)" in page


def test_dashboard_without_team_goes_to_articles(client, login, make_member):
    lonely = make_member(Role.viewer)
    db.session.execute(db.text("DELETE FROM membership"))
    db.session.commit()
    login(lonely)
    assert client.get("/dashboard").status_code == 302


def test_progress_counts_settled_sentences(article, reviewer, client, make_member):
    settle_sentence(make_member(Role.editor), article.sentences[2], Verdict.verified, "Yes.")
    db.session.commit()
    assert "· 1 settled" in client.get("/").text


def test_dashboard_shows_team_agreement_pooled_over_articles(team, reviewer, client, make_member):
    other = make_member(Role.reviewer, name="Otto")
    for title, text in (("One", "A cat sat. A dog ran."), ("Two", "Rain fell. Sun shone.")):
        article = import_article(team, None, ArticleDraft(title, text)).article
        article.blind_review = False
        for sentence in article.sentences:
            annotate_sentence(reviewer, sentence, AnnotationEntry(Verdict.verified), 0)
            annotate_sentence(other, sentence, AnnotationEntry(Verdict.verified), 0)
    db.session.commit()
    page = client.get("/dashboard").text
    assert "Whole team, every article pooled" in page
    assert "over 4 sentences judged by two or more reviewers" in page
