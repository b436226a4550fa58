"""Two tabs editing one verdict: the later, stale save is refused (409, as in the API) and
names both versions."""

import pytest

from annotator.extensions import db
from annotator.models import Role
from annotator.services.annotations import find_annotation
from annotator.services.articles import ArticleDraft, import_article


@pytest.fixture
def sentence_url(team, make_member, login):
    reviewer = login(make_member(Role.reviewer))
    article = import_article(team, None, ArticleDraft("Budget", "The council spent more.")).article
    db.session.commit()
    return f"/articles/{article.id}/sentences/0/annotation", article, reviewer


def save(client, url, verdict, version, **headers):
    data = {"set_verdict": verdict, "note": f"Tab says {verdict}", "version": str(version)}
    return client.post(url, data=data, headers=headers)


def test_stale_save_on_the_page_names_both_versions(client, sentence_url):
    url, article, reviewer = sentence_url
    save(client, url, "verified", 0)  # first tab creates version 1
    save(client, url, "disputed", 1)  # second tab makes version 2
    response = save(client, url, "unverified", 1)  # first tab, still on version 1
    assert response.status_code == 409
    assert "you edited version 1, the current one is 2" in response.text
    note = find_annotation(article.sentences[0], reviewer).note
    assert note == "Tab says disputed"


def test_stale_save_as_json_is_a_conflict_answer_with_both_versions(client, sentence_url):
    url, _, _ = sentence_url
    save(client, url, "verified", 0)
    save(client, url, "disputed", 1)
    response = save(client, url, "unverified", 1, Accept="application/json")
    assert response.status_code == 409
    assert "version 1" in response.json["error"]["message"]
    assert "current one is 2" in response.json["error"]["message"]
