"""Full-text search over titles, sentences, notes, comments, rationales, responses and source
titles, with stemming, prefixes, filters and blind review."""

from datetime import date, timedelta

import pytest

from annotator.errors import ValidationError
from annotator.extensions import db
from annotator.models import ArticleState, Role, Stance, Verdict
from annotator.services import fulltext, search
from annotator.services.annotations import AnnotationEntry, SourceEntry, annotate_sentence
from annotator.services.articles import ArticleDraft, import_article
from annotator.services.discussion import post_comment
from annotator.services.fulltext import (
    Candidate,
    fts5_expression,
    matching_spans,
    root,
    words_and_phrases,
)
from annotator.services.reviews import respond_to_annotation
from annotator.services.revisions import revise_article
from annotator.services.search import (
    MAX_HITS,
    MAX_TERMS,
    SearchQuery,
    group_by_article,
    search_teams,
)
from annotator.services.settling import reopen_sentence, settle_sentence
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


def flag(user, article, index, verdict=Verdict.disputed, note="", sources=()):
    entry = AnnotationEntry(verdict, note, sources=list(sources))
    return annotate_sentence(user, article.sentences[index], entry, 0)


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


@pytest.mark.parametrize("typed", ["fentanyl AND (", 'NEAR("x"', "a:b -c ^d", "the of"])
def test_search_syntax_typed_by_a_user_is_read_as_words(article, reviewer, typed):
    search_teams(reviewer, SearchQuery(typed))


def test_words_and_phrases_drop_syntax():
    assert words_and_phrases('"Narcotics  Control" AND (x') == ["Narcotics Control", "AND", "x"]
    assert fts5_expression(["a b", "c", "Geneva"]) == '"a b" "c" "Geneva"*'


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


# -- word forms and prefixes ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "found"),
    [
        ("seizure", "seizures"),  # a stem finds its plural
        ("reports", "reported"),  # and other forms of the word
        ("narco", "Narcotics"),  # the start of a word finds the word
        ("seiz", "seizures"),
        ('"narcotic control"', "Narcotics Control"),  # phrases are stemmed too
    ],
)
def test_word_forms_and_starts_of_words_match(article, reviewer, typed, found):
    hits = search_teams(reviewer, SearchQuery(typed))
    assert kinds(hits) == [("sentence", 1)]
    assert found in hits[0].sentence_text


def test_short_words_match_whole_only(team, reviewer):
    import_article(team, None, ArticleDraft("Units", "The UN met.\nUNESCO met too."))
    assert kinds(search_teams(reviewer, SearchQuery("UN"))) == [("sentence", 0)]


def test_too_many_words_are_refused(article, reviewer):
    with pytest.raises(ValidationError, match="at most"):
        search_teams(reviewer, SearchQuery(" ".join(["word"] * (MAX_TERMS + 1))))


# -- rationales, responses and sources -----------------------------------------------------


def test_final_verdicts_rationale_matches(article, reviewer, make_member):
    editor = make_member(Role.editor, name="Edna")
    settle_sentence(editor, article.sentences[1], Verdict.disputed, "The **board** denied it.")
    hits = search_teams(reviewer, SearchQuery("boards"))
    assert kinds(hits) == [("rationale", 1)]
    assert (hits[0].author, hits[0].label) == ("Edna", "Final verdict")


def test_reopened_sentences_rationale_is_not_found(article, reviewer, make_member):
    editor = make_member(Role.editor)
    settle_sentence(editor, article.sentences[1], Verdict.disputed, "The board denied it.")
    reopen_sentence(editor, article.sentences[1])
    assert search_teams(reviewer, SearchQuery("board")) == []


def test_response_comment_matches_with_its_author(article, reviewer, make_member):
    other = make_member(Role.reviewer, name="Otto")
    flagged = flag(other, article, 0)
    respond_to_annotation(reviewer, flagged, Stance.disagree, "The embassy confirmed it.")
    hits = search_teams(reviewer, SearchQuery("embassy"))
    assert kinds(hits) == [("response", 0)]
    assert hits[0].author == "Rita Reviewer"
    assert kinds(search_teams(reviewer, SearchQuery("embassy", reviewer_id=reviewer.id))) == [
        ("response", 0)
    ]
    assert search_teams(reviewer, SearchQuery("embassy", reviewer_id=other.id)) == []


def test_source_title_matches_with_its_address(article, reviewer):
    source = SourceEntry("https://unodc.example/seizures", "Annual drug report", "")
    flag(reviewer, article, 1, Verdict.verified, sources=[source])
    hits = search_teams(reviewer, SearchQuery("drugs"))
    assert kinds(hits) == [("source", 1)]
    assert hits[0].link == "https://unodc.example/seizures"
    assert search_teams(reviewer, SearchQuery("drugs", verdict=Verdict.disputed)) == []


def test_source_of_work_a_revision_unplaced_is_not_found(article, reviewer, make_member):
    source = SourceEntry("https://unodc.example/seizures", "Annual drug report", "")
    flag(reviewer, article, 2, Verdict.verified, note="lasting", sources=[source])
    text = TEXT.replace("The talks lasted two days.", "")
    revise_article(article, make_member(Role.editor), ArticleDraft(article.title, text))
    assert search_teams(reviewer, SearchQuery("drug")) == []
    assert search_teams(reviewer, SearchQuery("lasting")) == []


def test_blind_review_hides_teammates_rationale_response_and_source(article, reviewer, make_member):
    article.blind_review = True
    other = make_member(Role.reviewer, name="Otto")
    editor = make_member(Role.editor)
    source = SourceEntry("https://unodc.example/a", "Customs ledger", "")
    flagged = flag(other, article, 1, sources=[source])
    respond_to_annotation(editor, flagged, Stance.agree, "Ledger agrees.")
    settle_sentence(editor, article.sentences[1], Verdict.disputed, "Ledger shows otherwise.")
    assert search_teams(reviewer, SearchQuery("ledger")) == []
    flag(reviewer, article, 1, Verdict.verified)
    found = kinds(search_teams(reviewer, SearchQuery("ledger")))
    assert sorted(found) == [("rationale", 1), ("response", 1), ("source", 1)]


def test_my_response_to_a_hidden_flag_stays_hidden_with_it(article, reviewer, make_member):
    # A response only shows with the flag it answers: a responder's own words included.
    other = make_member(Role.reviewer)
    flagged = flag(other, article, 0)
    respond_to_annotation(reviewer, flagged, Stance.agree, "Embassy says so.")
    article.blind_review = True
    db.session.flush()
    assert search_teams(reviewer, SearchQuery("embassy")) == []


def test_teammates_response_on_my_own_note_only_sentence_stays_hidden(
    article, reviewer, make_member
):
    mine = flag(reviewer, article, 0, note="my doubt")
    respond_to_annotation(make_member(Role.reviewer), mine, Stance.agree, "Embassy agrees.")
    article.blind_review = True
    mine.verdict = None  # cleared: the sentence is no longer judged by me
    db.session.flush()
    assert search_teams(reviewer, SearchQuery("embassy")) == []


def test_hits_are_grouped_by_article_in_the_order_of_their_best_hit(article, team, reviewer):
    other = import_article(team, None, ArticleDraft("Fentanyl in Geneva", "Geneva again.")).article
    groups = group_by_article(search_teams(reviewer, SearchQuery("Geneva")))
    assert {group.article.id for group in groups} == {article.id, other.id}
    for group in groups:
        assert all(hit.article is group.article for hit in group.hits)
        assert group.title_matched
        assert all(hit.kind != "title" for hit in group.inside)


def test_a_candidate_of_a_vanished_article_is_left_out(article, reviewer, monkeypatch):
    monkeypatch.setattr(search, "candidates", lambda terms, ids: [Candidate("title", 0, 0)])
    assert search_teams(reviewer, SearchQuery("Geneva")) == []


def test_a_match_the_index_places_in_the_wrong_article_is_left_out(
    article, team, reviewer, monkeypatch
):
    # The SQLite index could lag a move of a note between articles: the row decides.
    note = flag(reviewer, article, 0, note="Geneva")
    other = import_article(team, None, ArticleDraft("Other", "Another text.")).article
    lagging = [Candidate("note", note.id, other.id)]
    monkeypatch.setattr(search, "candidates", lambda terms, ids: lagging)
    assert search_teams(reviewer, SearchQuery("Geneva")) == []


# -- highlighting --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "start"),
    [("girders", "girder"), ("ministries", "ministr"), ("ministry", "ministr"), ("the", "the")],
)
def test_root_trims_a_common_ending(word, start):
    assert root(word) == start


def test_matching_spans_mark_word_forms_prefixes_and_short_words_whole():
    text = "Steel girders; a Girder. Un café, UNESCO, un."
    marked = [text[a:b] for a, b in matching_spans(text, 'girder "cafe un"')]
    assert marked == ["girders", "Girder", "Un", "café", "un"]
    assert matching_spans(text, '""') == []
