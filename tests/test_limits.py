"""Each limit on input is defined once (annotator/limits.py); documents that state one agree."""

import json

import pytest

from annotator import ROOT, limits

SCHEMA = json.loads((ROOT / "docs" / "json-export.schema.json").read_text(encoding="utf-8"))

#: Where the JSON export's schema states a limit, and the limit it states.
SCHEMA_LIMITS = {
    "article/title": limits.ARTICLE_TITLE,
    "article/source_url": limits.WEB_ADDRESS,
    "article/publisher": limits.PUBLISHER,
    "article/language": limits.LANGUAGE_TAG,
    "people/name": limits.PERSON_NAME,
    "people/email": limits.EMAIL,
    "triage/reasons": limits.TRIAGE_REASONS,
    "annotations/note": limits.NOTE,
    "annotations/sources/url": limits.WEB_ADDRESS,
    "annotations/sources/title": limits.SOURCE_TITLE,
    "annotations/sources/quote": limits.SOURCE_QUOTE,
    "annotations/adopted_from/title": limits.ARTICLE_TITLE,
    "revisions/note": limits.NOTE,
    "revisions/sources/url": limits.WEB_ADDRESS,
    "revisions/sources/title": limits.SOURCE_TITLE,
    "revisions/sources/quote": limits.SOURCE_QUOTE,
    "resolutions/rationale": limits.RATIONALE,
    "responses/comment": limits.RESPONSE_COMMENT,
    "comments/body": limits.DISCUSSION_COMMENT,
}
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
