"""Drafts through the pages: kept as the reviewer types, shown to them alone, saved or discarded."""

import pytest
import sqlalchemy as sa

from annotator.extensions import db
from annotator.models import ArticleState, Draft, Role, Verdict
from annotator.services.annotations import AnnotationEntry, annotate_sentence
from annotator.services.articles import ArticleDraft, import_article
from tests.conftest import PASSWORD

TEXT = (
    "Officials met in Geneva.\n"
    "They reported to the International Narcotics Control. Then they left."
)
JSON = {"Accept": "application/json"}
SECRET = "Only-Rita-reads-this"


@pytest.fixture
def article(team):
    article = import_article(team, None, ArticleDraft("Talks", TEXT)).article
    article.blind_review = False
    db.session.commit()
    return article


@pytest.fixture
def rita(make_member, login):
    return login(make_member(Role.reviewer, name="Rita Reviewer"))


def url(article, index=1, suffix=""):
    return f"/articles/{article.id}/sentences/{index}{suffix}"


def typed(**overrides):
    data = {
        "note": SECRET,
        "span_text": "International",
        "sources-0-url": "www.incb.org",
        "sources-0-title": "INCB",
        "sources-0-quote": "",
    }
    data.update(overrides)
    return data


def drafts() -> list[Draft]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(Draft)))


def test_typing_is_kept_as_a_draft_and_answered_as_json(client, article, rita):
    answer = client.post(url(article, suffix="/draft"), data=typed(), headers=JSON)
    assert answer.status_code == 200
    assert answer.json["kept"] is True
    assert "UTC" in answer.json["kept_at"]
    (draft,) = drafts()
    assert (draft.note, draft.sources[0]["url"]) == (SECRET, "www.incb.org")
    assert article.text[draft.span_start : draft.span_end] == "International"


def test_the_panel_shows_the_draft_marked_not_saved(client, article, rita):
    client.post(url(article, suffix="/draft"), data=typed(), headers=JSON)
    panel = client.get(url(article), headers=JSON).json["panel"]
    assert "Draft, not saved" in panel
    assert SECRET in panel
    assert 'value="www.incb.org"' in panel
    assert 'value="International"' in panel
    assert 'class="draft-status alert alert-warning" role="status">' in panel  # shown


def test_the_panel_without_a_draft_hides_the_mark(client, article, rita):
    panel = client.get(url(article)).text
    assert 'class="draft-status alert alert-warning" role="status" hidden>' in panel


def test_words_not_in_the_sentence_keep_the_draft_without_a_span(client, article, rita):
    answer = client.post(
        url(article, suffix="/draft"), data=typed(span_text="Internat1onal"), headers=JSON
    )
    assert answer.json["kept"] is True
    (draft,) = drafts()
    assert (draft.note, draft.span_start) == (SECRET, None)


def test_a_note_past_its_limit_is_a_422_and_keeps_nothing(client, article, rita):
    answer = client.post(url(article, suffix="/draft"), data=typed(note="x" * 10_001), headers=JSON)
    assert answer.status_code == 422
    assert "note" in answer.json["error"]["fields"]
    assert drafts() == []


def test_a_form_holding_the_saved_words_keeps_no_draft(client, article, rita):
    annotate_sentence(rita, article.sentences[1], AnnotationEntry(Verdict.verified, "saved"))
    db.session.commit()
    answer = client.post(url(article, suffix="/draft"), data={"note": "saved"}, headers=JSON)
    assert answer.json == {"kept": False, "kept_at": None}
    assert drafts() == []


def test_without_javascript_keep_as_draft_returns_to_the_sentence(client, article, rita):
    answer = client.post(url(article, suffix="/draft"), data=typed())
    assert answer.status_code == 302
    assert answer.headers["Location"].endswith(url(article))
    page = client.get(url(article)).text
    assert "Your draft is kept" in page
    assert "Draft, not saved" in page
    assert "Keep as draft" in page  # offered to browsers without JavaScript


def test_saving_the_verdict_turns_the_draft_into_the_annotation(client, article, rita):
    client.post(url(article, suffix="/draft"), data=typed(), headers=JSON)
    data = typed(**{"set_verdict": "disputed", "sources-0-url": "https://www.incb.org/"})
    answer = client.post(url(article, suffix="/annotation"), data=data, headers=JSON)
    assert answer.status_code == 200
    assert drafts() == []
    assert 'role="status" hidden>' in answer.json["panel"]


def test_a_refused_save_leaves_the_draft(client, article, rita):
    client.post(url(article, suffix="/draft"), data=typed(), headers=JSON)
    data = typed(set_verdict="disputed")  # an address without http(s) is refused on saving
    answer = client.post(url(article, suffix="/annotation"), data=data, headers=JSON)
    assert answer.status_code == 422
    assert [d.note for d in drafts()] == [SECRET]


def test_clearing_shows_the_words_again_as_a_draft(client, article, rita):
    data = typed(**{"set_verdict": "disputed", "sources-0-url": "https://www.incb.org/"})
    client.post(url(article, suffix="/annotation"), data=data)
    answer = client.post(
        url(article, suffix="/annotation/clear"), data={"version": "1"}, headers=JSON
    )
    panel = answer.json["panel"]
    assert "Draft, not saved" in panel
    assert SECRET in panel
    assert 'value="https://www.incb.org/"' in panel
    assert 'aria-pressed="true"' not in panel


def test_discard_drops_the_draft_and_answers_the_panel(client, article, rita):
    client.post(url(article, suffix="/draft"), data=typed(), headers=JSON)
    answer = client.post(url(article, suffix="/draft/discard"), headers=JSON)
    assert answer.status_code == 200
    assert answer.json["message"] == "Your draft is discarded."
    assert SECRET not in answer.json["panel"]
    assert drafts() == []


def test_discard_without_javascript_returns_to_the_article(client, article, rita):
    client.post(url(article, suffix="/draft"), data=typed(), headers=JSON)
    answer = client.post(url(article, suffix="/draft/discard"))
    assert answer.status_code == 302
    assert answer.headers["Location"].endswith(f"/articles/{article.id}#s1")
    assert drafts() == []


def test_a_teammate_never_sees_my_draft(app, client, article, rita, make_member):
    client.post(url(article, suffix="/draft"), data=typed(), headers=JSON)
    otto = make_member(Role.reviewer, name="Otto Other")
    db.session.commit()
    other = app.test_client()
    other.post("/login", data={"email": otto.email, "password": PASSWORD})
    for page in (url(article), f"/articles/{article.id}"):
        assert SECRET not in other.get(page).text
    answer = other.post(url(article, suffix="/draft/discard"), headers=JSON)
    assert answer.status_code == 200
    assert [d.note for d in drafts()] == [SECRET]


def test_a_viewer_keeps_no_draft(client, article, make_member, login):
    login(make_member(Role.viewer))
    answer = client.post(url(article, suffix="/draft"), data=typed(), headers=JSON)
    assert answer.status_code == 403
    assert drafts() == []


def test_a_published_article_keeps_no_draft(client, article, rita):
    article.state = ArticleState.published
    db.session.commit()
    answer = client.post(url(article, suffix="/draft"), data=typed(), headers=JSON)
    assert answer.status_code == 409
    assert drafts() == []


def test_discarding_a_draft_offers_no_undo_of_an_earlier_verdict(client, article, rita):
    # An Undo there would take back the verdict saved before, not the discard.
    client.post(url(article), data={"set_verdict": "disputed", "note": "Saved."}, headers=JSON)
    client.post(url(article, suffix="/draft"), data=typed(), headers=JSON)
    answer = client.post(url(article, suffix="/draft/discard"), headers=JSON)
    assert answer.json["message"] == "Your draft is discarded."
    assert "undo-form" not in answer.json["panel"]
