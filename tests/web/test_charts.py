"""Inline SVG charts: accessible names, proportions, escaping."""

from annotator.web.charts import Bar, bar_chart, column_chart, stacked_bar


def test_bar_chart_says_every_value_in_its_description():
    svg = bar_chart([Bar("Verified", 3, "verified"), Bar("Disputed", 1, "disputed")], "V", "v")
    assert 'role="img"' in svg
    assert '<desc id="v-desc">Verified: 3; Disputed: 1</desc>' in svg


def test_bar_chart_escapes_labels():
    svg = bar_chart([Bar("<script>", 1)], "<b>", "x")
    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg


def test_bar_chart_with_no_bars_says_so():
    assert "No data." in bar_chart([], "Empty", "e")


def test_column_chart_scales_to_the_tallest_column():
    svg = column_chart([Bar("Mon", 2), Bar("Tue", 4)], "Per day", "d")
    assert 'height="126.0"' in svg  # the tallest column fills the plot
    assert 'height="63.0"' in svg


def test_stacked_bar_splits_in_proportion():
    svg = stacked_bar([Bar("Verified", 1, "verified"), Bar("Disputed", 3, "disputed")], "S", "s")
    assert 'width="30.0"' in svg
    assert 'width="90.0"' in svg
    assert 'aria-label="S: Verified: 1; Disputed: 3"' in svg


def test_stacked_bar_without_verdicts_draws_an_empty_bar():
    assert "fill-none" in stacked_bar([Bar("Verified", 0, "verified")], "S", "s")


def test_fractions_are_written_with_two_decimals():
    assert "0.67" in bar_chart([Bar("Talks", 2 / 3)], "Alpha", "a")
