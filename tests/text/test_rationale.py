"""The default rationale of a one-click settlement, as readers will read it."""

import pytest

from annotator.text.rationale import NOTE_QUOTED_UP_TO, default_rationale, escape_markdown


@pytest.mark.parametrize(
    ("verdict", "expected"),
    [
        ("verified", "Our reviewers checked this claim and found it accurate."),
        ("unverified", "Our reviewers could not confirm this claim."),
        ("disputed", "Our reviewers found this claim disputed by the evidence."),
    ],
)
def test_default_rationale_without_notes_is_one_sentence(verdict, expected):
    assert default_rationale(verdict, ["", "  "], []) == expected


def test_default_rationale_quotes_the_first_note_and_names_the_sources():
    text = default_rationale(
        "disputed",
        ["", "The agency counted **198**, not 298", "Another note."],
        ["Agency report", "Agency report", "  "],
    )
    assert text == (
        "Our reviewers found this claim disputed by the evidence: The agency counted **198**, "
        "not 298. Sources: Agency report."
    )


def test_default_rationale_keeps_the_notes_own_full_stop_and_only_its_first_paragraph():
    text = default_rationale("verified", ["Matches the\nrecord!\n\nSecond paragraph."], [])
    assert text == "Our reviewers checked this claim and found it accurate: Matches the record! …"


def test_default_rationale_shortens_a_long_note_at_a_word():
    note = "word " * 100
    text = default_rationale("unverified", [note], [])
    quoted = text.split(": ", 1)[1]
    assert quoted.endswith("word…")
    assert len(quoted) <= NOTE_QUOTED_UP_TO + 1


def test_default_rationale_names_three_sources_and_counts_the_rest():
    text = default_rationale("disputed", [], ["A", "B", "C", "D", "E"])
    assert text.endswith("Sources: A; B; C and 2 more.")


def test_default_rationale_never_says_reviewer_s_or_names_internal_codes():
    for verdict in ("verified", "unverified", "disputed"):
        text = default_rationale(verdict, ["Checked."], ["Source"])
        assert "(s)" not in text
        assert "_" not in text


def test_escape_markdown_shows_a_title_as_written():
    assert escape_markdown("[Report](javascript:x) *2026*") == (
        r"\[Report\]\(javascript:x\) \*2026\*"
    )
