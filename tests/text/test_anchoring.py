"""Re-anchoring sentences and spans across versions of an article."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.text.anchoring import (
    SentenceMove,
    judged_span,
    map_sentences,
    mark_judged,
    move_span,
    quote_at,
    word_diff,
)
from annotator.text.segment import split_sentences


def spans_of(text: str) -> list[tuple[int, int]]:
    return [(span.start, span.end) for span in split_sentences(text)]


def moves(old: str, new: str) -> list[tuple[int | None, bool]]:
    """Return, per old sentence, (new sentence, changed)."""
    return [
        (move.new, move.changed) for move in map_sentences(old, spans_of(old), new, spans_of(new))
    ]


A = "The council met on Monday."
B = "It approved a budget of $4.5 million for roads."
C = "Critics called the plan reckless."
D = "The mayor said the roads were the worst in the state."
E = "A vote on schools follows next month."


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        pytest.param(
            f"{A} {B}\n\n{C}", f"{A} {B}\n\n{C}", [(0, False), (1, False), (2, False)], id="same"
        ),
        pytest.param(
            f"{A} {B}\n\n{C}",
            f"{E}\n\n{A} {B}\n\n{C}",
            [(1, False), (2, False), (3, False)],
            id="paragraph inserted before",
        ),
        pytest.param(
            f"{A} {B}\n\n{C}",
            f"{A} {D} {B}\n\n{C}",
            [(0, False), (2, False), (3, False)],
            id="sentence inserted",
        ),
        pytest.param(
            f"{A} {B}\n\n{C}\n\n{D}",
            f"{A} {B}\n\n{D}",
            [(0, False), (1, False), (None, False), (2, False)],
            id="paragraph deleted",
        ),
        pytest.param(
            f"{A} {B}\n\n{C} {D}",
            f"{C} {D}\n\n{A} {B}",
            [(2, False), (3, False), (0, False), (1, False)],
            id="paragraphs reordered",
        ),
        pytest.param(
            f"{A} {B}\n\n{C}",
            f"{A} It approved a budget of $5.4 million for roads.\n\n{C}",
            [(0, False), (1, True), (2, False)],
            id="corrected number",
        ),
        pytest.param(
            f"{A} {B}",
            "Nothing here resembles the old story at all. Different words entirely.",
            [(None, False), (None, False)],
            id="complete rewrite",
        ),
    ],
)
def test_map_sentences_cases(old, new, expected):
    assert moves(old, new) == expected


def test_map_sentences_keeps_repeated_sentences_in_their_own_places():
    old = f"{A} {C}\n\n{B} {C}\n\n{D}"
    new = f"{A} {C}\n\n{E}\n\n{B} {C}\n\n{D}"
    assert moves(old, new) == [(0, False), (1, False), (3, False), (4, False), (5, False)]


def test_map_sentences_picks_a_moved_repeated_sentence_by_its_context():
    old = f"{A} {C}\n\n{B} {D}"
    new = f"{D} {C}\n\n{E} {C} {B}"
    # "C" is now twice; the old one followed A, neither new one does: any context works,
    # but both old sentences of a pair cannot take the same new sentence.
    result = map_sentences(old, spans_of(old), new, spans_of(new))
    targets = [move.new for move in result if move.new is not None]
    assert len(targets) == len(set(targets))
    assert result[1].new in (1, 3)


def test_map_sentences_prefers_the_duplicate_with_the_same_neighbours():
    old = f"{E} {C}\n\n{A}"
    new = f"{A} {C}\n\n{B} {D}\n\n{E} {C}"
    result = map_sentences(old, spans_of(old), new, spans_of(new))
    assert result[1] == SentenceMove(1, 5, changed=False)


def test_map_sentences_takes_the_most_alike_of_two_changed_candidates():
    old = f"{A} The bridge cost 12 million dollars to build in 2019."
    new = (
        f"{A} The tunnel took three years to dig. "
        "The bridge cost 14 million dollars to build in 2019."
    )
    assert moves(old, new) == [(0, False), (2, True)]


def test_map_sentences_leaves_a_sentence_unplaced_when_too_little_survives():
    old = f"{A} {B}"
    new = f"{A} It approved nothing."
    assert moves(old, new) == [(0, False), (None, False)]


def test_map_sentences_matches_changed_sentences_by_their_rarer_words():
    added = " ".join(f"The city opened park number {n}." for n in range(45))
    old = "The harbour dredging cost the city 3 million."
    new = f"{added} The harbour dredging cost the city 4 million."
    assert moves(old, new) == [(45, True)]


def test_map_sentences_of_an_empty_version_places_nothing():
    assert map_sentences(A, [(0, len(A))], "", []) == [SentenceMove(0, None)]


@pytest.mark.parametrize(
    ("old", "span_words", "new", "expected_words"),
    [
        ("Sales rose 5% in May.", "5%", "Last year, sales rose 5% in May.", "5%"),
        ("Sales rose 5% in May.", "5%", "Sales rose 7% in May.", None),
        ("Sales rose 5% in May.", "rose 5%", "Sales rose sharply, by 5%, in May.", None),
        ("Sales rose 5% in May.", "in May", "In June, nothing happened.", None),
        ("The cat saw the cat.", "cat.", "The dog saw the cat.", "cat."),
        ("Sales rose 5%", "5%", "Sales rose 7", None),
        ("rose by 5 points", "rose by 5 points", "It rose by 6 points", None),
        ("It said 212 bridges.", "212", "It said 2120 bridges.", None),
        ("It said 212 bridges.", "212", "It said 1212 bridges, 212 of them old.", "212"),
        ("She said 212 of them.", "said 212", "Officials said 212 of them.", "said 212"),
        ("Half of them (212)", "212", "Half of them (212 in all)", "212"),
        (
            "It said the report was late.",
            "the report was late",
            "It said the report was very late.",
            None,
        ),
    ],
)
def test_move_span_cases(old, span_words, new, expected_words):
    """Only the same whole words carry a span: a corrected figure loses its highlight."""
    start = old.rindex(span_words) if span_words == "cat." else old.index(span_words)
    moved = move_span(old, (start, start + len(span_words)), new)
    assert (new[moved[0] : moved[1]] if moved else None) == expected_words


def test_move_span_picks_the_occurrence_with_the_same_context():
    old = "the cat and the dog and the cat ran"
    new = "then the cat and the dog and the cat ran off"
    moved = move_span(old, (28, 31), new)
    assert moved == (33, 36)


def test_move_span_of_an_empty_span_is_none():
    assert move_span("Some words.", (3, 3), "Some words.") is None


def test_quote_at_keeps_context_on_both_sides():
    text = "x" * 40 + "WORD" + "y" * 40
    quote = quote_at(text, 40, 44)
    assert (quote.exact, len(quote.prefix), len(quote.suffix)) == ("WORD", 32, 32)


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("a b", "a b", [("equal", "a b")]),
        (
            "It cost $4.5 million.",
            "It cost $5.4 million.",
            [("equal", "It cost $"), ("delete", "4.5"), ("insert", "5.4"), ("equal", " million.")],
        ),
        (
            "the board",
            "the control board",
            [("equal", "the "), ("insert", "control "), ("equal", "board")],
        ),
        ("the big board", "the board", [("equal", "the "), ("delete", "big "), ("equal", "board")]),
    ],
)
def test_word_diff_cases(old, new, expected):
    assert word_diff(old, new) == expected


words = st.sampled_from(["council", "budget", "roads", "said", "4.5", "million", "mayor", "the"])
sentences = st.lists(words, min_size=2, max_size=8).map(lambda w: " ".join(w).capitalize() + ".")
paragraphs = st.lists(sentences, min_size=1, max_size=4).map(" ".join)
articles = st.lists(paragraphs, min_size=1, max_size=4).map("\n\n".join)


@settings(max_examples=60, deadline=None)
@given(articles, articles)
def test_map_sentences_gives_each_new_sentence_at_most_one_old_one(old, new):
    result = map_sentences(old, spans_of(old), new, spans_of(new))
    targets = [move.new for move in result if move.new is not None]
    assert len(result) == len(spans_of(old))
    assert len(targets) == len(set(targets))


@settings(max_examples=60, deadline=None)
@given(articles)
def test_map_sentences_keeps_every_sentence_of_an_unchanged_text(text):
    result = map_sentences(text, spans_of(text), text, spans_of(text))
    assert all(move.new == move.old and not move.changed for move in result)


@settings(max_examples=60, deadline=None)
@given(articles, articles)
def test_word_diff_rebuilds_both_texts(old, new):
    pieces = word_diff(old, new)
    assert "".join(text for kind, text in pieces if kind != "insert") == old
    assert "".join(text for kind, text in pieces if kind != "delete") == new


@settings(max_examples=60, deadline=None)
@given(st.text(min_size=1, max_size=40), st.text(max_size=40), st.data())
def test_move_span_stays_inside_the_new_sentence(old, new, data):
    start = data.draw(st.integers(0, len(old) - 1))
    end = data.draw(st.integers(start + 1, len(old)))
    moved = move_span(old, (start, end), new)
    assert moved is None or 0 <= moved[0] < moved[1] <= len(new)
    assert moved is None or new[moved[0] : moved[1]] == old[start:end]


def test_judged_span_finds_the_highlighted_words_in_the_words_judged():
    assert judged_span("She said 212 of them.", "212") == (9, 12)
    assert judged_span("She said 212 of them.", "198") is None
    assert judged_span("She said 212 of them.", None) is None


def test_mark_judged_marks_the_judged_words_struck_through_by_the_revision():
    pieces = word_diff("She said 212 of them.", "She said 198 of them.")
    marked = mark_judged(pieces, [(9, 12)])
    assert ("delete", "212", True) in marked
    assert ("insert", "198", False) in marked
    assert [words for _, words, inside in marked if inside] == ["212"]


@settings(max_examples=60, deadline=None)
@given(articles, articles, st.data())
def test_mark_judged_keeps_the_diff_and_marks_only_old_words_in_spans(old, new, data):
    start = data.draw(st.integers(0, len(old)))
    end = data.draw(st.integers(start, len(old)))
    marked = mark_judged(word_diff(old, new), [(start, end)])
    assert "".join(w for kind, w, _ in marked if kind != "insert") == old
    assert "".join(w for kind, w, _ in marked if kind != "delete") == new
    assert "".join(w for kind, w, inside in marked if inside) == old[start:end]
