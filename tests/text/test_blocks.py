"""Paragraphs and bulleted lists of an imported text, offsets untouched."""

from annotator.text.blocks import bullet_length, text_blocks
from annotator.text.segment import split_sentences

TEXT = (
    "Talks opened on Monday.\n"
    "- First item. Still the first.\n"
    "* Second item\n"
    "  • Third item\n"
    "-5 degrees on the day.\n"
    "He said - no.\n"
    "• A last list"
)


def layout(text):
    def words(sentences):
        return [text[sentence.start : sentence.end] for sentence in sentences]

    blocks = text_blocks(split_sentences(text), text)
    return [(block.is_list, [words(group) for _, group in block.paragraphs]) for block in blocks]


def test_bullet_lines_in_a_row_make_one_list_and_the_rest_stay_paragraphs():
    assert layout(TEXT) == [
        (False, [["Talks opened on Monday."]]),
        (True, [["- First item.", "Still the first."], ["* Second item"], ["• Third item"]]),
        (False, [["-5 degrees on the day."]]),
        (False, [["He said - no."]]),
        (True, [["• A last list"]]),
    ]


def test_paragraph_numbers_are_kept_for_the_page():
    blocks = text_blocks(split_sentences(TEXT), TEXT)
    assert [number for number, _ in blocks[1].paragraphs] == [1, 2, 3]


def test_bullet_length_counts_the_marker_and_its_spaces_only_at_a_line_start():
    assert bullet_length("- one", 0) == 2
    assert bullet_length("x\n  *   two", 4) == 4
    assert bullet_length("-5 degrees", 0) == 0
    assert bullet_length("He said - no.", 8) == 0
    assert bullet_length("plain", 0) == 0


def test_no_sentences_make_no_blocks():
    assert text_blocks([], "") == []
