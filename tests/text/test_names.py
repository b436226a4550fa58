"""Name hints: cut-short, partial and misspelt names get one; exact names and aliases none."""

import pytest

from annotator.text.names import Name, edit_distance, name_hints, runs

NAMES = [
    Name("International Narcotics Control Board", ("INCB",)),
    Name("National Narcotics Control Commission", ("NNCC",)),
    Name("Ministry of Public Security", ("MPS",)),
]


def suggestions(text):
    return [(hint.phrase, hint.suggestion) for hint in name_hints(text, NAMES)]


def test_cut_short_name_gets_a_hint_with_its_offsets():
    text = "Incidents are reported to the International Narcotics Control."
    [hint] = name_hints(text, NAMES)
    assert hint.suggestion == "International Narcotics Control Board"
    assert text[hint.start : hint.end] == "International Narcotics Control"


@pytest.mark.parametrize(
    ("text", "phrase", "suggestion"),
    [
        (
            "The Narcotics Control Commission said so.",
            "Narcotics Control Commission",
            "National Narcotics Control Commission",
        ),
        (
            "It wrote to the Internatinal Narcotics Control Board.",
            "Internatinal Narcotics Control Board",
            "International Narcotics Control Board",
        ),
        ("The INBC said so.", "INBC", "International Narcotics Control Board"),
    ],
)
def test_close_name_gets_a_hint(text, phrase, suggestion):
    assert suggestions(text) == [(phrase, suggestion)]


@pytest.mark.parametrize(
    "text",
    [
        "The International Narcotics Control Board said so.",
        "The INCB said so.",
        "The U.S. removed the Ministry of Public Security’s Institute of Forensic Science.",
        "Yu Haibin of the National Narcotics Control Commission spoke.",
        "Chinese Minister of Public Security Wang Xiaohong announced it.",
        "The talks went well.",
        "The UN met.",
    ],
)
def test_exact_or_unrelated_names_get_no_hint(text):
    assert suggestions(text) == []


def test_no_names_no_hints():
    assert name_hints("The International Narcotics Control.", []) == []


def test_runs_join_capitalised_words_across_connectors_and_drop_openers():
    text = "The Ministry of Public Security met."
    assert [[m.group() for m in run] for run in runs(text)] == [
        ["Ministry", "of", "Public", "Security"]
    ]


@pytest.mark.parametrize(
    ("first", "second", "distance"),
    [("board", "board", 0), ("board", "baord", 1), ("board", "bored", 2), ("a", "abcdef", 2)],
)
def test_edit_distance_stops_past_its_limit(first, second, distance):
    assert edit_distance(first, second, 1) == min(distance, 2)


def test_name_written_without_its_connectors_gets_no_hint():
    assert suggestions("The Ministry Public Security met.") == []


def test_runs_end_before_a_trailing_connector():
    assert [[m.group() for m in run] for run in runs("Officials of the city met.")] == [
        ["Officials"]
    ]


def test_phrase_of_connectors_only_is_close_to_nothing():
    from annotator.text.names import close_to

    assert not close_to("The", "The Hague", whole=True)
