"""Each limit on input is defined once (annotator/limits.py); documents that state one agree."""

import json
import re

import pytest

from annotator import limits
from annotator.services.interchange import SCHEMA as SCHEMA_FILE
from annotator.services.interchange import TEXT_LIMITS
from tests.conftest import REPOSITORY

SCHEMA = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))

#: Where the JSON export's schema states a limit, and the limit the import checks there.
SCHEMA_LIMITS = TEXT_LIMITS
SCHEMA_COUNTS = {"annotations/sources": limits.SOURCES, "revisions/sources": limits.SOURCES}
#: Pairs and triples of offsets: shapes, not limits on input.
SCHEMA_SHAPES = {"annotations/span", "revisions/span", "versions/sentences"}


def schema_at(path: str) -> dict:
    """Return the schema of a field named like "annotations/sources/title"."""
    node = SCHEMA
    for name in path.split("/"):
        node = node.get("items", node)
        node = node.get("oneOf", [node])[0]
        node = node["properties"][name]
    return node


@pytest.mark.parametrize(("path", "limit"), SCHEMA_LIMITS.items())
def test_export_schema_states_each_text_limit(path, limit):
    assert schema_at(path)["maxLength"] == limit.most


@pytest.mark.parametrize(("path", "most"), SCHEMA_COUNTS.items())
def test_export_schema_states_each_count(path, most):
    assert schema_at(path)["maxItems"] == most


def test_every_limit_the_export_schema_states_is_listed():
    stated = set()
    pending = [("", SCHEMA)]
    while pending:
        path, node = pending.pop()
        if isinstance(node, dict):
            if {"maxLength", "maxItems"} & node.keys():
                stated.add(path.strip("/"))
            for key, value in node.items():
                step = "" if key in {"items", "oneOf", "properties", "$defs"} else key
                pending.append((f"{path}/{step}" if step else path, value))
        elif isinstance(node, list):
            pending.extend((path, value) for value in node)
    assert stated - SCHEMA_SHAPES == SCHEMA_LIMITS.keys() | SCHEMA_COUNTS.keys()


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("tab\tand\nnewline\r\n", None),
        ("emoji 🙂, accents é, right-to-left \u202e", None),
        ("nul\x00", "a control character (U+0000 at character 4)"),
        ("bell\x07", "a control character (U+0007 at character 5)"),
        ("\x1b[31m", "a control character (U+001B at character 1)"),
        ("delete\x7f", "a control character (U+007F at character 7)"),
        ("c1\x90", "a control character (U+0090 at character 3)"),
        ("next line\x85", "a control character (U+0085 at character 10)"),
        ("half \ud800", "a lone surrogate (U+D800 at character 6)"),
    ],
)
def test_unusable_character_names_the_first_and_where(text, found):
    assert limits.unusable_character(text) == found


@pytest.mark.parametrize(
    ("limit", "text", "problem"),
    [
        (limits.ARTICLE_TITLE, "Bridge costs", None),
        (limits.ARTICLE_TITLE, "T" * 300, None),
        (limits.ARTICLE_TITLE, "T" * 301, "Use at most 300 characters."),
        (limits.ARTICLE_TITLE, "Bridge\tcosts", "Keep this on one line: no tab or line break"),
        (limits.ARTICLE_TITLE, "Bridge\ncosts", "Keep this on one line"),
        (limits.ARTICLE_TITLE, "Bridge\rcosts", "Keep this on one line"),
        (limits.ARTICLE_TITLE, "Bridge\u2028costs", "Keep this on one line"),
        (limits.ARTICLE_TITLE, "Bridge\x00costs", "Unusable characters: a control character"),
        (limits.NOTE, "Line one.\r\n\tLine two.", None),
        (limits.NOTE, "n" * 10_001, "Use at most 10,000 characters."),
        (limits.NOTE, "Bell\x07", "Unusable characters: a control character (U+0007"),
        (limits.NOTE, "\ud800", "Unusable characters: a lone surrogate"),
    ],
)
def test_a_limit_refuses_length_control_characters_and_line_breaks_by_kind(limit, text, problem):
    found = limit.problem(text)
    assert found == problem if problem is None else found.startswith(problem)


def text_fields_of_every_form():
    """Yield (form, field) for every text field a person types into, on every page's form."""
    from tests.security.test_form_fuzz import app_form_classes, leaf_fields

    typed = {"StringField", "TextAreaField", "URLField", "EmailField", "SearchField"}
    for form_class in app_form_classes():
        form = form_class(formdata=None, meta={"csrf": False})
        for field in leaf_fields(form):
            if field.type in typed:
                yield form_class.__name__, field


def test_every_text_field_of_every_form_checks_its_limit(app):
    from annotator.web.forms import Within

    with app.test_request_context():
        fields = list(text_fields_of_every_form())
        assert len(fields) >= 20
        unchecked = [
            f"{form}.{field.name}"
            for form, field in fields
            if not any(isinstance(check, Within) for check in field.validators)
        ]
    assert sorted(unchecked) == sorted(ARTICLE_TEXTS)


#: An article's text: its limit is the operator's (ANNOTATOR_MAX_ARTICLE_BYTES, in bytes), and
#: the import service checks it, with its characters, for pasted text and uploads alike.
ARTICLE_TEXTS = ["ImportArticleForm.text", "ReviseArticleForm.text"]


def security_md_limits() -> dict[str, tuple[str, str]]:
    """Return SECURITY.md's limits table: constant name -> (limit, kind)."""
    text = (REPOSITORY / "SECURITY.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| [^|]+ \| ([^|]+) \| ([^|]+) \| `([A-Z_]+)` \|$", text, re.MULTILINE)
    return {name: (limit, kind) for limit, kind, name in rows}


def stated(value) -> tuple[str, str]:
    """Return how SECURITY.md states a limit of annotator/limits.py."""
    if isinstance(value, limits.TextLimit):
        return f"{value.most:,} characters", "several lines" if value.multiline else "one line"
    return f"{value:,}", "count"


def test_security_md_states_every_limit_as_limits_py_defines_it():
    defined = {
        name: stated(value)
        for name, value in vars(limits).items()
        if name.isupper() and isinstance(value, (int, limits.TextLimit))
    }
    assert security_md_limits() == defined


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("", "Enter a title of 1 to 300 characters."),
        ("x" * 301, "Use at most 300 characters."),
        ("One\tline", "Keep this on one line: no tab or line break (U+0009 at character 4)."),
        ("Talks in Geneva", None),
    ],
)
def test_required_text_must_be_given_and_keep_to_its_limit(text, problem):
    assert limits.ARTICLE_TITLE.required_problem(text, "a title") == problem
