"""Annotating a sentence through the pages, as plain forms and as JSON."""

import pytest

from annotator.extensions import db
from annotator.models import Annotation, Role, Stance, Verdict
from annotator.services.annotations import AnnotationEntry, annotate_sentence
from annotator.services.articles import ArticleDraft, import_article
from annotator.services.reviews import respond_to_annotation

TEXT = (
    "Officials met in Geneva.\n"
    "They reported to the International Narcotics Control. Then they left."
)
JSON = {"Accept": "application/json"}


@pytest.fixture
def article(team):
    article = import_article(team, None, ArticleDraft("Talks", TEXT)).article
    db.session.commit()
    return article


@pytest.fixture
def reviewer(make_member, login):
    return login(make_member(Role.reviewer, name="Rita Reviewer"))


def url(article, index=1, suffix="/annotation"):
    return f"/articles/{article.id}/sentences/{index}{suffix}"


def current(article, user) -> Annotation | None:
    return db.session.scalar(
        db.select(Annotation).where(
            Annotation.article_id == article.id, Annotation.reviewer_id == user.id
        )
    )


def full_form(**overrides):
    data = {
        "set_verdict": "disputed",
        "note": "No such body: the *Board* is.",
        "span_text": "International Narcotics Control",
        "sources-0-url": "https://www.incb.org/",
        "sources-0-title": "INCB",
        "sources-0-quote": "",
        "version": "0",
    }
    data.update(overrides)
    return data


def test_sentence_page_has_named_controls(client, article, reviewer):
    page = client.get(url(article, suffix=""))
    assert page.status_code == 200
    for name in ["Verified", "Unverified", "Disputed"]:
        assert f"{name}</button>" in page.text
    assert '<label for="note">Note</label>' in page.text
    assert ">Source URL</label>" in page.text


def test_plain_form_saves_verdict_span_note_and_source(client, article, reviewer):
    response = client.post(url(article), data=full_form())
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/articles/{article.id}#s1")
    annotation = current(article, reviewer)
    assert annotation.verdict is Verdict.disputed
    assert article.text[annotation.span_start : annotation.span_end] == (
        "International Narcotics Control"
    )
    assert annotation.sources[0].title == "INCB"
    page = client.get(f"/articles/{article.id}")
    assert "<mark>International Narcotics Control</mark>" in page.text


def test_browser_offsets_pick_the_selected_occurrence(client, team, reviewer):
    article = import_article(team, None, ArticleDraft("Twice", "The cat saw the cat.")).article
    db.session.commit()
    second = article.text.rindex("cat")
    response = client.post(
        url(article, 0),
        data=full_form(span_text="cat", span_start=str(second), span_end=str(second + 3)),
    )
    assert response.status_code == 302
    assert current(article, reviewer).span_start == second


def test_json_save_returns_panel_and_sentence(client, article, reviewer):
    response = client.post(url(article), data=full_form(), headers=JSON)
    assert response.status_code == 200
    assert "International Narcotics Control" in response.json["sentence"]
    assert 'aria-pressed="true"' in response.json["panel"]
    assert response.json["message"] == "Your verdict is saved."


def test_json_save_returns_the_updated_summary(client, article, reviewer):
    summary = client.post(url(article), data=full_form(), headers=JSON).json["summary"]
    assert "Mine 1" in summary["progress"]
    assert "1 of 3 sentences have a verdict (33%)" in summary["progress"]
    assert '</span> 1 <span class="visually-hidden">disputed</span>' in summary["progress"]
    assert "Start review" not in summary["workflow"]  # a reviewer makes no workflow move
    assert 'class="state state-draft"' in summary["workflow"]


def test_json_clear_returns_the_updated_summary(client, article, reviewer):
    client.post(url(article), data=full_form(), headers=JSON)
    cleared = client.post(
        url(article, suffix="/annotation/clear"), data={"version": "1"}, headers=JSON
    )
    assert "Mine 0" in cleared.json["summary"]["progress"]


def test_responses_to_my_flag_sit_in_their_own_part(client, article, reviewer, make_member):
    annotate_sentence(reviewer, article.sentences[1], AnnotationEntry(Verdict.disputed), 0)
    otto = make_member(Role.reviewer, name="Otto")
    annotate_sentence(otto, article.sentences[1], AnnotationEntry(Verdict.verified), 0)
    flag = current(article, reviewer)
    respond_to_annotation(otto, flag, Stance.disagree, "The body exists.")
    db.session.commit()
    panel = client.get(url(article, suffix=""), headers=JSON).json["panel"]
    part = panel.split('<div class="my-responses">', 1)[1].split("</section>", 1)[0]
    assert "Otto" in part
    assert "The body exists." in part


def test_panel_has_a_place_for_a_final_verdict_before_one_exists(client, article, reviewer):
    panel = client.get(url(article, suffix=""), headers=JSON).json["panel"]
    assert '<div class="final-verdict-part">' in panel
    assert '<div class="my-responses">' in panel


def test_json_get_returns_panel(client, article, reviewer):
    response = client.get(url(article, suffix=""), headers=JSON)
    assert response.status_code == 200
    assert "Your verdict" in response.json["panel"]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"set_verdict": "wrong"}, "Choose Verified"),
        ({"set_verdict": ""}, "Choose Verified"),
        ({"span_text": "Geneva"}, "not in the sentence"),
        ({"span_text": "", "span_start": "0", "span_end": "5"}, "inside the sentence"),
        ({"sources-0-url": "javascript:alert(1)"}, "http"),
        ({"sources-0-url": "not a url"}, "http"),
        ({"note": "x" * 10_001}, "10000"),
        ({"span_start": "abc"}, "Not a valid integer"),
    ],
)
def test_bad_annotation_is_refused_and_saves_nothing(client, article, reviewer, overrides, message):
    response = client.post(url(article), data=full_form(**overrides))
    assert response.status_code == 422
    assert message in response.text
    assert current(article, reviewer) is None


def test_bad_annotation_as_json_names_the_field(client, article, reviewer):
    response = client.post(
        url(article), data=full_form(**{"sources-0-url": "ftp://x"}), headers=JSON
    )
    assert response.status_code == 422
    assert "sources-0-url" in response.json["error"]["fields"]
    assert "http" in response.json["panel"]


def test_stale_form_does_not_overwrite(client, article, reviewer):
    client.post(url(article), data=full_form())
    client.post(url(article), data=full_form(set_verdict="verified", version="1"))
    response = client.post(url(article), data=full_form(set_verdict="unverified", version="1"))
    assert response.status_code == 409  # a conflict, as the API and "clear" answer it
    assert "Someone changed this annotation" in response.text
    assert current(article, reviewer).verdict is Verdict.verified


def test_edit_keeps_history_visible(client, article, reviewer):
    client.post(url(article), data=full_form())
    client.post(url(article), data=full_form(set_verdict="verified", note="Fine", version="1"))
    page = client.get(url(article, suffix=""))
    assert "My earlier versions (1)" in page.text


def test_clear_withdraws_verdict(client, article, reviewer):
    client.post(url(article), data=full_form())
    response = client.post(url(article, suffix="/annotation/clear"), data={"version": "1"})
    assert response.status_code == 302
    annotation = current(article, reviewer)
    assert annotation.verdict is None
    assert annotation.revisions[0].verdict is Verdict.disputed


def test_clear_with_stale_version_is_refused(client, article, reviewer):
    client.post(url(article), data=full_form())
    response = client.post(
        url(article, suffix="/annotation/clear"), data={"version": "0"}, headers=JSON
    )
    assert response.status_code == 409
    assert current(article, reviewer).verdict is Verdict.disputed


def test_viewer_cannot_annotate(client, article, make_member, login):
    viewer = login(make_member(Role.viewer))
    response = client.post(url(article), data=full_form(), headers=JSON)
    assert response.status_code == 403
    assert current(article, viewer) is None
    assert "Your verdict" not in client.get(url(article, suffix="")).text


def test_teammates_flags_show_on_sentence_page(client, article, reviewer, make_member):
    colleague = make_member(Role.reviewer, name="Cole League")
    annotate_sentence(
        colleague,
        article.sentences[1],
        AnnotationEntry(Verdict.disputed, "Wrong body <script>alert(1)</script>"),
    )
    article.blind_review = False  # blind mode would hide the flag until a verdict is given
    db.session.commit()
    page = client.get(url(article, suffix=""))
    assert "Cole League" in page.text
    assert "<script>alert(1)</script>" not in page.text
    assert "Teammates&#39; flags (1)" in page.text or "Teammates' flags (1)" in page.text


def test_missing_sentence_answers_404(client, article, reviewer):
    assert client.get(url(article, 99, "")).status_code == 404
    assert client.post(url(article, 99), data=full_form()).status_code == 404


def test_anonymous_is_sent_to_login(client, article, make_member):
    make_member(Role.admin)
    response = client.post(url(article), data=full_form())
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]
