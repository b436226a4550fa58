"""API writes check the role before they read the body: a weak role gets 403, never 400."""

import pytest

from annotator.extensions import db
from annotator.models import Role, Verdict
from annotator.services.annotations import AnnotationEntry, annotate_sentence
from annotator.services.settling import settle_sentence
from tests.conftest import row_counts

SENTENCE = "/articles/{a}/sentences/1"

#: (operation, method, path, the strongest role the role table refuses)
WRITES = [
    ("set annotation", "PUT", SENTENCE + "/annotation", Role.viewer),
    ("clear annotation", "DELETE", SENTENCE + "/annotation", Role.viewer),
    ("post comment", "POST", SENTENCE + "/comments", Role.viewer),
    ("respond", "PUT", "/annotations/{flag}/response", Role.viewer),
    ("settle", "PUT", SENTENCE + "/resolution", Role.reviewer),
    ("reopen", "DELETE", SENTENCE + "/resolution", Role.reviewer),
    ("change article", "PATCH", "/articles/{a}", Role.reviewer),
    ("revise article", "POST", "/articles/{a}/versions", Role.reviewer),
]


@pytest.fixture
def records(article, make_member) -> dict:
    """Ids of a teammate's flag on a settled sentence."""
    editor = make_member(Role.editor)
    sentence = article.sentences[1]
    flag = annotate_sentence(make_member(), sentence, AnnotationEntry(Verdict.disputed, "No."))
    settle_sentence(editor, sentence, Verdict.disputed, "Police figures.")
    db.session.commit()
    return {"a": article.id, "flag": flag.id}


@pytest.mark.parametrize(
    ("method", "path", "role"), [w[1:] for w in WRITES], ids=[w[0] for w in WRITES]
)
@pytest.mark.parametrize("body", [{}, {"unknown": 1}], ids=["empty body", "malformed body"])
def test_weak_role_writing_is_refused_before_the_body_is_read(
    api_as, records, make_member, method, path, role, body
):
    api = api_as(make_member(role))
    before = row_counts()
    response = api.call(method, path.format(**records), json=body)
    assert response.status_code == 403
    assert response.json["error"]["code"] == "permissiondenied"
    db.session.expire_all()
    assert row_counts() == before
