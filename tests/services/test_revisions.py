"""Revising an article: every reviewer's work follows its sentence, or waits unplaced."""

from pathlib import Path

import pytest
import sqlalchemy as sa

from annotator.errors import InvalidTransition, NotFound, PermissionDenied, ValidationError
from annotator.extensions import db
from annotator.models import (
    Annotation,
    ArticleState,
    ArticleVersion,
    AuditEvent,
    Comment,
    Resolution,
    Response,
    Role,
    Stance,
    Verdict,
)
from annotator.services.annotations import AnnotationEntry, annotate_sentence
from annotator.services.articles import ArticleDraft, import_article
from annotator.services.audit import verify_chain
from annotator.services.discussion import post_comment
from annotator.services.reviews import respond_to_annotation
from annotator.services.revisions import (
    attach_unplaced,
    earlier_versions,
    find_version,
    revise_article,
    unplaced_work,
)
from annotator.services.seeds import seed_team
from annotator.services.settling import settle_sentence
from annotator.services.teams import create_team
from annotator.services.visibility import host_visibility

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
V2 = SEEDS / "revisions" / "000_47b76f7429a7529b.v2.txt"

FIRST = "The council met on Monday."
BUDGET = "It approved a budget of $4.5 million for roads."
CRITICS = "Critics called the plan reckless."
TEXT = f"{FIRST} {BUDGET}\n\n{CRITICS}"


@pytest.fixture
def editor(make_member):
    return make_member(Role.editor, name="Edith")


@pytest.fixture
def ada(make_member):
    return make_member(Role.reviewer, name="Ada")


@pytest.fixture
def article(team):
    return import_article(team, None, ArticleDraft("Roads", TEXT)).article


def flag(reviewer, sentence, verdict=Verdict.disputed, words=None):
    span = None
    if words:
        start = sentence.article.text.index(words, sentence.start)
        span = (start, start + len(words))
    return annotate_sentence(reviewer, sentence, AnnotationEntry(verdict, "A note.", span))


def revise(article, editor, text, title="Roads"):
    return revise_article(article, editor, ArticleDraft(title, text))


def test_revise_article_keeps_the_old_text_and_offsets_as_a_version(article, editor):
    old_text, old_sha = article.text, article.sha256
    revise(article, editor, f"{FIRST} {BUDGET}\n\nA new paragraph.")
    (version,) = db.session.scalars(sa.select(ArticleVersion)).all()
    assert (version.number, version.text, version.sha256) == (1, old_text, old_sha)
    assert [text for _, text in version.sentence_texts()] == [FIRST, BUDGET, CRITICS]
    assert article.version == 2
    assert article.version_date >= version.dated


def test_revise_article_moves_flags_of_unchanged_sentences_to_new_offsets(article, editor, ada):
    annotation = flag(ada, article.sentences[1], words="$4.5 million")
    revise(article, editor, f"An opening line was added. {TEXT}")
    db.session.refresh(annotation)
    assert annotation.sentence.index == 2
    assert article.text[annotation.span_start : annotation.span_end] == "$4.5 million"
    assert annotation.reviewed_text is None


def test_revise_article_marks_a_corrected_number_changed_since_review(article, editor, ada):
    annotation = flag(ada, article.sentences[1], words="$4.5 million")
    revise(article, editor, TEXT.replace("$4.5", "$5.4"))
    db.session.refresh(annotation)
    assert annotation.verdict is Verdict.disputed
    assert annotation.reviewed_text == BUDGET
    assert annotation.reviewed_version == 1


def test_revise_article_never_moves_a_span_onto_a_corrected_figure(article, editor, ada):
    annotation = flag(ada, article.sentences[1], words="$4.5 million")
    revise(article, editor, TEXT.replace("$4.5", "$5.4"))
    db.session.refresh(annotation)
    assert not annotation.has_span
    assert annotation.span_quote == "$4.5 million"


def test_revise_article_keeps_a_span_on_the_same_words_of_a_changed_sentence(article, editor, ada):
    annotation = flag(ada, article.sentences[1], words="for roads")
    revise(article, editor, TEXT.replace("$4.5", "$5.4"))
    db.session.refresh(annotation)
    assert article.text[annotation.span_start : annotation.span_end] == "for roads"
    assert annotation.reviewed_text == BUDGET


def test_revise_article_puts_the_span_back_when_the_words_come_back(article, editor, ada):
    annotation = flag(ada, article.sentences[1], words="$4.5 million")
    revise(article, editor, TEXT.replace("$4.5", "$5.4"))
    revise(article, editor, f"A new opening. {TEXT}")
    db.session.refresh(annotation)
    assert article.text[annotation.span_start : annotation.span_end] == "$4.5 million"
    assert (annotation.span_quote, annotation.reviewed_text) == (None, None)


def test_revise_article_keeps_the_settled_verdict_marked_changed(article, editor, ada):
    flag(ada, article.sentences[1])
    resolution = settle_sentence(editor, article.sentences[1], Verdict.disputed, "Wrong sum.")
    revise(article, editor, TEXT.replace("$4.5", "$5.4"))
    db.session.refresh(resolution)
    assert resolution.verdict is Verdict.disputed
    assert (resolution.reviewed_text, resolution.reviewed_version) == (BUDGET, 1)
    assert resolution.version == 2  # a form opened on the old words is out of date


def test_saving_the_annotation_again_judges_the_new_words(article, editor, ada):
    annotation = flag(ada, article.sentences[1], words="$4.5 million")
    revise(article, editor, TEXT.replace("$4.5", "$5.4"))
    db.session.refresh(annotation)
    flag(ada, annotation.sentence, words="$5.4 million")
    assert annotation.reviewed_text is None
    assert article.text[annotation.span_start : annotation.span_end] == "$5.4 million"


def test_revise_article_keeps_the_words_of_a_span_that_is_gone(article, editor, ada):
    annotation = flag(ada, article.sentences[1], words="for roads")
    revise(article, editor, TEXT.replace(" for roads", ""))
    db.session.refresh(annotation)
    assert not annotation.has_span
    assert annotation.span_quote == "for roads"
    assert annotation.sentence.index == 1


def test_revise_article_unplaces_work_on_a_deleted_sentence(article, editor, ada, make_member):
    annotation = flag(ada, article.sentences[2], words="reckless")
    ben = make_member(Role.reviewer, name="Ben")
    flag(ben, article.sentences[2], Verdict.verified)
    response = respond_to_annotation(ben, annotation, Stance.agree)
    comment = post_comment(ada, article.sentences[2], "Who are the critics?")
    resolution = settle_sentence(editor, article.sentences[2], Verdict.disputed, "Unsourced.")
    report = revise(article, editor, f"{FIRST} {BUDGET}")
    assert report.unplaced == {
        "annotations": [annotation.id, annotation.id + 1],
        "comments": [comment.id],
        "resolutions": [resolution.id],
    }
    for record in (annotation, comment, resolution, response):
        db.session.refresh(record)
    assert (annotation.sentence_id, annotation.article_id) == (None, None)
    assert annotation.reviewed_text == CRITICS
    assert annotation.span_quote == "reckless"
    assert response.article_id is None
    assert unplaced_work(article, host_visibility(article)).count == report.unplaced_count == 4


def test_revise_article_unplaced_work_leaves_article_reads_alone(article, editor, ada):
    flag(ada, article.sentences[2])
    revise(article, editor, f"{FIRST} {BUDGET}")
    placed = db.session.scalars(sa.select(Annotation).where(Annotation.article_id == article.id))
    assert list(placed) == []


def test_revise_article_complete_rewrite_loses_nothing(article, editor, ada):
    for sentence in article.sentences:
        flag(ada, sentence)
    report = revise(article, editor, "Entirely different words now. Nothing alike remains here.")
    assert report.kept == 0
    assert len(report.unplaced["annotations"]) == 3
    assert db.session.scalar(sa.select(sa.func.count(Annotation.id))) == 3


def test_revise_article_keeps_repeated_sentences_apart(team, editor, ada):
    text = f"{FIRST} {CRITICS}\n\n{BUDGET} {CRITICS}"
    article = import_article(team, None, ArticleDraft("Twice", text)).article
    second = flag(ada, article.sentences[3])
    revise(article, editor, f"{FIRST} {CRITICS}\n\nA new paragraph.\n\n{BUDGET} {CRITICS}")
    db.session.refresh(second)
    assert second.sentence.index == 4


def test_revise_article_clears_the_mark_when_the_words_come_back(article, editor, ada):
    annotation = flag(ada, article.sentences[1])
    revise(article, editor, TEXT.replace("$4.5", "$5.4"))
    revise(article, editor, TEXT)
    db.session.refresh(annotation)
    assert annotation.reviewed_text is None
    assert article.version == 3


def test_revise_article_records_an_audit_event(article, editor):
    revise(article, editor, f"{TEXT} Added.")
    event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "article.revise"))
    assert event.after["version"] == 2
    assert verify_chain().intact


@pytest.mark.parametrize(
    ("text", "title", "field"),
    [
        (TEXT, "Roads", "text"),
        ("", "Roads", "text"),
        ("New words.", "", "title"),
    ],
)
def test_revise_article_refuses_bad_drafts(article, editor, text, title, field):
    with pytest.raises(ValidationError) as error:
        revise(article, editor, text, title)
    assert field in error.value.fields
    assert article.version == 1


def test_revise_article_refuses_the_text_of_another_article(team, article, editor):
    import_article(team, None, ArticleDraft("Other", "Other words entirely."))
    with pytest.raises(ValidationError, match="Other"):
        revise(article, editor, "Other words entirely.")


def test_revise_article_refuses_a_published_article(article, editor):
    article.state = ArticleState.published
    with pytest.raises(InvalidTransition, match="published"):
        revise(article, editor, "New words.")


@pytest.mark.parametrize("role", [Role.viewer, Role.reviewer])
def test_revise_article_refuses_non_editors(article, make_member, role):
    with pytest.raises(PermissionDenied):
        revise(article, make_member(role), "New words.")


def test_revise_article_refuses_outsiders(article, make_member):
    outsider = make_member(Role.editor, in_team=create_team("Elsewhere", "elsewhere"))
    with pytest.raises(NotFound):
        revise(article, outsider, "New words.")


@pytest.fixture
def unplaced(article, editor, ada):
    annotation = flag(ada, article.sentences[2])
    revise(article, editor, f"{FIRST} {BUDGET}\n\nA new paragraph about schools.")
    return annotation


def test_attach_unplaced_annotation_puts_it_on_the_chosen_sentence(article, editor, unplaced):
    unplaced.sentence_id = None  # already so; keeps the fixture honest
    attach_unplaced(editor, article, "annotation", unplaced.id, 0)
    assert unplaced.sentence.index == 0
    assert unplaced.article_id == article.id
    assert unplaced.unplaced_article_id is None
    assert unplaced.reviewed_text == CRITICS


def test_attach_unplaced_clears_the_mark_on_the_same_words(team, editor, ada):
    article = import_article(team, None, ArticleDraft("Roads", TEXT)).article
    annotation = flag(ada, article.sentences[2])
    revise(article, editor, f"{FIRST} {BUDGET}")
    revise(article, editor, TEXT)
    attach_unplaced(editor, article, "annotation", annotation.id, 2)
    assert annotation.reviewed_text is None


def test_attach_unplaced_restores_responses(article, editor, ada, make_member):
    annotation = flag(ada, article.sentences[2])
    ben = make_member(Role.reviewer)
    flag(ben, article.sentences[2])
    response = respond_to_annotation(ben, annotation, Stance.agree)
    revise(article, editor, f"{FIRST} {BUDGET}")
    attach_unplaced(editor, article, "annotation", annotation.id, 1)
    db.session.refresh(response)
    assert response.article_id == article.id


def test_attach_unplaced_resolution_and_comment(article, editor, ada):
    comment = post_comment(ada, article.sentences[2], "Source?")
    resolution = settle_sentence(editor, article.sentences[2], Verdict.verified, "Checked.")
    revise(article, editor, f"{FIRST} {BUDGET}")
    attach_unplaced(editor, article, "comment", comment.id, 1)
    attach_unplaced(editor, article, "resolution", resolution.id, 1)
    assert comment.sentence.index == resolution.sentence.index == 1
    assert not unplaced_work(article, host_visibility(article))


def test_attach_unplaced_refuses_a_second_annotation_by_the_reviewer(
    article, editor, ada, unplaced
):
    flag(ada, article.sentences[0])
    with pytest.raises(ValidationError, match="Ada already has"):
        attach_unplaced(editor, article, "annotation", unplaced.id, 0)


def test_attach_unplaced_refuses_a_second_resolution(article, editor):
    lost = settle_sentence(editor, article.sentences[2], Verdict.verified, "Checked.")
    settle_sentence(editor, article.sentences[0], Verdict.verified, "Checked.")
    revise(article, editor, f"{FIRST} {BUDGET}")
    with pytest.raises(ValidationError, match="final verdict already"):
        attach_unplaced(editor, article, "resolution", lost.id, 0)


@pytest.mark.parametrize("index", [None, 99, -1])
def test_attach_unplaced_refuses_a_missing_sentence(article, editor, unplaced, index):
    with pytest.raises(ValidationError) as error:
        attach_unplaced(editor, article, "annotation", unplaced.id, index)
    assert "sentence" in error.value.fields


@pytest.mark.parametrize(("kind", "offset"), [("annotation", 1000), ("note", 0)])
def test_attach_unplaced_refuses_unknown_records(article, editor, unplaced, kind, offset):
    with pytest.raises(NotFound):
        attach_unplaced(editor, article, kind, unplaced.id + offset, 0)


def test_attach_unplaced_refuses_reviewers(article, ada, unplaced):
    with pytest.raises(PermissionDenied):
        attach_unplaced(ada, article, "annotation", unplaced.id, 0)


def test_revise_seed_article_with_v2_loses_no_reviewers_work(team, editor):
    seed_team(team, SEEDS)
    article = db.session.scalar(sa.select(Annotation)).article
    counts = {model: count(model) for model in (Annotation, Response, Comment, Resolution)}
    flags = {
        a.id: (a.reviewer_id, a.verdict, a.note) for a in db.session.scalars(sa.select(Annotation))
    }
    report = revise_article(
        article, editor, ArticleDraft(article.title, V2.read_text(encoding="utf-8"))
    )
    assert {model: count(model) for model in counts} == counts
    after = {
        a.id: (a.reviewer_id, a.verdict, a.note) for a in db.session.scalars(sa.select(Annotation))
    }
    assert after == flags
    for annotation in db.session.scalars(sa.select(Annotation)):
        assert (annotation.sentence_id is None) == (annotation.unplaced_article_id is not None)
    assert report.unplaced["annotations"]
    assert report.changed >= 2


def test_revise_seed_article_marks_the_corrected_board_sentence(team, editor):
    seed_team(team, SEEDS)
    article = db.session.scalar(sa.select(Annotation)).article
    revise_article(article, editor, ArticleDraft(article.title, V2.read_text(encoding="utf-8")))
    board = [
        a
        for a in db.session.scalars(sa.select(Annotation))
        if a.reviewed_text and "Narcotics Control." in a.reviewed_text
    ]
    assert len(board) == 2
    assert all("Control Board." in a.sentence.text_in(article.text) for a in board)
    assert all(
        article.text[a.span_start : a.span_end] == "International Narcotics Control" for a in board
    )


def count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count(model.id)))


def test_revise_article_search_finds_the_new_words_and_not_unplaced_notes(article, editor, ada):
    from annotator.services.search import SearchQuery, search_teams

    annotate_sentence(ada, article.sentences[2], AnnotationEntry(Verdict.disputed, "Zeppelins."))
    assert search_teams(ada, SearchQuery("reckless"))
    revise(article, editor, f"{FIRST} {BUDGET}\n\nThe harbour reopened.")
    assert [hit.sentence_text for hit in search_teams(ada, SearchQuery("harbour"))] == [
        "The harbour reopened."
    ]
    assert search_teams(ada, SearchQuery("reckless")) == []
    assert search_teams(ada, SearchQuery("Zeppelins")) == []


def test_revise_article_by_the_server_records_no_actor(article):
    revise_article(article, None, ArticleDraft("Roads", f"{TEXT} Added."))
    version = find_version(article, 1)
    assert version.replaced_by is None
    assert find_version(article, 2) is None


def test_earlier_versions_are_listed_newest_first(article, editor):
    revise(article, editor, f"{TEXT} Added.")
    revise(article, editor, f"{TEXT} Added again.")
    assert [v.number for v in earlier_versions(article)] == [2, 1]


def test_revise_article_splits_by_the_rules_of_its_language(team, editor):
    text = "La Sra. Olivar habló. Todo salió bien."
    spanish = import_article(team, None, ArticleDraft("Pleno", text, language="es")).article
    revise_article(spanish, editor, ArticleDraft("Pleno", text + " El Dr. Ibarra votó en contra."))
    texts = [s.text_in(spanish.text) for s in spanish.sentences]
    assert texts == ["La Sra. Olivar habló.", "Todo salió bien.", "El Dr. Ibarra votó en contra."]
