"""Word lists written as one string."""

from annotator.text.words import word_set


def test_word_set_splits_on_any_whitespace_across_lines():
    assert word_set("May  June\tJuly\nAugust ") == {"May", "June", "July", "August"}


def test_word_set_keeps_each_word_once_and_its_case():
    assert word_set("said Said said") == frozenset({"said", "Said"})


def test_word_set_of_an_empty_string_is_empty():
    assert word_set("  ") == frozenset()
