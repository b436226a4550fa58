"""The report's own escaping gives the bytes markupsafe.escape gives (the goldens rely on it)."""

from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import escape

from annotator.exports.report_markup import escape_text


@settings(max_examples=500)
@given(st.text(alphabet=st.characters(), max_size=60) | st.text(alphabet="&<>'\"a ", max_size=20))
def test_escape_text_matches_markupsafe(text):
    assert escape_text(text) == str(escape(text))
