"""Shapes are described once (api/shapes.py): presenters and routes keep to the descriptions."""

import inspect
import re
from datetime import date
from types import SimpleNamespace

import pytest
from jsonschema import Draft202012Validator

from annotator.api import present, shapes
from annotator.api.openapi import COMPONENTS, openapi_document
from annotator.extensions import db
from annotator.models import Role, Stance, Verdict, utcnow
from annotator.services.access import get_sentence_for
from annotator.services.agreement import article_agreement
from annotator.services.annotations import AnnotationEntry, SourceEntry, annotate_sentence
from annotator.services.articles import ArticleDraft
from annotator.services.assignments import assign_article
from annotator.services.discussion import post_comment
from annotator.services.invitations import create_invitation
from annotator.services.listing import list_events
from annotator.services.rating_scale import rating_scale
from annotator.services.reviews import respond_to_annotation
from annotator.services.revisions import revise_article
from annotator.services.settling import settle_sentence
from annotator.services.visibility import host_visibility
from annotator.services.whole_article import whole_article

DOCUMENT = openapi_document("http://localhost/api/v1")


def problems(value, schema: dict) -> list[str]:
    """Return how the value breaks the schema (whose $refs name the document's schemas)."""
    validator = Draft202012Validator(
        {**schema, "components": DOCUMENT["components"]},
        format_checker=Draft202012Validator.FORMAT_CHECKER,
    )
    return [f"{list(error.path)}: {error.message}" for error in validator.iter_errors(value)]


@pytest.fixture
def world(team, article, make_member):
    """One of every record an answer shows, each with its optional parts filled in."""
    admin, editor, reviewer = make_member("admin"), make_member("editor"), make_member("reviewer")
    sentence = get_sentence_for(admin, article.id, 0)
    source = SourceEntry("https://example.org/police", "Police report", "Crime rose.")
    span = (sentence.start, sentence.start + 3)
    entry = AnnotationEntry(Verdict.disputed, "Wrong year.", span, [source])
    annotation = annotate_sentence(reviewer, sentence, entry)
    annotate_sentence(reviewer, sentence, AnnotationEntry(Verdict.verified), 1)
    response = respond_to_annotation(editor, annotation, Stance.disagree, "Figures differ.")
    thread = post_comment(editor, sentence, "Which figures?")
    post_comment(reviewer, sentence, "The police's.", thread)
    resolution = settle_sentence(editor, sentence, Verdict.verified, "Checked twice.")
    assignment = assign_article(editor, article, reviewer, date(2026, 2, 1))
    invitation, _ = create_invitation(admin, team, "new.member@example.org", Role.viewer)
    db.session.commit()
    return SimpleNamespace(
        team=team, article=article, sentence=sentence, span=span, admin=admin, editor=editor,
        reviewer=reviewer, annotation=annotation, response=response, thread=thread,
        resolution=resolution, assignment=assignment, invitation=invitation,
    )  # fmt: skip


def judged_line(world) -> tuple:
    """Return the whole-article stream's first sentence with an annotation shown of it."""
    return next(line for line in whole_article(world.admin, world.article) if line[1])


def revised(world) -> dict:
    draft = ArticleDraft(title="Crime figures, corrected", text="Police figures show a rise.")
    return present.article_revision(revise_article(world.article, world.editor, draft))


#: Each presenter of api/present.py, the shape its answers have, and a record to show.
PRESENTED = {
    "person": (shapes.PERSON, lambda w: present.person(w.admin)),
    "team": (shapes.TEAM, lambda w: present.team(w.team, Role.admin)),
    "rating": (shapes.RATING, lambda w: present.rating(rating_scale(w.team.id)[2])),
    "me": (shapes.ME, lambda w: present.me(w.admin, [(w.team, Role.admin)])),
    "member": (shapes.MEMBER, lambda w: present.member(w.editor, Role.editor)),
    "invitation": (shapes.INVITATION, lambda w: present.invitation(w.invitation, utcnow())),
    "article": (shapes.ARTICLE, lambda w: present.article(w.article)),
    "sentence": (shapes.SENTENCE, lambda w: present.sentence(w.sentence, w.article.text)),
    "article_with_text": (shapes.ARTICLE_WITH_TEXT, lambda w: present.article_with_text(w.article)),
    "article_revision": (shapes.ARTICLE_REVISION, revised),
    "span": (shapes.SPAN, lambda w: present.span(*w.span)),
    "annotation": (shapes.ANNOTATION, lambda w: present.annotation(w.annotation)),
    "annotation_fields": (
        shapes.ANNOTATION,
        lambda w: present.annotation_fields(
            w.annotation, 0, present.person(w.annotation.reviewer), w.annotation.sources
        ),
    ),
    "annotation_row": (shapes.ANNOTATION, lambda w: present.annotation_row(judged_line(w)[1][0])),
    "whole_article_head": (
        shapes.WHOLE_ARTICLE_HEAD,
        lambda w: present.whole_article_head(w.article),
    ),
    "whole_article_line": (
        shapes.WHOLE_ARTICLE_LINE,
        lambda w: present.whole_article_line(*judged_line(w), w.article.text),
    ),
    "revision": (shapes.REVISION, lambda w: present.revision(w.annotation.revisions[0])),
    "response": (shapes.RESPONSE, lambda w: present.response(w.response)),
    "comment": (shapes.COMMENT, lambda w: present.comment(w.thread.replies[0])),
    "thread": (shapes.THREAD, lambda w: present.thread(w.thread)),
    "resolution": (shapes.RESOLUTION, lambda w: present.resolution(w.resolution)),
    "assignment": (shapes.ASSIGNMENT, lambda w: present.assignment(w.assignment)),
    "agreement": (
        shapes.AGREEMENT,
        lambda w: present.agreement(article_agreement(w.article, host_visibility(w.article))),
    ),
    "event": (shapes.AUDIT_EVENT, lambda w: present.event(list_events(w.admin, w.team).items[-1])),
}


def test_every_presenter_is_held_to_a_shape():
    functions = inspect.getmembers(present, inspect.isfunction)
    defined = {name for name, function in functions if function.__module__ == present.__name__}
    assert defined - {"value"} == set(PRESENTED)  # value() shows an enum member, no object


@pytest.mark.parametrize("name", sorted(PRESENTED))
def test_presenter_answers_keep_to_their_shape(world, name):
    shape, show = PRESENTED[name]
    assert problems(show(world), shape.schema()) == []


def test_a_presenter_that_adds_a_field_breaks_its_shape(world):
    answer = {**present.article(world.article), "colour": "red"}
    assert problems(answer, shapes.ARTICLE.schema()) != []


# --- routes accept what the document says, and nothing else --------------------------------


def example(schema: dict):
    """Return a value of the schema's shape (its limits aside: those are for the services)."""
    if "$ref" in schema:
        return example(DOCUMENT["components"]["schemas"][schema["$ref"].split("/")[-1]])
    if "anyOf" in schema:
        return example(schema["anyOf"][0])
    if "enum" in schema:
        return schema["enum"][0]
    kind = schema.get("type")
    if kind == "object":
        return {name: example(member) for name, member in schema["properties"].items()}
    if kind == "array":
        return [example(schema["items"])]
    formats = {"date": "2026-01-31", "date-time": "2026-01-31T00:00:00Z"}
    values = {"integer": 1, "boolean": True, "string": formats.get(schema.get("format"), "Words.")}
    return values[kind]


def body_schema(operation: dict) -> dict:
    return operation["requestBody"]["content"]["application/json"]["schema"]


OPERATIONS = [(path, method) for path, item in DOCUMENT["paths"].items() for method in item]
WITH_BODY = [
    (path, method)
    for path, method in OPERATIONS
    if "requestBody" in DOCUMENT["paths"][path][method]
]
WITH_QUERY = [
    pytest.param(path, method, parameter, id=f"{method} {path} ?{parameter['name']}")
    for path, method in OPERATIONS
    for parameter in DOCUMENT["paths"][path][method].get("parameters", ())
    if parameter["in"] == "query"
]
#: Every member name of every described object: a route reading another shape than the one
#: documented accepts some of them.
EVERY_NAME = {name for shape in COMPONENTS for name in shape.fields}


@pytest.fixture
def caller(api_as, world):
    """An admin's API caller, and the URL of each operation on real records."""
    world.annotation_of_mine = annotate_sentence(
        world.admin, world.sentence, AnnotationEntry(Verdict.verified)
    )
    db.session.commit()
    ids = {
        "slug": world.team.slug,
        "article_id": world.article.id,
        "index": 0,
        "annotation_id": world.annotation.id,
        "comment_id": world.thread.id,
        "user_id": world.editor.id,
        "reviewer_id": world.reviewer.id,
        "invitation_id": world.invitation.id,
        "format_name": "json",
        "number": 1,
    }
    api = api_as(world.admin)
    api.url = lambda path: re.sub(r"{(\w+)}", lambda match: str(ids[match.group(1)]), path)
    return api


@pytest.mark.parametrize(("path", "method"), WITH_BODY)
def test_a_route_accepts_every_field_its_body_documents(caller, path, method):
    body = example(body_schema(DOCUMENT["paths"][path][method]))
    response = caller.call(method.upper(), caller.url(path), json=body)
    assert response.status_code != 400, response.get_json()


@pytest.mark.parametrize(("path", "method"), WITH_BODY)
def test_a_route_accepts_no_field_its_body_does_not_document(caller, path, method):
    schema = body_schema(DOCUMENT["paths"][path][method])
    documented = example(schema)
    others = EVERY_NAME - set(documented)
    body = {**documented, **dict.fromkeys(others, 1)}
    response = caller.call(method.upper(), caller.url(path), json=body)
    assert response.status_code == 400
    assert response.get_json()["error"]["fields"] == dict.fromkeys(others, "Unknown field.")


#: A value no query parameter of its kind takes.
UNUSABLE = {"integer": "many", "string": "not-a-cursor"}


@pytest.mark.parametrize(("path", "method", "parameter"), WITH_QUERY)
def test_a_route_reads_every_query_parameter_it_documents(caller, path, method, parameter):
    schema, name = parameter["schema"], parameter["name"]
    value = "not-one" if "enum" in schema or "format" in schema else UNUSABLE[schema["type"]]
    response = caller.call(method.upper(), caller.url(path), query_string={name: value})
    assert response.status_code == 400
    assert list(response.get_json()["error"]["fields"]) == [name]


# --- the check keeps the API's words and its strictness -------------------------------------
MINE = "/articles/{article_id}/sentences/{index}/annotation"
SPAN_WORDS = 'Expected {"start": integer, "end": integer}.'
VERDICT_WORDS = "Expected one of verified, unverified, disputed."


@pytest.mark.parametrize(
    ("method", "path", "body", "fields"),
    [
        ("PUT", MINE, {}, {"verdict": "Required."}),
        (
            "PUT",
            MINE,
            {"verdict": "maybe", "note": 3, "colour": "red"},
            {"colour": "Unknown field.", "verdict": VERDICT_WORDS, "note": "Expected a string."},
        ),
        ("PUT", MINE, {"verdict": None}, {"verdict": VERDICT_WORDS}),
        ("PUT", MINE, {"verdict": "verified", "version": 1.0}, {"version": "Expected an integer."}),
        (
            "PUT",
            MINE,
            {"verdict": "verified", "version": True},
            {"version": "Expected an integer."},
        ),
        (
            "PUT",
            MINE,
            {"verdict": "verified", "version": 2**31},
            {"version": "Expected an integer."},
        ),
        ("PUT", MINE, {"verdict": "verified", "span": {"start": 1}}, {"span": SPAN_WORDS}),
        (
            "PUT",
            MINE,
            {"verdict": "verified", "span": {"start": 1.0, "end": 2}},
            {"span": SPAN_WORDS},
        ),
        ("PUT", MINE, {"verdict": "verified", "span": [1, 2]}, {"span": SPAN_WORDS}),
        ("PUT", MINE, {"verdict": "verified", "sources": "x"}, {"sources": "Expected a list."}),
        (
            "PUT",
            MINE,
            {"verdict": "verified", "sources": [{"url": "https://example.org/"}, {"title": "T"}]},
            {"sources-1": "Expected {url, title?, quote} strings."},
        ),
        (
            "PATCH",
            "/articles/{article_id}",
            {"blind_review": "yes", "reviewers_wanted": "2"},
            {"blind_review": "Expected true or false.", "reviewers_wanted": "Expected an integer."},
        ),
        (
            "PUT",
            "/articles/{article_id}/assignments/{reviewer_id}",
            {"due_on": "tomorrow"},
            {"due_on": "Expected a date (YYYY-MM-DD)."},
        ),
    ],
)
def test_a_body_of_another_shape_is_refused_field_by_field(caller, method, path, body, fields):
    response = caller.call(method, caller.url(path), json=body)
    assert response.status_code == 400
    assert response.get_json()["error"]["fields"] == fields


@pytest.mark.parametrize(
    ("method", "path", "body", "status"),
    [
        # Shapes right, rules broken: the services answer, not the shape check.
        ("PUT", MINE, {"verdict": "verified", "span": {"start": 10**30, "end": 2}}, 422),
        ("PUT", MINE, {"verdict": "verified", "version": -(2**31)}, 409),
        ("PUT", MINE, {"verdict": "verified", "note": "n" * 10_001}, 422),
        # A date as the services read it (date.fromisoformat), in its compact form too.
        ("PUT", "/articles/{article_id}/assignments/{reviewer_id}", {"due_on": "20260131"}, 200),
    ],
)
def test_a_body_of_the_right_shape_reaches_the_services(caller, method, path, body, status):
    assert caller.call(method, caller.url(path), json=body).status_code == status
