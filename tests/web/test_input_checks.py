"""The checks every request passes before its view: ids in ASCII digits, text a field may hold."""

import pytest
from werkzeug.routing import IntegerConverter

from annotator.extensions import db
from annotator.models import Verdict
from annotator.services.annotations import AnnotationEntry, annotate_sentence
from annotator.services.articles import ArticleDraft, import_article
from annotator.web.input_checks import IdConverter, id_number, whole_number

#: Digits of other scripts, and look-alikes: int() reads most of them, routes must not.
NOT_ASCII_DIGITS = ["٣", "३", "３", "٣٣", "1٣", "²", "𝟑"]


def test_every_int_converter_of_the_url_map_takes_ascii_digits_only(app):
    converters = [
        converter
        for rule in app.url_map.iter_rules()
        for converter in (rule._converters or {}).values()
        if isinstance(converter, IntegerConverter)
    ]
    assert converters, "the URL map has no <int:...> rule"
    assert all(isinstance(converter, IdConverter) for converter in converters)


def written_in(number: int, zero: str) -> str:
    """Write the number with the digits of the script whose zero is given."""
    return "".join(chr(ord(zero) + int(digit)) for digit in str(number))


@pytest.fixture
def article(team, make_member):
    editor = make_member("editor")
    article = import_article(team, editor, ArticleDraft("Three", "One. Two. Three. Four.")).article
    db.session.commit()
    return article, editor


@pytest.mark.parametrize("zero", ["\u0660", "\u0966", "\uff10", "\U0001d7ce"])  # ٠ ० ０ 𝟎
@pytest.mark.parametrize(
    "path",
    ["/articles/{id}", "/articles/{id}/sentences/{one}", "/api/v1/articles/{id}"],
)
def test_an_id_in_other_digits_names_no_record(client, login, article, path, zero):
    article, editor = article
    login(editor)
    assert client.get(path.format(id=article.id, one=1)).status_code == 200
    other = path.format(id=written_in(article.id, zero), one=written_in(1, zero))
    assert client.get(other).status_code == 404


@pytest.mark.parametrize("text", ["0", "7", "2147483647"])
def test_id_number_reads_ascii_digits(text):
    assert id_number(text) == int(text) == whole_number(text)


@pytest.mark.parametrize("text", [*NOT_ASCII_DIGITS, "", "-1", "+3", " 3", "3 ", "2147483648"])
def test_id_number_refuses_anything_else(text):
    with pytest.raises(ValueError, match="Not an id"):
        id_number(text)


def test_a_query_id_in_other_digits_counts_as_absent(client, login, article, make_member):
    article, editor = article
    reviewer = make_member("reviewer")
    annotate_sentence(reviewer, article.sentences[0], AnnotationEntry(Verdict.disputed))
    db.session.commit()
    login(editor)
    chosen = f'<option value="{article.id}" selected>'
    assert chosen in client.get("/review", query_string={"article": article.id}).text
    page = client.get("/review", query_string={"article": written_in(article.id, "\u0660")})
    assert page.status_code == 200
    assert chosen not in page.text
