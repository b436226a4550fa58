"""The check-worthiness scorer: reasons, penalties, the threshold, and the labelled set."""

import json
import time
from pathlib import Path

import pytest

from annotator.text.checkworthiness import THRESHOLD, score_sentence, score_sentences

LABELLED = Path(__file__).resolve().parent.parent / "data" / "checkworthiness.json"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("The drug killed 70,000 people.", "figure"),
        ("Prices rose by a third.", "figure"),
        ("Tens of thousands died.", "figure"),
        ("The talks began on January 30.", "date"),
        ("It happened in May 2021.", "date"),
        ("They met on Tuesday.", "date"),
        ("The law changed last year.", "date"),
        ("Jennifer Daskal led the delegation.", "name"),
        ("The INCB met.", "name"),
        ("Officials said the plan worked.", "attribution"),
        ("According to officials, the plan worked.", "attribution"),
        ("Exports were higher than imports.", "comparison"),
        ("It is the deadliest drug.", "comparison"),
        ("She called the talks “productive and frank”.", "quotation"),
    ],
)
def test_score_sentence_finds_reason(text, reason):
    assert reason in score_sentence(text).reasons


@pytest.mark.parametrize(
    "text",
    [
        "The talks came amid an otherwise fraught relationship.",
        "It was a night to remember.",
        "The Minister met them.",
    ],
)
def test_score_sentence_finds_no_reason_in_plain_prose(text):
    assert score_sentence(text).reasons == ()


def test_score_sentence_counts_a_bare_year_as_a_date_not_a_figure():
    assert score_sentence("It happened in 2019.").reasons == ("date",)


def test_score_sentence_does_not_read_may_the_verb_as_a_date():
    assert "date" not in score_sentence("Prices may go up.").reasons


def test_score_sentence_orders_reasons_strongest_first():
    reasons = score_sentence("Officials said 300 people died on Monday.").reasons
    assert reasons[0] == "figure"


def test_score_sentence_with_a_figure_needs_checking():
    assert score_sentence("The drug killed 70,000 people.").needs_checking


def test_score_sentence_of_opinion_is_lowered():
    plain = score_sentence("Officials said the two countries cooperate.")
    opinion = score_sentence("Officials said the two countries must cooperate.")
    assert opinion.score < plain.score


def test_score_sentence_of_a_question_is_lowered():
    statement = score_sentence("The drug killed 70,000 people.")
    question = score_sentence("Did the drug kill 70,000 people?")
    assert question.score < statement.score


def test_score_sentence_stays_between_0_and_100():
    crowded = "“Yes,” said John Smith: on May 3, 2020, 5,000 more than the largest? must"
    assert 0 <= score_sentence(crowded).score <= 100
    assert score_sentence("We must? should?").score == 0


def test_score_sentences_scores_in_order():
    scores = score_sentences(["Nice.", "The drug killed 70,000 people."])
    assert [s.needs_checking for s in scores] == [False, True]


def test_labelled_set_has_at_least_150_sentences_of_both_kinds():
    rows = json.loads(LABELLED.read_text(encoding="utf-8"))["sentences"]
    assert len(rows) >= 150
    assert {row["needs_checking"] for row in rows} == {True, False}


def test_scorer_reaches_precision_and_recall_on_the_labelled_set():
    rows = json.loads(LABELLED.read_text(encoding="utf-8"))["sentences"]
    predicted = [score_sentence(row["text"]).score >= THRESHOLD for row in rows]
    truth = [row["needs_checking"] for row in rows]
    hits = sum(p and t for p, t in zip(predicted, truth, strict=True))
    assert hits / sum(predicted) >= 0.85
    assert hits / sum(truth) >= 0.8


def test_scorer_handles_a_megabyte_of_sentences_quickly():
    sentences = ["Officials said 300 people died in Beijing on January 30, 2024."] * 8_000
    started = time.process_time()
    score_sentences(sentences)
    assert time.process_time() - started < 3
