"""The article's Unplaced list shows a reviewer their own unplaced draft, and no one else."""

import pytest
import sqlalchemy as sa

from annotator.extensions import db
from annotator.models import Draft, Role
from annotator.services.articles import ArticleDraft, import_article
from annotator.services.drafts import DraftEntry, draft_of, keep_draft
from annotator.services.entries import SourceEntry
from annotator.services.revisions import revise_article

FIRST = "Officials met in Geneva."
LOST = "The talks lasted two days."
TEXT = f"{FIRST} {LOST}"
NOTE = "Check the <b>minutes</b> of day two"


@pytest.fixture
def article(team):
    article = import_article(team, None, ArticleDraft("Talks", TEXT)).article
    article.blind_review = False
    return article


@pytest.fixture
def rita(make_member):
    return make_member(Role.reviewer, name="Rita Reviewer")


@pytest.fixture
def draft(article, rita, make_member):
    """Rita's draft on the sentence a revision then loses."""
    source = SourceEntry("https://minutes.example/day-2", "Minutes", "two days")
    keep_draft(rita, article.sentences[1], DraftEntry(NOTE, None, [source]))
    editor = make_member(Role.editor, name="Eda Editor")
    revise_article(article, editor, ArticleDraft("Talks", f"{FIRST} A new ending."))
    db.session.commit()
    return db.session.scalar(sa.select(Draft))


def url(article, draft, action: str) -> str:
    return f"/articles/{article.id}/unplaced-drafts/{draft.id}/{action}"


def test_the_author_sees_their_unplaced_draft_with_its_words(client, article, draft, rita, login):
    login(rita)
    page = client.get(f"/articles/{article.id}").text
    assert "Your unsaved draft on words a revision removed:" in page
    assert f"«{LOST}»" in page
    assert "Check the &lt;b&gt;minutes&lt;/b&gt; of day two" in page
    assert "https://minutes.example/day-2" in page
    assert url(article, draft, "discard") in page
    assert url(article, draft, "attach") in page


@pytest.mark.parametrize("role", [Role.reviewer, Role.editor, Role.admin, Role.viewer])
def test_teammates_never_see_my_unplaced_draft(client, article, draft, make_member, login, role):
    login(make_member(role, name="Tom Teammate"))
    page = client.get(f"/articles/{article.id}").text
    assert "minutes.example" not in page
    assert "day two" not in page
    assert "Your unsaved draft" not in page
    assert f"unplaced-drafts/{draft.id}" not in page


@pytest.mark.parametrize("action", ["discard", "attach"])
def test_a_teammate_cannot_act_on_my_unplaced_draft(
    client, article, draft, make_member, login, action
):
    login(make_member(Role.editor, name="Tom Teammate"))
    response = client.post(url(article, draft, action), data={f"draft-{draft.id}-sentence": "1"})
    assert response.status_code == 404
    assert db.session.get(Draft, draft.id).unplaced_article_id == article.id


def test_the_author_discards_their_unplaced_draft(client, article, draft, rita, login):
    login(rita)
    draft_id = draft.id
    response = client.post(url(article, draft, "discard"), follow_redirects=True)
    assert "Your unplaced draft is discarded." in response.text
    assert db.session.get(Draft, draft_id) is None


def test_the_author_moves_their_draft_onto_a_sentence(client, article, draft, rita, login):
    login(rita)
    response = client.post(url(article, draft, "attach"), data={f"draft-{draft.id}-sentence": "2"})
    assert response.status_code == 302
    assert response.location.endswith("#s1")
    db.session.expire_all()
    assert draft_of(rita, article.sentences[1]).note == NOTE


@pytest.mark.parametrize(
    ("value", "message"),
    [("", "Give the number"), ("0", "Give the number"), ("99", "Choose a sentence")],
)
def test_moving_refuses_a_bad_sentence_number(client, article, draft, rita, login, value, message):
    login(rita)
    data = {f"draft-{draft.id}-sentence": value}
    response = client.post(url(article, draft, "attach"), data=data, follow_redirects=True)
    assert message in response.text
    assert db.session.get(Draft, draft.id).unplaced_article_id == article.id


def test_moving_onto_a_sentence_with_my_draft_is_refused(client, article, draft, rita, login):
    keep_draft(rita, article.sentences[0], DraftEntry("newer words"))
    db.session.commit()
    login(rita)
    data = {f"draft-{draft.id}-sentence": "1"}
    response = client.post(url(article, draft, "attach"), data=data, follow_redirects=True)
    assert "You have a draft on sentence 1 already" in response.text
    assert db.session.get(Draft, draft.id).unplaced_article_id == article.id
