"""API annotations: set, change with versions (If-Match or field), clear, list, history, blind."""

import pytest

from annotator.extensions import db
from annotator.models import Verdict
from annotator.services.access import get_sentence_for
from annotator.services.annotations import AnnotationEntry, annotate_sentence


def url(article, index: int = 0) -> str:
    return f"/articles/{article.id}/sentences/{index}/annotation"


def test_set_stores_verdict_span_and_sources(api_as, make_member, article):
    body = {
        "verdict": "disputed",
        "note": "Police figures say otherwise.",
        "span": {"start": 21, "end": 39},
        "sources": [{"url": "https://example.org/police", "title": "Police report"}],
    }
    response = api_as(make_member("reviewer")).put(url(article), json=body)
    assert response.status_code == 200
    annotation = response.get_json()
    assert (annotation["verdict"], annotation["span"]) == ("disputed", {"start": 21, "end": 39})
    assert annotation["sources"][0]["title"] == "Police report"
    assert response.headers["ETag"] == '"1"'


def test_change_with_current_version_bumps_version(api_as, make_member, article):
    api = api_as(make_member("reviewer"))
    api.put(url(article), json={"verdict": "disputed"})
    changed = api.put(url(article), json={"verdict": "verified"}, headers={"If-Match": '"1"'})
    assert (changed.get_json()["verdict"], changed.get_json()["version"]) == ("verified", 2)


@pytest.mark.parametrize(
    ("headers", "body_version"), [({"If-Match": '"1"'}, None), ({}, 1), ({}, 0)]
)
def test_stale_version_answers_409_with_current(
    api_as, make_member, article, headers, body_version
):
    api = api_as(make_member("reviewer"))
    api.put(url(article), json={"verdict": "disputed"})
    api.put(url(article), json={"verdict": "unverified"})
    body = {"verdict": "verified", "version": body_version}
    response = api.put(url(article), json=body, headers=headers)
    assert response.status_code == 409
    current = response.get_json()["error"]["current"]
    assert (current["verdict"], current["version"]) == ("unverified", 2)


def test_bad_if_match_answers_400(api_as, make_member, article):
    response = api_as(make_member("reviewer")).put(
        url(article), json={"verdict": "verified"}, headers={"If-Match": "yesterday"}
    )
    assert response.status_code == 400


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({}, 400, "verdict"),
        ({"verdict": "maybe"}, 400, "verdict"),
        ({"verdict": "verified", "span": {"start": 1}}, 400, "span"),
        ({"verdict": "verified", "sources": ["https://x.org"]}, 400, "sources-0"),
        ({"verdict": "verified", "version": True}, 400, "version"),
        ({"verdict": "verified", "span": {"start": 60, "end": 70}}, 422, "span"),
        ({"verdict": "verified", "sources": [{"url": "javascript:x"}]}, 422, "sources-0-url"),
    ],
)
def test_set_refuses_bad_entries(api_as, make_member, article, body, status, field):
    response = api_as(make_member("reviewer")).put(url(article), json=body)
    assert response.status_code == status
    assert field in response.get_json()["error"]["fields"]


def test_clear_withdraws_verdict_and_keeps_history(api_as, make_member, article):
    api = api_as(make_member("reviewer"))
    api.put(url(article), json={"verdict": "disputed", "note": "Wrong year."})
    cleared = api.delete(url(article) + "?version=1").get_json()
    assert (cleared["verdict"], cleared["version"]) == (None, 2)
    history = api.get(f"/annotations/{cleared['id']}/history").get_json()
    assert [r["note"] for r in history["revisions"]] == ["Wrong year."]


def test_clear_with_stale_version_answers_409(api_as, make_member, article):
    api = api_as(make_member("reviewer"))
    api.put(url(article), json={"verdict": "disputed"})
    assert api.delete(url(article), headers={"If-Match": '"7"'}).status_code == 409


def test_clear_without_annotation_answers_404(api_as, make_member, article):
    assert api_as(make_member("reviewer")).delete(url(article)).status_code == 404


def flag(article, verdict: Verdict, reviewer, index: int = 0):
    sentence = get_sentence_for(reviewer, article.id, index)
    annotation = annotate_sentence(reviewer, sentence, AnnotationEntry(verdict))
    db.session.commit()
    return annotation


def test_list_filters_by_verdict_and_reviewer(api_as, make_member, article):
    first, second = make_member("reviewer"), make_member("reviewer")
    flag(article, Verdict.disputed, first)
    flag(article, Verdict.verified, second, index=1)
    api = api_as(make_member("editor"))
    disputed = api.get(f"/articles/{article.id}/annotations?verdict=disputed").get_json()
    assert [a["reviewer"]["id"] for a in disputed["items"]] == [first.id]
    by_second = api.get(f"/articles/{article.id}/annotations?reviewer={second.id}").get_json()
    assert [a["verdict"] for a in by_second["items"]] == ["verified"]


def test_blind_review_hides_teammates_flags_until_own_verdict(api_as, make_member, article):
    flag(article, Verdict.disputed, make_member("reviewer"))
    me = make_member("reviewer")
    api = api_as(me)
    assert api.get(f"/articles/{article.id}/annotations").get_json()["items"] == []
    flag(article, Verdict.verified, me)
    assert len(api.get(f"/articles/{article.id}/annotations").get_json()["items"]) == 2


def test_blind_review_hides_a_teammates_annotation_by_id(api_as, make_member, article):
    hidden = flag(article, Verdict.disputed, make_member("reviewer"))
    response = api_as(make_member("reviewer")).get(f"/annotations/{hidden.id}")
    assert response.status_code == 404


def test_my_annotation_reads_back_with_etag(api_as, make_member, article):
    api = api_as(make_member("reviewer"))
    assert api.get(url(article)).status_code == 404
    api.put(url(article), json={"verdict": "verified"})
    assert api.get(url(article)).headers["ETag"] == '"1"'


def test_annotation_on_published_article_answers_409(api_as, make_member, article):
    from annotator.models import ArticleState

    article.state = ArticleState.published
    db.session.commit()
    response = api_as(make_member("reviewer")).put(url(article), json={"verdict": "verified"})
    assert response.status_code == 409


def test_undo_puts_back_the_version_before_my_last_change(api_as, make_member, article):
    api = api_as(make_member("reviewer"))
    sources = [{"url": "https://example.org/police", "title": "Police report", "quote": "Up 4%"}]
    api.put(url(article), json={"verdict": "disputed", "note": "Wrong.", "sources": sources})
    api.delete(url(article) + "?version=1")
    response = api.post(url(article) + "/undo", json={"version": 2})
    undone = response.get_json()
    assert (undone["verdict"], undone["note"], undone["sources"]) == ("disputed", "Wrong.", sources)
    assert response.headers["ETag"] == '"3"'


@pytest.mark.parametrize(
    ("body", "headers", "status"),
    [({}, {}, 400), ({"version": 1}, {}, 409), ({}, {"If-Match": '"5"'}, 409)],
)
def test_undo_needs_the_version_my_change_made(api_as, make_member, article, body, headers, status):
    api = api_as(make_member("reviewer"))
    api.put(url(article), json={"verdict": "disputed"})
    api.put(url(article), json={"verdict": "verified", "version": 1})
    response = api.post(url(article) + "/undo", json=body, headers=headers)
    assert response.status_code == status
    assert api.get(url(article)).get_json()["verdict"] == "verified"


def test_restore_makes_an_earlier_version_current(api_as, make_member, article):
    api = api_as(make_member("reviewer"))
    api.put(url(article), json={"verdict": "disputed", "note": "First."})
    api.put(url(article), json={"verdict": "verified", "version": 1})
    restored = api.post(url(article) + "/versions/1/restore", json={"version": 2}).get_json()
    assert (restored["verdict"], restored["note"], restored["version"]) == ("disputed", "First.", 3)
    history = api.get(f"/annotations/{restored['id']}/history").get_json()
    assert [r["version"] for r in history["revisions"]] == [2, 1]


@pytest.mark.parametrize(("number", "status"), [(2, 422), (8, 404)])
def test_restore_refuses_the_current_or_an_unknown_version(
    api_as, make_member, article, number, status
):
    api = api_as(make_member("reviewer"))
    api.put(url(article), json={"verdict": "disputed"})
    api.put(url(article), json={"verdict": "verified", "version": 1})
    response = api.post(url(article) + f"/versions/{number}/restore", json={})
    assert response.status_code == status
