"""The write benchmark's floor (bench/write_floor.py) writes what the annotation PUT writes.

The floor row of `python -m bench.writes` means something only if its endpoint does the
same work: the same rows, a revision on a change, and an event that extends the chain.
"""

import pytest

from annotator.extensions import db
from annotator.models import Annotation, AnnotationRevision, AuditEvent, Role
from annotator.services.articles import ArticleDraft, import_article
from annotator.services.audit import verify_chain
from annotator.services.tokens import create_token
from bench import bare_app

FIRST = {
    "verdict": "disputed",
    "note": "The report gives another figure.",
    "sources": [
        {"url": "https://example.org/report", "title": "Report", "quote": "spent"},
        {"url": "https://example.org/budget"},
    ],
}
SECOND = {"verdict": "verified", "note": "Checked again.", "sources": [FIRST["sources"][1]]}


@pytest.fixture
def floor(app, team, make_member, database_url, monkeypatch):
    """Return the floor app on the test database, the article and the reviewer's headers."""
    reviewer = make_member(Role.reviewer)
    article = import_article(team, None, ArticleDraft("Budget", "The council spent more.")).article
    headers = {"Authorization": f"Bearer {create_token(reviewer, 'floor')[1]}"}
    db.session.commit()
    monkeypatch.setenv("ANNOTATOR_DATABASE_URL", database_url)
    floor_app = bare_app.create_app()
    yield floor_app.test_client(), article, reviewer, headers
    db.session.remove()


def test_floor_sets_then_changes_an_annotation_like_the_api(floor):
    client, article, reviewer, headers = floor
    url = f"/floor/articles/{article.id}/sentences/0/annotation"

    assert client.put(url, json=FIRST, headers=headers).json["version"] == 1
    assert client.put(url, json=SECOND, headers=headers).json["version"] == 2

    db.session.rollback()  # end the read transaction: its snapshot predates the writes
    annotation = db.session.query(Annotation).filter_by(reviewer_id=reviewer.id).one()
    assert (annotation.verdict.value, annotation.note) == ("verified", "Checked again.")
    assert [source.url for source in annotation.sources] == ["https://example.org/budget"]
    revision = db.session.query(AnnotationRevision).filter_by(annotation_id=annotation.id).one()
    assert (revision.version, revision.verdict.value, len(revision.sources)) == (1, "disputed", 2)
    actions = [event.action for event in db.session.query(AuditEvent).order_by(AuditEvent.id)]
    assert actions[-2:] == ["annotation.set", "annotation.change"]
    assert verify_chain().intact
