"""Full-text search over titles, sentences, notes and comments, with filters and blind review."""

from datetime import date, timedelta

import pytest

from annotator.errors import ValidationError
from annotator.extensions import db
from annotator.models import ArticleState, Role, Verdict
from annotator.services import fulltext, search
from annotator.services.annotations import AnnotationEntry, annotate_sentence
from annotator.services.articles import ArticleDraft, import_article
from annotator.services.discussion import post_comment
from annotator.services.fulltext import fts5_expression, words_and_phrases
from annotator.services.search import MAX_HITS, SearchQuery, search_teams
from annotator.services.settling import settle_sentence
from annotator.services.teams import create_team

TEXT = (
    "Ministers met in Geneva on Monday.\n"
    "They reported fentanyl seizures to the International Narcotics Control. "
    "The talks lasted two days."
)


@pytest.fixture
def article(team):
    article = import_article(team, None, ArticleDraft("Geneva talks on fentanyl", TEXT)).article
    article.blind_review = False
    db.session.flush()
    return article


@pytest.fixture
def reviewer(make_member):
    return make_member(Role.reviewer, name="Rita Reviewer")


def flag(user, article, index, verdict=Verdict.disputed, note=""):
    return annotate_sentence(user, article.sentences[index], AnnotationEntry(verdict, note), 0)


def kinds(hits):
    return [(hit.kind, hit.sentence.index if hit.sentence else None) for hit in hits]


def test_sentence_matches_with_its_neighbours_as_context(article, reviewer):
    hits = search_teams(reviewer, SearchQuery("seizures"))
    assert kinds(hits) == [("sentence", 1)]
    assert hits[0].before == "Ministers met in Geneva on Monday."
    assert hits[0].after == "The talks lasted two days."


def test_title_matches(article, reviewer):
    assert ("title", None) in kinds(search_teams(reviewer, SearchQuery("fentanyl")))


def test_note_matches_with_its_author(article, reviewer):
    flag(reviewer, article, 2, note="Three days, says the *communiqué*.")
    hits = search_teams(reviewer, SearchQuery("communiqué"))
    assert kinds(hits) == [("note", 2)]
    assert hits[0].author == "Rita Reviewer"


def test_note_edit_replaces_what_is_found(article, reviewer):
    flag(reviewer, article, 2, note="apples")
    annotate_sentence(reviewer, article.sentences[2], AnnotationEntry(Verdict.verified, "pears"), 1)
    assert search_teams(reviewer, SearchQuery("apples")) == []
    assert kinds(search_teams(reviewer, SearchQuery("pears"))) == [("note", 2)]


def test_comment_matches(article, reviewer):
    post_comment(reviewer, article.sentences[0], "Which ministry exactly?")
    assert kinds(search_teams(reviewer, SearchQuery("ministry"))) == [("comment", 0)]


def test_phrase_matches_only_the_words_in_order(article, reviewer):
    assert kinds(search_teams(reviewer, SearchQuery('"narcotics control"'))) == [("sentence", 1)]
    assert search_teams(reviewer, SearchQuery('"control narcotics"')) == []


def test_other_teams_articles_are_never_found(article, make_member):
    outsider = make_member(Role.admin, in_team=create_team("Other desk", "other-desk"))
    assert search_teams(outsider, SearchQuery("Geneva")) == []


@pytest.mark.parametrize("typed", ["", "   ", '"" ()', "***"])
def test_query_without_words_is_refused(article, reviewer, typed):
    with pytest.raises(ValidationError):
        search_teams(reviewer, SearchQuery(typed))


@pytest.mark.parametrize("typed", ["fentanyl AND (", 'NEAR("x"', "a:b -c ^d"])
def test_search_syntax_typed_by_a_user_is_read_as_words(article, reviewer, typed):
    search_teams(reviewer, SearchQuery(typed))


def test_words_and_phrases_drop_syntax():
    assert words_and_phrases('"Narcotics  Control" AND (x') == ["Narcotics Control", "AND", "x"]
    assert fts5_expression(["a b", "c"]) == '"a b" "c"'


def test_verdict_filter_keeps_sentences_with_that_verdict(article, reviewer):
    flag(reviewer, article, 0, Verdict.verified)
    flag(reviewer, article, 1, Verdict.disputed)
    assert kinds(search_teams(reviewer, SearchQuery("seizures", verdict=Verdict.disputed))) == [
        ("sentence", 1)
    ]
    assert search_teams(reviewer, SearchQuery("Geneva", verdict=Verdict.disputed)) == []


def test_verdict_filter_on_a_note_uses_that_notes_verdict(article, reviewer):
    flag(reviewer, article, 2, Verdict.verified, note="checked twice")
    assert search_teams(reviewer, SearchQuery("checked", verdict=Verdict.disputed)) == []


def test_final_verdict_filter(article, reviewer, make_member):
    editor = make_member(Role.editor)
    settle_sentence(editor, article.sentences[1], Verdict.disputed, "Wrong body.")
    found = SearchQuery("seizures", final_verdict=Verdict.disputed)
    assert kinds(search_teams(reviewer, found)) == [("sentence", 1)]
    missed = SearchQuery("seizures", final_verdict=Verdict.verified)
    assert search_teams(reviewer, missed) == []


def test_reviewer_filter_keeps_what_that_reviewer_flagged_or_wrote(article, reviewer, make_member):
    other = make_member(Role.reviewer, name="Otto")
    flag(other, article, 1)
    post_comment(other, article.sentences[2], "talks ended early")
    hits = search_teams(reviewer, SearchQuery("seizures talks", reviewer_id=other.id))
    assert kinds(search_teams(reviewer, SearchQuery("seizures", reviewer_id=other.id))) == [
        ("sentence", 1)
    ]
    assert hits == []  # no single text has both words
    assert kinds(search_teams(reviewer, SearchQuery("early", reviewer_id=other.id))) == [
        ("comment", 2)
    ]
    assert search_teams(reviewer, SearchQuery("early", reviewer_id=reviewer.id)) == []


def test_sentence_filters_leave_titles_out(article, reviewer):
    flag(reviewer, article, 1)
    query = SearchQuery("fentanyl", verdict=Verdict.disputed)
    assert kinds(search_teams(reviewer, query)) == [("sentence", 1)]


def test_state_filter(article, reviewer):
    assert search_teams(reviewer, SearchQuery("Geneva", state=ArticleState.published)) == []
    assert search_teams(reviewer, SearchQuery("Geneva", state=article.state))


def test_date_filter(article, reviewer):
    today = article.created_at.date()
    assert search_teams(reviewer, SearchQuery("Geneva", since=today, until=today))
    assert search_teams(reviewer, SearchQuery("Geneva", since=today + timedelta(days=1))) == []
    assert search_teams(reviewer, SearchQuery("Geneva", until=date(2000, 1, 1))) == []


def test_blind_review_hides_a_teammates_note_until_i_judge(article, reviewer, make_member):
    article.blind_review = True
    other = make_member(Role.reviewer, name="Otto")
    flag(other, article, 2, note="secret doubts")
    assert search_teams(reviewer, SearchQuery("secret")) == []
    flag(reviewer, article, 2, Verdict.verified)
    assert kinds(search_teams(reviewer, SearchQuery("secret"))) == [("note", 2)]


def test_blind_review_verdict_filter_ignores_hidden_verdicts(article, reviewer, make_member):
    article.blind_review = True
    flag(make_member(Role.reviewer), article, 1)
    assert search_teams(reviewer, SearchQuery("seizures", verdict=Verdict.disputed)) == []


def test_blind_review_final_verdict_filter_ignores_hidden_final_verdicts(
    article, reviewer, make_member
):
    article.blind_review = True
    settle_sentence(make_member(Role.editor), article.sentences[1], Verdict.verified, "Seen.")
    query = SearchQuery("seizures", final_verdict=Verdict.verified)
    assert search_teams(reviewer, query) == []
    flag(reviewer, article, 1, Verdict.verified)
    assert kinds(search_teams(reviewer, query)) == [("sentence", 1)]


def test_deleted_article_leaves_nothing_to_find(article, reviewer):
    search_teams(reviewer, SearchQuery("Geneva"))  # indexes the article
    db.session.delete(article)
    db.session.flush()
    assert search_teams(reviewer, SearchQuery("Geneva")) == []


def test_one_page_of_hits_stops_at_the_most_shown(team, reviewer):
    text = "\n".join(f"Delegates met in Geneva on day {n}." for n in range(MAX_HITS + 10))
    import_article(team, None, ArticleDraft("Many meetings", text))
    assert len(search_teams(reviewer, SearchQuery("delegates"))) == MAX_HITS


def test_a_match_deleted_before_its_row_is_read_is_left_out(article, reviewer, monkeypatch):
    # On PostgreSQL each statement sees what others committed meanwhile: a comment can go
    # between the match and the reading of its row.
    comment = post_comment(reviewer, article.sentences[0], "Which ministry in Geneva?")

    def matched_then_deleted(terms, article_ids):
        matched = fulltext.candidates(terms, article_ids)
        db.session.delete(comment)
        db.session.flush()
        return matched

    monkeypatch.setattr(search, "candidates", matched_then_deleted)
    assert kinds(search_teams(reviewer, SearchQuery("ministry"))) == []
