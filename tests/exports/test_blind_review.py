"""Blind review holds in every export: each registered format, on the web, the API, the team zip.

Bo, a reviewer, reads an article under independent review while his teammate Tess flags two
sentences he has not judged, the editor responds to her and settles one of them. Bo's export
in any format must not change at all through that hidden work: not a verdict, a note, a span,
a source, a response, a final verdict, nor a figure computed from them. Iterating the registry
covers a new format without touching this file; a format that cannot be read as text here
fails until ``readable`` learns it.
"""

import io
import shutil
import subprocess
import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial

import pytest

from annotator.exports import registry
from annotator.exports.bundle import TeamFilter, export_article, write_team_bundle
from annotator.exports.readmodel import ExportContext, load_export
from annotator.extensions import db
from annotator.models import Article, ArticleState, Role, Stance, Verdict
from annotator.services.annotations import AnnotationEntry, SourceEntry, annotate_sentence
from annotator.services.articles import ArticleDraft, import_article
from annotator.services.assignments import assign_article
from annotator.services.reviews import respond_to_annotation
from annotator.services.settling import settle_sentence
from annotator.services.tokens import create_token
from annotator.services.visibility import host_visibility, visibility_for
from annotator.services.workflow import move_article, set_blind_review
from tests.conftest import unavailable

TEXT = (
    "The mayor said the bridge cost 4 million euros. The council disputes that figure.\n\n"
    "Work starts in May."
)
BASE_URL = "https://factcheck.example.org/"
GENERATED = datetime(2024, 2, 2, 12, 0, tzinfo=UTC)
#: What Tess and the editor write about sentence 1 (index 0) and sentence 2 (index 1).
ON_FIRST = ("TESS-NOTE-FIRST", "TESS-EARLIER-FIRST", "tess.example/first", "EDA-RESPONSE-FIRST")
ON_SECOND = ("TESS-NOTE-SECOND", "tess.example/second", "EDA-RATIONALE-SECOND")
HIDDEN = ON_FIRST + ON_SECOND
FORMATS = list(registry.FORMATS.values())


@dataclass
class BlindDesk:
    """A team's article under independent review and the people reading it."""

    article: Article
    editor: object
    tess: object
    bo: object
    viewer: object

    def sentence(self, index: int):
        return db.session.get(Article, self.article.id).sentences[index]


def build_desk(make_member) -> BlindDesk:
    """Import the article, put it in review (blind by default); Bo judges the third sentence."""
    editor = make_member(Role.editor, name="Eda Editor")
    tess = make_member(Role.reviewer, name="Tess Teammate")
    bo = make_member(Role.reviewer, name="Bo Blind")
    viewer = make_member(Role.viewer, name="Vic Viewer")
    team = editor.memberships[0].team
    article = import_article(team, editor, ArticleDraft("Bridge", TEXT)).article
    move_article(editor, article, ArticleState.in_review)
    # Tess is named in the article's record from the start: who works on it is no secret.
    assign_article(editor, article, tess)
    annotate_sentence(bo, article.sentences[2], AnnotationEntry(Verdict.verified, "BO-OWN-NOTE"))
    db.session.commit()
    return BlindDesk(article, editor, tess, bo, viewer)


def hidden_work(desk: BlindDesk) -> None:
    """Tess flags the first two sentences; the editor responds and settles the second."""
    first, second = desk.sentence(0), desk.sentence(1)
    span = (first.start + 4, first.start + 9)  # "mayor"
    annotate_sentence(desk.tess, first, AnnotationEntry(Verdict.verified, "TESS-EARLIER-FIRST"))
    sources = [SourceEntry("https://tess.example/first", "Tess's table", "a quote")]
    flag = annotate_sentence(
        desk.tess, first, AnnotationEntry(Verdict.disputed, "TESS-NOTE-FIRST", span, sources)
    )
    sources = [SourceEntry("https://tess.example/second", "Minutes", "")]
    annotate_sentence(
        desk.tess, second, AnnotationEntry(Verdict.unverified, "TESS-NOTE-SECOND", None, sources)
    )
    respond_to_annotation(desk.editor, flag, Stance.agree, "EDA-RESPONSE-FIRST")
    settle_sentence(desk.editor, second, Verdict.unverified, "EDA-RATIONALE-SECOND")
    db.session.commit()


@pytest.fixture
def desk(make_member) -> BlindDesk:
    return build_desk(make_member)


def readable(name: str, data: bytes) -> str:
    """Return an export's text: PDF through pdftotext, every other format as UTF-8."""
    if name != "pdf":
        return data.decode("utf-8")
    if shutil.which("pdftotext") is None:
        unavailable("pdftotext (poppler-utils) is missing: the PDF cannot be read")
    return subprocess.run(
        ["pdftotext", "-", "-"], input=data, capture_output=True, check=True
    ).stdout.decode("utf-8")


@pytest.fixture(params=FORMATS, ids=[entry.name for entry in FORMATS])
def entry(request):
    if reason := request.param.unavailable():
        unavailable(reason)
    return request.param


def exported(entry, article: Article, visibility) -> str:
    """Return the export's text, made at a fixed moment so that two makings compare."""
    context = ExportContext(BASE_URL, article.team.name, GENERATED)
    data = b"".join(entry.chunks(load_export(article, context, visibility)))
    return readable(entry.name, data)


def export_as(entry, desk: BlindDesk, user) -> str:
    article = db.session.get(Article, desk.article.id)
    return exported(entry, article, visibility_for(user, article))


def markers_in(text: str, markers=HIDDEN) -> set[str]:
    return {marker for marker in markers if marker in text}


# -- every registered format ---------------------------------------------------------------


def test_blinded_export_is_unchanged_by_work_hidden_from_him(desk, entry):
    before = export_as(entry, desk, desk.bo)
    hidden_work(desk)
    assert export_as(entry, desk, desk.bo) == before


def test_editor_export_carries_what_the_blinded_reviewer_does_not_see(desk, entry):
    before = export_as(entry, desk, desk.bo)
    hidden_work(desk)
    editors = export_as(entry, desk, desk.editor)
    assert editors != before
    if entry.name != "claimreview":  # only final verdicts: the settled second sentence
        assert markers_in(editors, ON_FIRST), "the test's markers must reach this format"


def test_own_verdict_shows_that_sentence_and_no_other(desk, entry):
    hidden_work(desk)
    editors = export_as(entry, desk, desk.editor)
    before = export_as(entry, desk, desk.bo)
    annotate_sentence(desk.bo, desk.sentence(0), AnnotationEntry(Verdict.disputed, "BO-FIRST"))
    db.session.commit()
    after = export_as(entry, desk, desk.bo)
    assert markers_in(after, ON_FIRST) == markers_in(editors, ON_FIRST)
    assert not markers_in(after, ON_SECOND)
    if entry.name != "claimreview":  # it holds final verdicts only: none on the first yet
        assert after != before


def test_reports_say_they_leave_out_what_blind_review_hides(desk):
    hidden_work(desk)
    for name in ("html", "md"):
        entry = registry.FORMATS[name]
        assert "Independent review" in export_as(entry, desk, desk.bo)
        assert "Independent review" not in export_as(entry, desk, desk.editor)


def test_viewer_sees_no_judgement_before_settlement(desk, entry):
    hidden_work(desk)
    assert not markers_in(export_as(entry, desk, desk.viewer), (*HIDDEN, "BO-OWN-NOTE"))


def test_settlement_shows_everyone_everything(desk, entry):
    hidden_work(desk)
    settle_sentence(desk.editor, desk.sentence(0), Verdict.disputed, "Checked.")
    settle_sentence(desk.editor, desk.sentence(2), Verdict.verified, "Fine.")
    move_article(desk.editor, db.session.get(Article, desk.article.id), ArticleState.settled)
    db.session.commit()
    editors = export_as(entry, desk, desk.editor)
    assert export_as(entry, desk, desk.bo) == editors
    assert export_as(entry, desk, desk.viewer) == editors


def test_blind_review_switched_off_shows_everything(desk, entry):
    hidden_work(desk)
    set_blind_review(desk.editor, db.session.get(Article, desk.article.id), False)
    db.session.commit()
    assert export_as(entry, desk, desk.bo) == export_as(entry, desk, desk.editor)


def test_host_export_carries_everything(desk, entry):
    hidden_work(desk)
    article = db.session.get(Article, desk.article.id)
    assert exported(entry, article, host_visibility(article)) == export_as(entry, desk, desk.editor)


# -- every door an export leaves by --------------------------------------------------------


def available_formats() -> list:
    return [entry for entry in FORMATS if entry.available]


def test_web_download_in_every_format_follows_blind_review(desk, client, login):
    hidden_work(desk)
    for user, expected in [(desk.bo, set()), (desk.editor, "some")]:
        client.post("/logout")
        login(user)
        for entry in available_formats():
            answer = client.get(f"/articles/{desk.article.id}/export/{entry.name}")
            assert answer.status_code == 200, entry.name
            found = markers_in(readable(entry.name, answer.data))
            assert bool(found) == bool(expected), (user.name, entry.name, found)


def test_api_export_in_every_format_follows_blind_review(desk, client):
    hidden_work(desk)
    for user, expected in [(desk.bo, set()), (desk.editor, "some")]:
        bearer = {"Authorization": f"Bearer {create_token(user, 'exports')[1]}"}
        db.session.commit()
        for entry in available_formats():
            url = f"/api/v1/articles/{desk.article.id}/exports/{entry.name}"
            answer = client.get(url, headers=bearer)
            assert answer.status_code == 200, entry.name
            found = markers_in(readable(entry.name, answer.data))
            assert bool(found) == bool(expected), (user.name, entry.name, found)


def zipped(entry, team, visibility_of) -> str:
    target = io.BytesIO()
    assert write_team_bundle(team, entry, target, TeamFilter(), None, visibility_of) == 1
    with zipfile.ZipFile(target) as archive:
        (member,) = archive.namelist()
        return readable(entry.name, archive.read(member))


def test_team_zip_in_every_format_follows_the_readers_visibility(desk, team):
    hidden_work(desk)
    for entry in available_formats():
        assert not markers_in(zipped(entry, team, partial(visibility_for, desk.bo))), entry.name
        assert markers_in(zipped(entry, team, host_visibility)), entry.name


def test_single_article_export_needs_a_visibility(desk):
    with pytest.raises(TypeError):
        export_article(desk.article, registry.FORMATS["csv"], None)  # type: ignore[call-arg]


def test_command_line_export_is_the_hosts_and_says_so(desk, runner):
    hidden_work(desk)
    result = runner.invoke(args=["export", str(desk.article.id), "--format", "md"])
    assert result.exit_code == 0, result.output
    assert markers_in(result.stdout, ON_FIRST)
    assert "Exporting as the host" in result.stderr
