"""The search results page: grouped by article, matched words marked, nothing else markup."""

import re

import pytest

from annotator.extensions import db
from annotator.models import Role, Verdict
from annotator.services.annotations import AnnotationEntry, SourceEntry, annotate_sentence
from annotator.services.articles import ArticleDraft, import_article
from annotator.services.settling import settle_sentence
from annotator.web.search import mark_terms

TEXT = "Ministers met in Geneva. Steel girders rusted on the bridge. The talks lasted two days."


@pytest.fixture
def article(team):
    article = import_article(team, None, ArticleDraft("Bridge girders", TEXT)).article
    article.blind_review = False
    db.session.commit()
    return article


@pytest.fixture
def reviewer(make_member, login):
    return login(make_member(Role.reviewer, name="Rita"))


def test_results_are_grouped_under_their_article(article, team, reviewer, client):
    import_article(team, None, ArticleDraft("Other desk", "A girder fell."))
    db.session.commit()
    page = client.get("/search?q=girder").text
    assert "3 results in 2 articles" in page
    assert page.count('class="card search-article"') == 2
    assert "<mark>girders</mark> rusted" in page
    assert "A <mark>girder</mark> fell." in page


def test_rationale_and_source_title_are_shown_with_what_they_are(
    article, reviewer, make_member, client
):
    source = SourceEntry("https://example.org/inspection", "Girder inspection 2024")
    entry = AnnotationEntry(Verdict.disputed, "", sources=[source])
    annotate_sentence(reviewer, article.sentences[1], entry)
    settle_sentence(make_member(Role.editor), article.sentences[1], Verdict.disputed, "Rusty.")
    db.session.commit()
    page = client.get("/search?q=inspection").text
    assert "<mark>inspection</mark> 2024" in page
    assert '<span class="hit-link">https://example.org/inspection</span>' in page
    assert 'href="https://example.org/inspection"' not in page  # an address, not a link
    assert ">Final verdict<" in client.get("/search?q=rusty").text


def test_hostile_text_found_is_escaped_and_only_matches_are_marked(article, reviewer, client):
    note = '<img src=x onerror="alert(1)"> **girder** [link](javascript:alert(1))'
    annotate_sentence(reviewer, article.sentences[1], AnnotationEntry(Verdict.disputed, note))
    db.session.commit()
    page = client.get("/search?q=girder").text
    assert "<img" not in page
    assert "&lt;img src=x onerror=&#34;alert(1)&#34;&gt; **<mark>girder</mark>**" in page
    assert 'href="javascript' not in page


def test_mark_terms_escapes_between_the_marks():
    marked = mark_terms("<b>Girders</b> & girder's", "girder")
    assert marked == "&lt;b&gt;<mark>Girders</mark>&lt;/b&gt; &amp; <mark>girder</mark>&#39;s"


@pytest.mark.parametrize(
    "typed",
    [
        '"bridge',
        "bridge*",
        "NEAR(bridge steel)",
        "-bridge",
        "body:bridge",
        "bridge & !x | y:*",
        "bridge's \\ 'x",
        "girder " * 20,
    ],
)
def test_search_syntax_is_answered_as_words(article, reviewer, client, typed):
    page = client.get("/search", query_string={"q": typed})
    assert page.status_code == 200
    assert re.search(r'id="results-title">\d+ result', page.text)
