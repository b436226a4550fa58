"""Two writes based on the same version, at the same moment: one wins, the other is told.

The version check alone does not stop this on PostgreSQL: both requests could read
version 1 before either writes, and the second commit would overwrite the first.
"""

import threading

import pytest

from annotator.extensions import db
from annotator.models import Role
from annotator.services import annotations
from annotator.services.articles import ArticleDraft, import_article
from annotator.services.tokens import create_token

WAIT_SECONDS = 10


@pytest.fixture
def writer(app, team, make_member):
    reviewer = make_member(Role.reviewer)
    article = import_article(team, None, ArticleDraft("Budget", "The council spent more.")).article
    _, secret = create_token(reviewer, "two tabs")
    db.session.commit()
    url = f"/api/v1/articles/{article.id}/sentences/0/annotation"
    headers = {"Authorization": f"Bearer {secret}"}

    def put(verdict: str, version: int):
        return app.test_client().put(
            url, json={"verdict": verdict, "version": version}, headers=headers
        )

    return put


@pytest.fixture
def first_write_paused(monkeypatch):
    """Pause the write made in the thread named "first" just after its version check."""
    checked, release = threading.Event(), threading.Event()
    check_version = annotations.check_version

    def check_then_pause(annotation, expected_version):
        check_version(annotation, expected_version)
        if threading.current_thread().name == "first":
            checked.set()
            release.wait(WAIT_SECONDS)

    monkeypatch.setattr(annotations, "check_version", check_then_pause)
    return checked, release


def test_of_two_writes_from_one_version_the_second_is_refused(writer, first_write_paused):
    assert writer("verified", 0).status_code == 200  # version 1
    checked, release = first_write_paused
    answers = {}

    def write(name: str, verdict: str) -> None:
        answers[name] = writer(verdict, 1)

    first = threading.Thread(target=write, args=("first", "disputed"), name="first")
    first.start()
    assert checked.wait(WAIT_SECONDS)
    second = threading.Thread(target=write, args=("second", "unverified"), name="second")
    second.start()
    second.join(0.5)  # it waits for the first, or (without a lock) races past it
    release.set()
    first.join(WAIT_SECONDS)
    second.join(WAIT_SECONDS)

    assert answers["first"].status_code == 200
    assert answers["second"].status_code == 409
    assert answers["second"].json["error"]["current"]["verdict"] == "disputed"
    assert writer("verified", 2).json["version"] == 3  # the first write's version 2 stands
