import pytest

from annotator.text.durations import duration_in_words, durations_in_words


@pytest.mark.parametrize(
    ("seconds", "words"),
    [
        (1, "1 second"),
        (5, "5 seconds"),
        (90, "90 seconds"),
        (300, "5 minutes"),
        (5_400, "90 minutes"),
        (7_200, "2 hours"),
        (86_400, "1 day"),
        (0.5, "0.5 seconds"),
        (0, "0 seconds"),
        (61.5, "61.5 seconds"),
    ],
)
def test_a_length_is_named_in_the_largest_whole_unit(seconds, words):
    assert duration_in_words(seconds) == words


@pytest.mark.parametrize(
    ("lengths", "words"),
    [
        ((), ""),
        ((60,), "1 minute"),
        ((5, 300), "5 seconds and 5 minutes"),
        ((5, 300, 1800, 7200), "5 seconds, 5 minutes, 30 minutes and 2 hours"),
    ],
)
def test_several_lengths_read_as_a_spoken_list(lengths, words):
    assert durations_in_words(lengths) == words
