"""API articles: import, read with offsets, list with filters and stable cursor pages."""

import pytest

from annotator.extensions import db
from annotator.models import Article, ArticleState
from annotator.services.articles import ArticleDraft, import_article


def import_many(team, count: int) -> list[Article]:
    articles = [
        import_article(team, None, ArticleDraft(title=f"Story {n}", text=f"Sentence {n}.")).article
        for n in range(count)
    ]
    db.session.commit()
    return articles


def test_import_creates_article_with_sentence_offsets(api_as, make_member):
    api = api_as(make_member("editor"))
    response = api.post(
        "/teams/demo-newsroom/articles",
        json={"title": "Budget", "text": "Taxes rose. Spending fell.", "language": "en"},
    )
    assert response.status_code == 201
    body = response.get_json()
    assert [(s["start"], s["end"], s["text"]) for s in body["sentences"]] == [
        (0, 11, "Taxes rose."),
        (12, 26, "Spending fell."),
    ]
    assert response.headers["Location"].endswith(f"/api/v1/articles/{body['id']}")


def test_import_splits_by_the_rules_of_the_given_language(api_as, make_member):
    api = api_as(make_member("editor"))
    text = "La Sra. Olivar defendió las cuentas. Todo salió bien."
    response = api.post(
        "/teams/demo-newsroom/articles",
        json={"title": "Cuentas", "text": text, "language": "es-ES"},
    )
    assert response.status_code == 201
    assert [s["text"] for s in response.get_json()["sentences"]] == [
        "La Sra. Olivar defendió las cuentas.",
        "Todo salió bien.",
    ]


def test_import_of_known_text_answers_200_with_existing_article(api_as, make_member, article):
    api = api_as(make_member("editor"))
    body = {"title": "Again", "text": article.text}
    response = api.post("/teams/demo-newsroom/articles", json=body)
    assert response.status_code == 200
    assert response.get_json()["id"] == article.id


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({"title": "No text"}, 400, "text"),
        ({"title": 3, "text": "Words."}, 400, "title"),
        ({"title": "T", "text": "Words.", "colour": "red"}, 400, "colour"),
        ({"title": "T", "text": "Words.", "published_on": "yesterday"}, 400, "published_on"),
        ({"title": "", "text": "Words."}, 422, "title"),
        ({"title": "T", "text": "Words.", "source_url": "ftp://x"}, 422, "source_url"),
        ({"title": "T\u0000", "text": "Words."}, 400, "title"),
        ({"title": "T", "text": "Words.\u001b[2J"}, 400, "text"),
        ({"title": "Two\nlines", "text": "Words."}, 422, "title"),
    ],
)
def test_import_refuses_bad_fields(api_as, make_member, body, status, field):
    response = api_as(make_member("editor")).post("/teams/demo-newsroom/articles", json=body)
    assert response.status_code == status
    assert field in response.get_json()["error"]["fields"]


def test_malformed_json_answers_400(api_as, make_member):
    response = api_as(make_member("editor")).post(
        "/teams/demo-newsroom/articles", data="{not json", content_type="application/json"
    )
    assert response.status_code == 400


def test_form_body_answers_415(api_as, make_member):
    response = api_as(make_member("editor")).post(
        "/teams/demo-newsroom/articles", data={"title": "T", "text": "Words."}
    )
    assert response.status_code == 415


def test_oversized_body_answers_413(api_as, make_member, app):
    app.config["MAX_CONTENT_LENGTH"] = 1000
    response = api_as(make_member("editor")).post(
        "/teams/demo-newsroom/articles", json={"title": "T", "text": "x" * 2000}
    )
    assert response.status_code == 413


def test_viewer_import_answers_403(api_as, make_member):
    response = api_as(make_member("viewer")).post(
        "/teams/demo-newsroom/articles", json={"title": "T", "text": "Words."}
    )
    assert response.status_code == 403


def test_pages_follow_next_until_the_end(api_as, make_member, team):
    import_many(team, 5)
    api = api_as(make_member("viewer"))
    titles, url = [], "/teams/demo-newsroom/articles?limit=2"
    while url:
        response = api.get(url)
        titles += [a["title"] for a in response.get_json()["items"]]
        url = response.get_json()["next"]
        if url:
            assert response.headers["Link"] == f'<{url}>; rel="next"'
    assert titles == [f"Story {n}" for n in range(5)]


def test_pages_stay_stable_when_articles_arrive_meanwhile(api_as, make_member, team):
    import_many(team, 3)
    api = api_as(make_member("viewer"))
    first = api.get("/teams/demo-newsroom/articles?limit=2").get_json()
    import_article(team, None, ArticleDraft(title="Late news", text="Breaking."))
    db.session.commit()
    second = api.get(first["next"]).get_json()
    seen = [a["title"] for a in first["items"] + second["items"]]
    assert seen == ["Story 0", "Story 1", "Story 2", "Late news"]


def test_list_filters_by_state(api_as, make_member, team):
    articles = import_many(team, 2)
    articles[1].state = ArticleState.in_review
    db.session.commit()
    body = api_as(make_member("viewer")).get("/teams/demo-newsroom/articles?state=in_review")
    assert [a["id"] for a in body.get_json()["items"]] == [articles[1].id]


@pytest.mark.parametrize(
    "query",
    ["state=lost", "limit=0", "limit=500", "cursor=bogus", "since=2026-01-01", "reviewer=x"],
)
def test_list_refuses_bad_parameters(api_as, make_member, team, query):
    response = api_as(make_member("viewer")).get(f"/teams/demo-newsroom/articles?{query}")
    assert response.status_code == 400


def test_transition_moves_article_and_refuses_illegal_move(api_as, make_member, article):
    api = api_as(make_member("editor"))
    moved = api.post(f"/articles/{article.id}/transitions", json={"state": "in_review"})
    assert moved.get_json()["state"] == "in_review"
    refused = api.post(f"/articles/{article.id}/transitions", json={"state": "published"})
    assert refused.status_code == 409


def test_patch_switches_blind_review_and_asks_for_reviewers(api_as, make_member, article):
    api = api_as(make_member("editor"))
    body = {"blind_review": False, "reviewers_wanted": 2}
    changed = api.patch(f"/articles/{article.id}", json=body).get_json()
    assert (changed["blind_review"], changed["reviewers_wanted"]) == (False, 2)


def test_export_downloads_any_registry_format(api_as, make_member, article):
    api = api_as(make_member("viewer"))
    formats = api.get(f"/articles/{article.id}/exports").get_json()["items"]
    assert {"w3c", "csv", "json"} <= {f["format"] for f in formats}
    response = api.get(f"/articles/{article.id}/exports/w3c")
    assert response.status_code == 200
    assert response.get_json()["type"] == "AnnotationCollection"


def test_unknown_export_format_answers_404(api_as, make_member, article):
    response = api_as(make_member("viewer")).get(f"/articles/{article.id}/exports/docx")
    assert response.status_code == 404


def test_huge_id_answers_404_not_500(api_as, make_member, team):
    response = api_as(make_member("viewer")).get("/articles/99999999999999999999")
    assert response.status_code == 404
