"""Pages of a sentence whose words a revision changed after its final verdict."""

import pytest
import sqlalchemy as sa

from annotator.extensions import db
from annotator.models import ArticleState, AuditEvent, Resolution, Role
from annotator.services.teams import create_team
from tests.stories import CLAIM, corrected_story


@pytest.fixture
def article(team, make_member):
    """Sentence 2 settled Disputed on "212" (highlighted), then corrected to "198"."""
    return corrected_story(team, make_member)[0]


@pytest.fixture
def editor(make_member, login):
    return login(make_member(Role.editor))


def confirm(client, article, version=2):
    url = f"/articles/{article.id}/sentences/1/confirm"
    return client.post(url, data={"version": str(version)})


def test_settle_page_offers_to_confirm_a_changed_final_verdict(client, article, editor):
    page = client.get(f"/articles/{article.id}/settle").text
    assert "Given to earlier words: Disputed" in page
    assert "Confirm Disputed for the new words" in page
    assert '<mark title="Highlighted when judged"><del>' in page
    assert "Open (1)" in page


def test_sentence_panel_marks_the_final_verdict_and_the_words_judged(client, article, editor):
    page = client.get(f"/articles/{article.id}/sentences/1").text
    assert "This final verdict was given to the words of version 1" in page
    assert "<mark" in page.split("word-diff", 1)[1].split("</span></blockquote>", 1)[0]
    assert "<mark>198</mark>" not in page


def test_confirm_clears_the_mark_and_lets_the_article_be_settled(client, article, editor):
    assert confirm(client, article).status_code == 302
    assert (
        client.post(f"/articles/{article.id}/state", data={"state": "settled"}).status_code == 302
    )
    db.session.refresh(article)
    assert article.state is ArticleState.settled
    event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "sentence.confirm"))
    assert event.actor_id == editor.id


def test_mark_settled_is_refused_while_a_verdict_awaits(client, article, editor):
    response = client.post(
        f"/articles/{article.id}/state", data={"state": "settled"}, follow_redirects=True
    )
    assert "changed since their final verdict" in response.text
    db.session.refresh(article)
    assert article.state is ArticleState.in_review


def test_confirm_on_a_page_opened_before_the_revision_is_refused(client, article, editor):
    response = confirm(client, article, version=1)
    assert response.status_code == 302
    assert "look at it again" in client.get(response.location).text
    db.session.expire_all()
    (resolution,) = db.session.scalars(sa.select(Resolution)).all()
    assert resolution.reviewed_text == CLAIM


@pytest.mark.parametrize("role", [Role.reviewer, Role.viewer])
def test_confirm_is_refused_to_members_who_may_not_settle(
    client, article, make_member, login, role
):
    login(make_member(role))
    assert confirm(client, article).status_code == 403


def test_confirm_of_another_teams_article_is_not_found(client, article, make_member, login):
    login(make_member(Role.editor, in_team=create_team("Elsewhere", "elsewhere")))
    assert confirm(client, article).status_code == 404
