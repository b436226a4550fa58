"""API: the whole article in one streamed call, the same records as the paged list."""

import json

from annotator.extensions import db
from annotator.models import Verdict
from annotator.services.access import get_sentence_for
from annotator.services.annotations import AnnotationEntry, annotate_sentence
from annotator.services.entries import SourceEntry


def lines_of(response) -> list[dict]:
    assert response.status_code == 200
    assert response.mimetype == "application/x-ndjson"
    return [json.loads(line) for line in response.get_data(as_text=True).splitlines()]


def judge(article, reviewer, index: int, verdict: Verdict, sources=()):
    sentence = get_sentence_for(reviewer, article.id, index)
    annotate_sentence(reviewer, sentence, AnnotationEntry(verdict, sources=list(sources)))
    db.session.commit()


def test_one_line_per_sentence_after_the_article(api_as, make_member, article):
    lines = lines_of(api_as(make_member("viewer")).get(f"/articles/{article.id}/whole"))
    head, rest = lines[0], lines[1:]
    assert head["article"]["id"] == article.id
    assert head["text"] == article.text
    assert [line["sentence"]["index"] for line in rest] == list(range(len(article.sentences)))
    assert [line["sentence"]["text"] for line in rest] == [
        article.text[s.start : s.end] for s in article.sentences
    ]


def test_the_annotations_are_the_paged_lists_records(api_as, make_member, article):
    rita, otto = make_member("reviewer"), make_member("reviewer")
    evidence = [SourceEntry("https://example.org/b", "B"), SourceEntry("https://example.org/a")]
    judge(article, rita, 0, Verdict.disputed, evidence)
    judge(article, otto, 0, Verdict.verified)
    judge(article, otto, 2, Verdict.unverified)
    api = api_as(make_member("editor"))
    paged = api.get(f"/articles/{article.id}/annotations").get_json()["items"]
    streamed = [
        annotation
        for line in lines_of(api.get(f"/articles/{article.id}/whole"))[1:]
        for annotation in line["annotations"]
    ]
    assert streamed == paged
    assert [source["title"] for source in streamed[0]["sources"]] == ["B", ""]


def test_blind_review_holds_in_the_stream(api_as, make_member, article):
    judge(article, make_member("reviewer"), 0, Verdict.disputed)
    me = make_member("reviewer")
    api = api_as(me)
    assert all(
        line["annotations"] == [] for line in lines_of(api.get(f"/articles/{article.id}/whole"))[1:]
    )
    judge(article, me, 0, Verdict.verified)
    first = lines_of(api.get(f"/articles/{article.id}/whole"))[1]
    assert len(first["annotations"]) == 2


def test_another_teams_article_is_not_found(api_as, outsider, article):
    response = api_as(outsider).get(f"/articles/{article.id}/whole")
    assert response.status_code == 404
    assert article.title not in response.get_data(as_text=True)
