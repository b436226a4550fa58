"""Importing an article's canonical JSON export: lossless round trip, refusals, permissions."""

import copy
import json

import pytest
import sqlalchemy as sa

from annotator.errors import NotFound, PermissionDenied, ValidationError
from annotator.exports.readmodel import ExportContext, load_export
from annotator.exports.registry import FORMATS
from annotator.extensions import db
from annotator.models import Article, AuditEvent, Resolution, Response, Role, Stance, Team, Verdict
from annotator.services.annotations import (
    AnnotationEntry,
    SourceEntry,
    annotate_sentence,
    clear_verdict,
)
from annotator.services.articles import ArticleDraft, import_article
from annotator.services.discussion import post_comment
from annotator.services.following import is_following
from annotator.services.interchange import import_article_json
from annotator.services.revisions import revise_article
from annotator.services.visibility import host_visibility

TEXT = "Officials met in Geneva. They reported to the International Narcotics Control 😀."
CONTEXT = ExportContext("https://factcheck.example.org/")


def exported(article) -> dict:
    export = load_export(article, CONTEXT, host_visibility(article))
    return json.loads(b"".join(FORMATS["json"].chunks(export)))


@pytest.fixture
def other_team(app):
    team = Team(name="Other desk", slug="other-desk")
    db.session.add(team)
    db.session.commit()
    return team


@pytest.fixture
def document(team, make_member) -> dict:
    """An export with a disputed span and source, a cleared verdict, a resolution, a response."""
    article = import_article(team, None, ArticleDraft("Talks", TEXT, publisher="Daily")).article
    rita = make_member(Role.reviewer, name="Rita Reviewer")
    eda = make_member(Role.editor, name="Eda Editor")
    first, second = article.sentences
    span = (second.start + 5, second.start + 13)
    sources = [SourceEntry("https://example.org/un", "UN", "a quote")]
    disputed = annotate_sentence(
        rita, second, AnnotationEntry(Verdict.disputed, "*No*.", span, sources)
    )
    annotate_sentence(eda, first, AnnotationEntry(Verdict.verified))
    clear_verdict(eda, first)
    db.session.add_all(
        [
            Resolution(
                sentence=second,
                article_id=article.id,
                verdict=Verdict.disputed,
                rationale="UN body misnamed.",
                settled_by=eda,
            ),
            Response(
                annotation=disputed,
                article_id=article.id,
                responder=eda,
                stance=Stance.disagree,
                comment="Source is old.",
            ),
        ]
    )
    db.session.commit()
    return exported(article)


def test_import_json_recognises_people_by_email(document, other_team):
    article = import_article_json(None, other_team, document)
    again = exported(article)
    assert {p["email"] for p in again["people"]} == {p["email"] for p in document["people"]}
    assert {p["id"] for p in again["people"]} == {p["id"] for p in document["people"]}


def test_import_json_creates_unknown_people_without_password(document, other_team):
    document["people"][0]["email"] = "newcomer@example.org"
    article = import_article_json(None, other_team, document)
    newcomer = next(
        u
        for u in load_export(article, CONTEXT, host_visibility(article)).reviewers.values()
        if u.email == "newcomer@example.org"
    )
    assert newcomer.password_hash is None


def test_import_json_by_editor_keeps_original_importer_and_audits_the_editor(
    document, other_team, make_member
):
    editor = make_member(Role.editor, in_team=other_team)
    article = import_article_json(editor, other_team, document)
    assert article.imported_by is None
    assert is_following(editor, article)  # who restores a record hears of its publication
    event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.article_id == article.id))
    assert (event.action, event.actor_id, event.after["from"]) == (
        "article.import",
        editor.id,
        "json",
    )


@pytest.mark.parametrize(
    ("role", "error"), [(Role.viewer, PermissionDenied), (Role.reviewer, PermissionDenied)]
)
def test_import_json_refuses_roles_below_editor(document, other_team, make_member, role, error):
    with pytest.raises(error):
        import_article_json(make_member(role, in_team=other_team), other_team, document)


def test_import_json_hides_team_from_outsider(document, other_team, make_member):
    with pytest.raises(NotFound):
        import_article_json(make_member(Role.admin), other_team, document)


def damage(document: dict, change) -> dict:
    document = copy.deepcopy(document)
    change(document)
    return document


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.update(format="other"), "not an Annotator article export"),
        (lambda d: d.update(version=1), "version 1 is not supported"),
        (
            lambda d: d["article"].update(text=d["article"]["text"] + "!"),
            "does not match its sha256",
        ),
        (lambda d: d["article"].update(text="  spaced  "), "not normalised"),
        (lambda d: d["sentences"][0].update(end=999), "Sentence 0 does not match"),
        (lambda d: d["annotations"][0].update(span=[0, 999]), "span outside its sentence"),
        (lambda d: d["annotations"][0].update(verdict="maybe"), "schema at annotations/0/verdict"),
        (lambda d: d.pop("responses"), "'responses' is a required property"),
        (lambda d: d["annotations"][0].update(reviewer=999), "Person 999 is not in"),
        (
            lambda d: d["annotations"][0].update(
                sources=[{"url": "https://x.org/", "title": "", "quote": ""}] * 11
            ),
            "schema at annotations/0/sources: more than 10 items",
        ),
        (
            lambda d: d["article"].update(title="T" * 301),
            "schema at article/title: longer than 300 characters",
        ),
    ],
)
def test_import_json_refuses_damaged_export(document, other_team, change, message):
    with pytest.raises(ValidationError, match=message):
        import_article_json(None, other_team, damage(document, change))


def test_import_json_refuses_text_the_team_already_has(document, team):
    with pytest.raises(ValidationError, match="already has an article with that text"):
        import_article_json(None, team, document)


def test_import_json_refuses_non_object(other_team):
    with pytest.raises(ValidationError, match="not an Annotator article export"):
        import_article_json(None, other_team, ["not", "a", "document"])


@pytest.fixture
def worked(team, make_member) -> dict:
    """An export with an annotation's earlier version, a thread with a reply, an earlier text."""
    article = import_article(team, None, ArticleDraft("Talks", TEXT)).article
    rita = make_member(Role.reviewer, name="Rita Reviewer")
    second = article.sentences[1]
    annotate_sentence(rita, second, AnnotationEntry(Verdict.verified))
    annotate_sentence(rita, second, AnnotationEntry(Verdict.disputed, "Misnamed."))
    opening = post_comment(rita, second, "Which body?")
    post_comment(rita, second, "The INCB.", reply_to=opening)
    revise_article(article, make_member(Role.editor), ArticleDraft("Talks", TEXT + " Then lunch."))
    db.session.commit()
    return exported(article)


def annotation_twice(document):
    document["annotations"].append(copy.deepcopy(document["annotations"][0]))


def comment_twice(document):
    document["comments"].append(copy.deepcopy(document["comments"][0]))


def revision_as_new_as_its_annotation(document):
    annotation = document["annotations"][0]
    document["revisions"][0].update(annotation=annotation["id"], version=annotation["version"])


def annotation_on_a_missing_sentence(document):
    document["annotations"][0].update(sentence=99, span=None)


def earlier_sentence_past_its_text(document):
    document["versions"][0]["sentences"][-1][1] = len(document["versions"][0]["text"]) + 1


def impossible_date(document):
    document["article"]["created_at"] = "2024-02-30T10:00:00Z"  # the schema checks the shape


def nul_in_a_comment(document):
    document["comments"][0]["body"] = "Which\x00body?"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (annotation_twice, r"Annotation \d+ appears twice"),
        (comment_twice, r"Comment \d+ appears twice"),
        (revision_as_new_as_its_annotation, r"Revision 2 of annotation \d+ is not older than"),
        (annotation_on_a_missing_sentence, "Sentence 99 is not in the export"),
        (earlier_sentence_past_its_text, "A sentence of version 1 is outside it"),
        (impossible_date, r"malformed: ValueError\('day is out of range for month'\)"),
        (
            nul_in_a_comment,
            r"The export's comments/0/body: Unusable characters: a control character \(U\+0000",
        ),
    ],
)
def test_import_json_refuses_a_file_that_contradicts_itself(worked, other_team, change, message):
    with pytest.raises(ValidationError, match=message):
        import_article_json(None, other_team, damage(worked, change))
    assert not db.session.scalars(sa.select(Article).where(Article.team_id == other_team.id)).all()


def test_import_json_keeps_the_rating_claimant_and_address_of_a_final_verdict(
    team, make_member, other_team
):
    from annotator.models import ClaimantKind
    from annotator.services.rating_scale import ratings_for
    from annotator.services.settling import ClaimDetails, reopen_sentence, settle_sentence

    article = import_article(team, None, ArticleDraft("Talks", TEXT)).article
    eda = make_member(Role.editor, name="Eda Editor")
    first, second = article.sentences
    false = ratings_for(team.id, Verdict.disputed)[1]
    details = ClaimDetails(false.id, "Jane Roe", "person", "https://x.example/said")
    settle_sentence(eda, second, Verdict.disputed, "Misnamed.", None, details)
    settle_sentence(eda, first, Verdict.verified, "Met.")
    reopen_sentence(eda, first)
    db.session.commit()
    document = exported(article)
    assert document["resolutions"][-1]["rating"] == {"label": "False", "value": 1}
    document["resolutions"][0]["rating"] = None  # a record from before rating scales
    import_article_json(None, other_team, document)
    rows = db.session.scalars(
        sa.select(Resolution).where(Resolution.article_id != article.id).order_by(Resolution.id)
    ).all()
    restored = {r.sentence.index: r for r in rows}
    assert restored[0].rating is None  # reopened
    kept = restored[1]
    assert (kept.rating.team_id, kept.rating.label) == (other_team.id, "False")
    assert (kept.claimant_name, kept.claimant_kind, kept.claim_url) == (
        "Jane Roe",
        ClaimantKind.person,
        "https://x.example/said",
    )


def test_import_json_gives_an_unknown_rating_its_verdicts_first(document, other_team):
    from annotator.services.interchange_review import restored_rating

    document["resolutions"][0]["rating"] = {"label": "Pants on fire", "value": 1}
    record = document["resolutions"][0]
    assert restored_rating(other_team.id, Verdict.disputed, record).label == "Misleading"
    assert restored_rating(other_team.id, None, record) is None
