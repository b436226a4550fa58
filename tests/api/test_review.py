"""API review: responses, comments, resolutions with versions, assignments, agreement, audit."""

from annotator.extensions import db
from annotator.models import Verdict
from annotator.services.access import get_sentence_for
from annotator.services.annotations import AnnotationEntry, annotate_sentence


def flag(article, reviewer, verdict=Verdict.disputed, index: int = 0):
    sentence = get_sentence_for(reviewer, article.id, index)
    annotation = annotate_sentence(reviewer, sentence, AnnotationEntry(verdict))
    db.session.commit()
    return annotation


def test_response_to_teammates_flag_is_listed(api_as, make_member, article):
    annotation = flag(article, make_member("reviewer"))
    me = make_member("reviewer")
    flag(article, me, Verdict.verified)
    api = api_as(me)
    body = {"stance": "disagree", "comment": "The figures rose."}
    assert api.put(f"/annotations/{annotation.id}/response", json=body).status_code == 200
    responses = api.get(f"/annotations/{annotation.id}/responses").get_json()["items"]
    assert [(r["stance"], r["comment"]) for r in responses] == [("disagree", "The figures rose.")]


def test_disagreeing_without_comment_answers_422(api_as, make_member, article):
    annotation = flag(article, make_member("reviewer"))
    response = api_as(make_member("editor")).put(
        f"/annotations/{annotation.id}/response", json={"stance": "disagree"}
    )
    assert response.status_code == 422
    assert "comment" in response.get_json()["error"]["fields"]


def test_comment_reply_and_resolve_thread(api_as, make_member, article):
    api = api_as(make_member("reviewer"))
    base = f"/articles/{article.id}/sentences/1/comments"
    first = api.post(base, json={"body": "Which figures?"}).get_json()
    api.post(base, json={"body": "The 2025 ones.", "reply_to": first["id"]})
    resolved = api.post(f"{base}/{first['id']}/resolve").get_json()
    assert resolved["resolved_at"] is not None
    threads = api.get(base).get_json()["items"]
    assert [reply["body"] for reply in threads[0]["replies"]] == ["The 2025 ones."]


def test_reply_to_unknown_comment_answers_404(api_as, make_member, article):
    response = api_as(make_member("reviewer")).post(
        f"/articles/{article.id}/sentences/1/comments", json={"body": "Hi", "reply_to": 999}
    )
    assert response.status_code == 404


def test_settle_then_stale_settle_answers_409_with_current(api_as, make_member, article):
    api = api_as(make_member("editor"))
    url = f"/articles/{article.id}/sentences/0/resolution"
    settled = api.put(url, json={"verdict": "disputed", "rationale": "Police data.", "version": 0})
    assert settled.get_json()["version"] == 1
    stale = api.put(url, json={"verdict": "verified", "rationale": "Hm.", "version": 0})
    assert stale.status_code == 409
    assert stale.get_json()["error"]["current"]["verdict"] == "disputed"


def test_reopen_clears_final_verdict(api_as, make_member, article):
    api = api_as(make_member("editor"))
    url = f"/articles/{article.id}/sentences/0/resolution"
    api.put(url, json={"verdict": "disputed", "rationale": "Police data."})
    reopened = api.delete(url, headers={"If-Match": '"1"'}).get_json()
    assert (reopened["verdict"], reopened["version"]) == (None, 2)
    listed = api.get(f"/articles/{article.id}/resolutions").get_json()["items"]
    assert [r["version"] for r in listed] == [2]


def test_reopen_of_unsettled_sentence_answers_404(api_as, make_member, article):
    url = f"/articles/{article.id}/sentences/0/resolution"
    assert api_as(make_member("editor")).delete(url).status_code == 404


def test_reviewer_cannot_settle(api_as, make_member, article):
    response = api_as(make_member("reviewer")).put(
        f"/articles/{article.id}/sentences/0/resolution",
        json={"verdict": "verified", "rationale": "Fine."},
    )
    assert response.status_code == 403


def test_assign_list_and_unassign(api_as, make_member, article):
    reviewer = make_member("reviewer", "Rosa Reviewer")
    api = api_as(make_member("editor"))
    url = f"/articles/{article.id}/assignments"
    assert api.put(f"{url}/{reviewer.id}", json={"due_on": "2030-05-01"}).status_code == 200
    assert [a["reviewer"]["name"] for a in api.get(url).get_json()["items"]] == ["Rosa Reviewer"]
    assert api.delete(f"{url}/{reviewer.id}").status_code == 204
    assert api.get(url).get_json()["items"] == []


def test_assigning_an_outsider_answers_as_an_unknown_user_id(
    api_as, make_member, article, outsider
):
    api = api_as(make_member("editor"))
    url = f"/articles/{article.id}/assignments"
    unknown = api.put(f"{url}/{outsider.id + 1000}", json={})
    other_team = api.put(f"{url}/{outsider.id}", json={})  # an editor must not learn it exists
    assert unknown.status_code == other_team.status_code == 404
    assert unknown.get_json() == other_team.get_json()


def test_take_article_when_reviewers_are_wanted(api_as, make_member, article):
    api_as(make_member("editor")).patch(f"/articles/{article.id}", json={"reviewers_wanted": 1})
    api = api_as(make_member("reviewer"))
    assert api.post(f"/articles/{article.id}/assignments/take").status_code == 201
    assert api.post(f"/articles/{article.id}/assignments/take").status_code == 409


def test_agreement_figures_of_article_and_team(api_as, make_member, article):
    flag(article, make_member("reviewer"), Verdict.disputed)
    flag(article, make_member("reviewer"), Verdict.verified)
    api = api_as(make_member("editor"))
    figures = api.get(f"/articles/{article.id}/agreement").get_json()
    assert (figures["sentences_compared"], figures["percent"]) == (1, 0.0)
    assert api.get("/teams/demo-newsroom/agreement").get_json()["sentences_compared"] == 1


def test_audit_log_pages_through_team_history(api_as, make_member, article):
    flag(article, make_member("reviewer"))
    api = api_as(make_member("editor"))
    actions, url = [], "/teams/demo-newsroom/audit?limit=1"
    while url:
        page = api.get(url).get_json()
        actions += [e["action"] for e in page["items"]]
        url = page["next"]
    assert actions[0] == "article.import"
    assert actions[-2:] == ["annotation.set", "membership.add"]


def test_audit_log_withholds_details_blind_review_hides(api_as, make_member, article):
    flag(article, make_member("reviewer"))
    events = api_as(make_member("reviewer")).get("/teams/demo-newsroom/audit").get_json()
    secret = [e for e in events["items"] if e["action"] == "annotation.set"]
    assert [(e["hidden"], e["after"]) for e in secret] == [(True, None)]


def test_members_are_managed_by_admins(api_as, make_member):
    api = api_as(make_member("admin"))
    url = f"/teams/demo-newsroom/members/{make_member('viewer').id}"
    assert api.put(url, json={"role": "reviewer"}).get_json()["role"] == "reviewer"
    assert api.delete(url).status_code == 204
    assert api.put(url, json={"role": "reviewer"}).status_code == 404


def test_non_admin_cannot_list_members(api_as, make_member):
    assert api_as(make_member("editor")).get("/teams/demo-newsroom/members").status_code == 403


def test_settle_with_a_rating_of_the_scale_a_claimant_and_where_it_appeared(
    api_as, make_member, article
):
    api = api_as(make_member("editor"))
    scale = api.get(f"/teams/{article.team.slug}/rating-scale").get_json()["items"]
    assert [r["label"] for r in scale] == [
        "Accurate",
        "Mostly accurate",
        "Unproven",
        "Misleading",
        "False",
    ]
    false = next(r for r in scale if r["label"] == "False")
    url = f"/articles/{article.id}/sentences/0/resolution"
    body = {
        "verdict": "disputed",
        "rationale": "Police data.",
        "rating_id": false["id"],
        "claimant_name": "Jane Roe",
        "claimant_kind": "person",
        "claim_url": "https://x.example/said",
    }
    settled = api.put(url, json=body).get_json()
    assert (settled["rating"], settled["claimant_name"], settled["claimant_kind"]) == (
        false,
        "Jane Roe",
        "person",
    )
    assert settled["claim_url"] == "https://x.example/said"
    mismatch = api.put(url, json={**body, "verdict": "verified", "version": 1})
    assert mismatch.status_code == 422
    assert (
        "“False” stands for disputed, not verified"
        in mismatch.get_json()["error"]["fields"]["rating"]
    )
    plain = api.put(url, json={"verdict": "verified", "rationale": "Fine.", "version": 1})
    assert plain.get_json()["rating"]["label"] == "Accurate"
