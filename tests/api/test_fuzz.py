"""Fuzzing: schemathesis drives every operation of the OpenAPI description, authenticated.

Every generated request must answer without a 5xx, with a documented status, content type
and a body that conforms to the documented schema.
"""

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from annotator.api.openapi import openapi_document
from annotator.extensions import db
from annotator.models import Role, Verdict
from annotator.services.access import get_sentence_for
from annotator.services.annotations import AnnotationEntry, annotate_sentence
from annotator.services.discussion import post_comment
from annotator.services.tokens import create_token

MAX_EXAMPLES = 30
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture
def fuzz_schema(app, team, article, make_member):
    admin = make_member(Role.admin)
    _, secret = create_token(admin, "fuzzer")
    db.session.commit()
    app.config["FUZZ_TOKEN"] = secret
    sentence = get_sentence_for(admin, article.id, 0)
    annotation = annotate_sentence(
        make_member(Role.reviewer), sentence, AnnotationEntry(Verdict.disputed)
    )
    comment = post_comment(admin, sentence, "Which figures?")
    db.session.commit()
    app.config["FUZZ_IDS"] = {
        "article_id": article.id,
        "slug": team.slug,
        "user_id": admin.id,
        "reviewer_id": admin.id,
        "index": 0,
        "annotation_id": annotation.id,
        "comment_id": comment.id,
    }
    loaded = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    loaded.hook(flatmap_path_parameters)
    return loaded


def flatmap_path_parameters(context, path_parameters):
    """Point half the generated requests at real records, so they get past the 404s."""
    from flask import current_app

    if not path_parameters:
        return st.just(path_parameters)
    known = {
        name: current_app.config["FUZZ_IDS"][name]
        for name in path_parameters
        if name in current_app.config["FUZZ_IDS"]
    }
    return st.sampled_from([path_parameters, {**path_parameters, **known}])


OPERATIONS = [
    (method.upper(), path)
    for path, item in openapi_document("http://localhost/api/v1")["paths"].items()
    for method in item
]


@pytest.mark.parametrize(("method", "path"), OPERATIONS)
def test_api_answers_generated_requests_as_documented(fuzz_schema, app, method, path):
    operation = fuzz_schema[path][method]
    headers = {"Authorization": f"Bearer {app.config['FUZZ_TOKEN']}"}

    @given(case=operation.as_strategy())
    @settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def answers_as_documented(case):
        case.call_and_validate(headers=headers, checks=CHECKS)
        db.session.rollback()

    answers_as_documented()
