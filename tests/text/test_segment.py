"""Tests for annotator.text.segment: rules, invariants and the two data sets."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest
import sentencex
from hypothesis import example, given, settings
from hypothesis import strategies as st

from annotator.text import segment
from annotator.text.segment import SentenceSpan, split_sentences

DATA = Path(__file__).resolve().parent.parent / "data"
# A copy of ../shared/data/golden_rules_en.json (MIT; its "source" field names the origin).
GOLDEN = Path(os.environ.get("GOLDEN_RULES_JSON", DATA / "golden_rules_en.json"))


def sentences(text: str) -> list[str]:
    """Return the sentence strings split_sentences finds in text."""
    return [text[s.start : s.end] for s in split_sentences(text)]


def assert_sound(text: str, spans: list[SentenceSpan]) -> None:
    """Check order, no overlap, stripped ends, full coverage and paragraph numbering."""
    covered = set()
    previous_end, previous_paragraph = 0, 0
    for span in spans:
        assert previous_end <= span.start < span.end <= len(text)
        assert not text[span.start].isspace()
        assert not text[span.end - 1].isspace()
        assert previous_paragraph <= span.paragraph <= previous_paragraph + 1
        covered.update(range(span.start, span.end))
        previous_end, previous_paragraph = span.end, span.paragraph
    assert {i for i, ch in enumerate(text) if not ch.isspace()} <= covered
    assert not spans or spans[0].paragraph == 0


# --- line structure -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Headline Without Punctuation\nThe story begins.", ["Headline Without Punctuation"]),
        ("First line\r\nSecond line", ["First line"]),
        ("First line\rSecond line", ["First line"]),
        ("First line\u2028Second line", ["First line"]),
        ("Mr.\nSmith arrived.", ["Mr."]),
    ],
)
def test_line_break_ends_segment_always(text: str, expected: list[str]) -> None:
    assert sentences(text)[: len(expected)] == expected
    assert len(sentences(text)) == len(expected) + 1


@pytest.mark.parametrize(
    ("text", "paragraphs"),
    [
        ("One. Two.\nThree.", [0, 0, 1]),
        ("One.\n\n\nTwo.", [0, 1]),
        ("One.\n   \n\t\nTwo. Three.", [0, 1, 1]),
        ("\n\n  One.", [0]),
        ("One.\r\n\r\nTwo.", [0, 1]),
    ],
)
def test_paragraph_counts_non_blank_lines_only(text: str, paragraphs: list[int]) -> None:
    assert [s.paragraph for s in split_sentences(text)] == paragraphs


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "4 min readThe U.S.-China relationship has been tense.",
            ["4 min read", "The U.S.-China relationship has been tense."],
        ),
        ("Title\n5 min read\nBody text.", ["Title", "5 min read", "Body text."]),
        ("By Jane Doe | 3 min read", ["By Jane Doe |", "3 min read"]),
        ("Reuters4 min read“Yes,” he said.", ["Reuters", "4 min read", "“Yes,” he said."]),
        ("12 minute read The end.", ["12 minute read", "The end."]),
    ],
)
def test_reading_time_label_split_when_it_labels_the_text(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "It is a 4 min read for most people.",
        "The essay, a 10 min read, is free.",
        "Expect a 4 min reading time.",
        "Save 2 min read time.",
    ],
)
def test_reading_time_label_kept_when_part_of_a_sentence(text: str) -> None:
    assert sentences(text) == [text]


@pytest.mark.parametrize(
    "text",
    [
        "WASHINGTON (AP) — The Senate voted.",
        "NEW YORK, Jan. 5 (Reuters) - Stocks fell.",
        "WASHINGTON (Reuters) - The Fed held rates.",
        "  BEIJING — Talks began.",
        "LINDENPORT — A committee voted 5-2 on Tuesday.",
        "WEST MARLOW, Ore. (Coastline Wire) - State regulators fined the company.",
        "MADRID, 12 mar. (EFE). — El Gobierno aprobó el plan.",
    ],
)
def test_dateline_kept_with_its_sentence_when_it_opens_the_line(text: str) -> None:
    assert sentences(text) == [text.strip()]


def test_dateline_sentence_split_from_the_next_one() -> None:
    text = "BEIJING — Talks began. They ended at noon."
    assert sentences(text) == ["BEIJING — Talks began.", "They ended at noon."]


def test_dateline_kept_when_not_at_line_start() -> None:
    text = "He flew to WASHINGTON — and back."
    assert sentences(text) == [text]


# --- tokens that never end a sentence ------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Sen. J. R. Smith (R-Texas) spoke on Jan. 30 in Washington.",
        "The No. 2 seed lost to No. 15 seed Vermont.",
        "Dr. Amy Wu, Ph.D., joined Mr. and Mrs. Patel.",
        "Revenue was $4.5 billion, up 3.2% from a year earlier.",
        "The game starts at 8 p.m. ET on Friday.",
        "Smith et al. found that symptoms eased, e.g. fatigue.",
        "Lt. Gov. Eleni Kounalakis attended.",
        "The case is Smith v. California, No. 23-1187.",
        "Prices fell approx. 40 percent.",
        "See p. 55 for details.",
        "The U.S.-China talks resumed.",
        "Gov. Abbott vs. Mayor Whitmire was the headline.",
    ],
)
def test_sentence_kept_whole_when_abbreviation_or_number_is_inside(text: str) -> None:
    assert sentences(text) == [text]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I live in the U.S. How about you?", ["I live in the U.S.", "How about you?"]),
        ("She has $100.00. It is in her bag.", ["She has $100.00.", "It is in her bag."]),
        ("Let's ask Jane and co. They know.", ["Let's ask Jane and co.", "They know."]),
        ("Inflation hit 3.2%. Markets fell.", ["Inflation hit 3.2%.", "Markets fell."]),
        ("He posted on X. Nobody replied.", ["He posted on X.", "Nobody replied."]),
        ("Prices rose in Jan. The Fed acted.", ["Prices rose in Jan.", "The Fed acted."]),
        ("He left at 6 P.M. Mr. Smith stayed.", ["He left at 6 P.M.", "Mr. Smith stayed."]),
    ],
)
def test_sentence_split_when_abbreviation_or_number_ends_it(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "She works at Yahoo! in the accounting department.",
        "Some patients... never recovered.",
        "Talks might resume … if at all.",
        "Sales in the U.S. grew faster.",
    ],
)
def test_sentence_kept_whole_when_next_word_is_lower_case(text: str) -> None:
    assert sentences(text) == [text]


# --- quotations and asides ------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        '"It fell. We knew," she said.',
        "“We saw it. We told them,” said Dr. Amy Wu.",
        '"Why? Why now?" she asked.',
        '"No!" Harris replied.',
        "“Is that enough? Not even close,” said Councilman Raj Patel.",
        "‘We will not back down,’ the minister told reporters.",
        "“Stop. Now!” Mayor John Whitmire said on Friday.",
    ],
)
def test_quotation_kept_whole_when_attribution_follows(text: str) -> None:
    assert sentences(text) == [text]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            'She turned to him, "This is great." She held out the book.',
            ['She turned to him, "This is great."', "She held out the book."],
        ),
        (
            "One official asked, “Who walks away?” Another said no.",
            ["One official asked, “Who walks away?”", "Another said no."],
        ),
        (
            "Labour called the plan ‘a disgrace’. The vote is Tuesday.",
            ["Labour called the plan ‘a disgrace’.", "The vote is Tuesday."],
        ),
        ("“It's over.” He left.", ["“It's over.”", "He left."]),
        ("He said. “It is over.”", ["He said.", "“It is over.”"]),
    ],
)
def test_quotation_split_when_no_attribution_follows(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The ‘80s were fun. It rose. He didn’t. Rock ’n’ roll lives.",
            ["The ‘80s were fun.", "It rose.", "He didn’t.", "Rock ’n’ roll lives."],
        ),
        (
            "That is JFK Jr.'s book. It sold well. I'm sure.",
            ["That is JFK Jr.'s book.", "It sold well.", "I'm sure."],
        ),
    ],
)
def test_sentence_split_when_apostrophes_look_like_quotes(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "He teaches (He worked. Then he left.) at the local school.",
        '(He said "It fell. We knew," and left. Then.) at noon.',
    ],
)
def test_aside_kept_whole_when_sentence_continues_after_it(text: str) -> None:
    assert sentences(text) == [text]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Prices rose!  Then they fell.", ["Prices rose!", "Then they fell."]),
        ("Mr.   Smith arrived.  He sat.", ["Mr.   Smith arrived.", "He sat."]),
        ("It ended at 8 p.m.\u00a0 ET on Friday.", ["It ended at 8 p.m.\u00a0 ET on Friday."]),
    ],
)
def test_sentence_rules_hold_when_several_spaces_follow(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


# --- lists, ellipses and fragments ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1. The first item 2. The second item", ["1. The first item", "2. The second item"]),
        ("1) First. 2) Second.", ["1) First.", "2) Second."]),
        ("a. One b. Two c. Three", ["a. One", "b. Two", "c. Three"]),
        ("• 9. First • 10. Second", ["• 9. First", "• 10. Second"]),
        ("• First point • Second point", ["• First point", "• Second point"]),
        ("⁃9. The first ⁃10. The second", ["⁃9. The first", "⁃10. The second"]),
        ("1) One 3) Three 2) Two", ["1) One 3) Three", "2) Two"]),
    ],
)
def test_list_split_when_items_follow_in_sequence(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "1. Rates rose by 3 percent in 2023 and 5 percent in 2024",
        "1. The first item 3 The third item",
        "Prices • wages • rents",
    ],
)
def test_list_kept_whole_when_items_out_of_sequence(text: str) -> None:
    assert sentences(text) == [text]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I never meant that.... She left.", ["I never meant that....", "She left."]),
        (
            "It was weakened . . . was compounds. . . . The practice was not abandoned. . . .",
            ["It was weakened . . . was compounds.", ". . . The practice was not abandoned. . . ."],
        ),
        ("The end. . . .\nNext.", ["The end. . . .", "Next."]),
        ("Wait.\n...\nGo.", ["Wait.", "...", "Go."]),
        ("1.\nThe item.", ["1.", "The item."]),
    ],
)
def test_fragment_merged_when_it_has_no_words(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


# --- sentencex plumbing ---------------------------------------------------------------------


def test_boundaries_kept_when_line_spans_many_chunks() -> None:
    unit = "I live in the U.S. How about you? "
    count = 3 * segment._CHUNK // len(unit)
    assert sentences(unit * count) == ["I live in the U.S.", "How about you?"] * count


def test_boundaries_kept_when_chunk_has_no_space() -> None:
    head = "x" * (3 * segment._CHUNK) + " I live in the U.S."
    assert sentences(head + " How about you?") == [head, "How about you?"]


def test_sentencex_fallback_used_when_pieces_do_not_tile(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sentencex, "segment", lambda language, text: ["x"])
    assert segment._sentencex_ends("I live in the U.S. How about you?") == [19, 33]


# --- invariants -----------------------------------------------------------------------------

PIECES = [
    *"ab AZ.!?…,;:'\"“”‘’()[]-—•0123456789\n\r\t\u00a0\u2028",
    *["😀", "𝔘", "é", "U.S.", "Mr.", "a.m.", "4 min read", "No. 2", ". . .", "1. "],
    *["WASHINGTON — ", "“", ",” she said"],
]
TEXT = st.lists(st.sampled_from(PIECES), max_size=120).map("".join) | st.text(max_size=200)


@settings(max_examples=300, deadline=None)
@given(TEXT)
@example("")
@example("   \n\t ")
@example("no punctuation at all in this text")
@example("Emoji 😀 end. 𝔘 next! 👩‍👩‍👧 family?")
@example("Line one.\r\nLine two.\r\n\r\nLine three")
@example('"Open quote never closes. Next sentence. Another')
def test_spans_sound_when_text_is_arbitrary(text: str) -> None:
    assert_sound(text, split_sentences(text))


def test_spans_sound_when_paragraph_is_one_megabyte() -> None:
    words = "the U.S. economy grew 3.2% as Mr. Smith said “yes, no.” and 😀 left "
    text = (words * (1_000_000 // len(words) + 1))[:1_000_000]
    spans = split_sentences(text)
    assert_sound(text, spans)
    assert {s.paragraph for s in spans} == {0}


def test_single_span_when_megabyte_has_no_punctuation() -> None:
    text = "word " * 200_000
    assert split_sentences(text) == [SentenceSpan(0, len(text) - 1, 0)]


def test_sentence_span_immutable_when_assigned() -> None:
    span = SentenceSpan(0, 1, 0)
    with pytest.raises(AttributeError):
        span.start = 2  # type: ignore[misc]


# --- data sets ------------------------------------------------------------------------------


def load_cases(path: Path) -> list[dict]:
    """Return the cases of a segmentation data set, or none if the file is absent."""
    if not path.exists():
        return []
    return json.loads(path.read_text(encoding="utf-8"))["cases"]


@pytest.mark.skipif(not GOLDEN.exists(), reason=f"{GOLDEN} not present")
@pytest.mark.parametrize("case", load_cases(GOLDEN), ids=lambda c: f"golden-{c['id']}")
def test_golden_rule_split_exactly_when_case_given(case: dict) -> None:
    assert sentences(case["text"]) == case["sentences"]


@pytest.mark.skipif(not GOLDEN.exists(), reason=f"{GOLDEN} not present")
@pytest.mark.parametrize("case", load_cases(GOLDEN), ids=lambda c: f"golden-{c['id']}")
def test_golden_rule_split_alike_when_another_paragraph_precedes(case: dict) -> None:
    # sentencex once read 2 KB chunks of the whole text, and this list before the paragraph
    # made it join "you and I. Did you see…"; it now reads only the paragraph.
    before = "1) The first item 2) The second item\n\n"
    text = before + case["text"]
    found = [text[s.start : s.end] for s in split_sentences(text) if s.start >= len(before)]
    assert found == case["sentences"]


NEWS_KNOWN_MISSES = {
    # "by the U.S. Talks on ..." reads exactly like "the U.S. Government in ...".
    18: "abbreviation-final sentence followed by a capitalised noun",
}


def news_params() -> list:
    """Return the news cases, known misses marked as strict expected failures."""
    params = []
    for case in load_cases(DATA / "news_segmentation.json"):
        reason = NEWS_KNOWN_MISSES.get(case["id"])
        marks = [pytest.mark.xfail(reason=reason, strict=True)] if reason else []
        params.append(pytest.param(case, id=f"news-{case['id']}", marks=marks))
    return params


@pytest.mark.parametrize("case", news_params())
def test_news_case_split_exactly_when_case_given(case: dict) -> None:
    assert sentences(case["text"]) == case["sentences"]


def test_news_set_well_formed_when_loaded() -> None:
    cases = load_cases(DATA / "news_segmentation.json")
    assert sum(len(c["sentences"]) for c in cases) >= 100
    for case in cases:
        assert "".join("".join(case["sentences"]).split()) == "".join(case["text"].split())


def test_line_and_space_tables_match_python_when_checked_over_unicode() -> None:
    # split_sentences takes lines from str.splitlines() and strips in-line white space with
    # str.rstrip(chars): both must agree with the _BREAKS and \s the patterns use.
    code_points = map(chr, range(sys.maxunicode + 1))
    breaking = {c for c in code_points if len(f"a{c}b".splitlines()) == 2}
    assert breaking == set(segment._BREAKS)
    spaces = {chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()}
    assert set(segment._SPACES_IN_LINE) == spaces - breaking


@pytest.mark.parametrize(
    "text",
    [
        "He wrote on X\u00a0. Schools reopen on Monday.",  # sentencex 1.0.32 panicked here
        "Mr.\u202fHale spoke at 5\u00a0p.m. on Monday. Schools reopen.",
        "\udfff. » Then Gov. Hale left. Schools reopen.",  # a lone surrogate from a JSON body
    ],
)
def test_unusual_white_space_and_lone_surrogates_split_without_error(text):
    spans = split_sentences(text)
    assert spans[0].start == 0
    assert spans[-1].end == len(text.rstrip())
    assert all(text[span.start : span.end].strip() == text[span.start : span.end] for span in spans)
