"""A token of one team can read, list or change nothing of another team, on every route."""

import re

import pytest
import sqlalchemy as sa

from annotator.extensions import db
from annotator.models import AuditEvent, Role, Verdict
from annotator.services.access import get_sentence_for
from annotator.services.annotations import AnnotationEntry, annotate_sentence
from annotator.services.discussion import post_comment
from annotator.services.invitations import create_invitation
from tests.api.conftest import openapi_path

BODIES = {
    "api.create_invitation": {"email": "spy@example.org", "role": "admin"},
    "api.change_member": {"role": "viewer"},
    "api.create_article": {"title": "Planted", "text": "A planted article."},
    "api.move_article": {"state": "in_review"},
    "api.revise_article": {"text": "A planted version."},
    "api.change_article": {"blind_review": False, "reviewers_wanted": 3},
    "api.set_annotation": {"verdict": "disputed"},
    "api.undo_annotation_change": {"version": 1},
    "api.restore_annotation_version": {"version": 1},
    "api.respond": {"stance": "disagree", "comment": "No."},
    "api.post_comment": {"body": "Hello from outside"},
    "api.settle": {"verdict": "disputed", "rationale": "Because."},
    "api.assign": {"due_on": "2030-01-01"},
}
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")


def victim_routes():
    from annotator import create_app

    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "x"})
    return sorted(
        (rule.rule, method, rule.endpoint)
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/api/v1/") and rule.arguments
        for method in rule.methods & set(METHODS)
    )


@pytest.fixture
def victim(team, article, make_member):
    """The demo newsroom with an annotation, a comment and members; returns URL values."""
    reviewer = make_member("reviewer")
    editor = make_member("editor")
    admin = make_member("admin")
    invitation, _ = create_invitation(admin, team, "guest@example.org", Role.viewer)
    sentence = get_sentence_for(reviewer, article.id, 0)
    annotation = annotate_sentence(reviewer, sentence, AnnotationEntry(Verdict.disputed))
    comment = post_comment(reviewer, sentence, "Check the police figures.")
    db.session.commit()
    return {
        "slug": team.slug,
        "article_id": article.id,
        "index": 0,
        "annotation_id": annotation.id,
        "user_id": reviewer.id,
        "reviewer_id": editor.id,
        "comment_id": comment.id,
        "format_name": "json",
        "invitation_id": invitation.id,
        "number": 1,
    }


def team_events(team_id: int) -> int:
    return db.session.scalar(
        sa.select(sa.func.count(AuditEvent.id)).where(AuditEvent.team_id == team_id)
    )


@pytest.mark.parametrize(("rule", "method", "endpoint"), victim_routes())
def test_other_team_token_gets_404_and_changes_nothing(
    api_as, outsider, victim, team, rule, method, endpoint
):
    path = re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", lambda m: str(victim[m.group(1)]), rule)
    before = team_events(team.id)
    response = api_as(outsider).call(
        method, path.removeprefix("/api/v1"), json=BODIES.get(endpoint)
    )
    assert response.status_code == 404, (openapi_path(rule), response.get_json())
    assert team_events(team.id) == before
    assert "Crime figures" not in response.get_data(as_text=True)


def test_team_list_shows_only_my_teams(api_as, outsider, team):
    body = api_as(outsider).get("/teams").get_json()
    assert [t["slug"] for t in body["items"]] == ["rival-desk"]
