"""The canonical JSON export imports into a fresh second database and exports the same again.

Both servers are real: a second app on its own SQLite file, or on its own PostgreSQL
database with ``--db=postgresql``; export and import go through the command line.
"""

import copy
import json
import shutil
from datetime import date

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade

from annotator import create_app
from annotator.extensions import db
from annotator.models import Adoption, Annotation, Article, Role, Stance, Verdict
from annotator.services.annotations import (
    AnnotationEntry,
    SourceEntry,
    annotate_sentence,
    clear_verdict,
)
from annotator.services.articles import ArticleDraft, import_article
from annotator.services.assignments import assign_article
from annotator.services.discussion import post_comment, resolve_thread
from annotator.services.interchange import SCHEMA as SCHEMA_FILE
from annotator.services.reviews import respond_to_annotation
from annotator.services.revisions import revise_article
from annotator.services.settling import reopen_sentence, settle_sentence
from annotator.services.teams import create_team
from annotator.services.triage import dismiss_sentence, triage_list
from annotator.services.workflow import set_blind_review

SCHEMA = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
FIRST = (
    "Officials met in Geneva on Monday. The agency said exports rose by 40 percent.\n"
    "The ministry denied every claim. Critics called the figure invented."
)
#: The second sentence is reworded, the third is gone: the work on it becomes unplaced.
REVISED = (
    "Officials met in Geneva on Monday. The agency said exports rose by 14 percent.\n"
    "Critics called the figure invented. A correction followed on Tuesday."
)


# -- the rich article: every part of the record filled through the services ----------------


def annotate_history(article, rita, sam) -> tuple[Annotation, Annotation]:
    """Rita changes her mind twice (two revisions); Sam gives a verdict and clears it."""
    first, second, third, _ = article.sentences
    span = (second.start + 4, second.start + 10)
    source = SourceEntry("https://example.org/trade", "Trade 😀 data", "exports fell")
    annotate_sentence(rita, second, AnnotationEntry(Verdict.verified))
    annotate_sentence(rita, second, AnnotationEntry(Verdict.disputed, "*Down*.", span, [source]))
    flagged = annotate_sentence(
        rita, second, AnnotationEntry(Verdict.disputed, "Fell.", span, [source])
    )
    annotate_sentence(sam, second, AnnotationEntry(Verdict.unverified, "No source."))
    clear_verdict(sam, second)
    annotate_sentence(sam, first, AnnotationEntry(Verdict.verified, "Readout."))
    lost = annotate_sentence(rita, third, AnnotationEntry(Verdict.disputed, "Denied what?"))
    db.session.add(
        Adoption(
            annotation_id=lost.id,
            origin_index=3,
            origin_title="Earlier talks",
            origin_text="The ministry denied it.",
        )
    )
    return flagged, lost


def discuss_and_settle(article, rita, sam, eda, flagged, lost) -> None:
    """Responses, threads with a reply (one resolved), settled, reopened and lost verdicts."""
    first, second, third, _ = article.sentences
    respond_to_annotation(sam, flagged, Stance.agree)
    respond_to_annotation(eda, lost, Stance.disagree, "An old statement.")
    opening = post_comment(rita, second, "Which **table**?")
    post_comment(sam, second, "Table 3.", reply_to=opening)
    resolve_thread(eda, second, opening)
    post_comment(sam, first, "Who attended?")
    post_comment(sam, third, "Denied on record?")
    settle_sentence(eda, second, Verdict.disputed, "Exports fell.")
    settle_sentence(eda, first, Verdict.verified, "Readout matches.")
    reopen_sentence(eda, first)
    settle_sentence(eda, third, Verdict.unverified, "No statement found.")


@pytest.fixture
def rich(team, make_member) -> Article:
    """An article with history, threads, responses, reopened and unplaced work, revised."""
    eda = make_member(Role.editor, name="Eda Editor")
    rita = make_member(Role.reviewer, name="Rita Reviewer")
    sam = make_member(Role.reviewer, name="Sam Second")
    draft = ArticleDraft("Trade talks", FIRST, "https://news.example/t", "Daily", date(2024, 1, 2))
    article = import_article(team, eda, draft).article
    assign_article(eda, article, rita, date(2024, 3, 1))
    assign_article(eda, article, sam)
    set_blind_review(eda, article, False)
    article.reviewers_wanted = 2
    triage_list(article)
    dismiss_sentence(rita, article.sentences[3])
    flagged, lost = annotate_history(article, rita, sam)
    discuss_and_settle(article, rita, sam, eda, flagged, lost)
    revise_article(article, eda, ArticleDraft("Trade talks, corrected", REVISED))
    db.session.commit()
    return article


# -- two servers ----------------------------------------------------------------------------


@pytest.fixture
def second_app(request, engine_name, sqlite_template, tmp_path):
    """Another server: its own empty, migrated database, with one team."""
    if engine_name == "postgresql":
        url = request.getfixturevalue("empty_postgres")
    else:
        path = tmp_path / "second.sqlite3"
        shutil.copyfile(sqlite_template, path)
        url = f"sqlite:///{path}"
    config = {"TESTING": True, "SECRET_KEY": "second", "SQLALCHEMY_DATABASE_URI": url}
    server = create_app(config)
    with server.app_context():
        if engine_name == "postgresql":
            upgrade()
        create_team("Copy desk", "copy-desk")
        db.session.commit()
    yield server
    with server.app_context():
        db.engine.dispose()


def run(server, *args: str):
    """Run a command on this server (a command uses the app whose context is current)."""
    with server.app_context():
        result = server.test_cli_runner().invoke(args=list(args))
        db.session.remove()
    return result


def export_json(server, article_id: int) -> dict:
    result = run(server, "export", str(article_id), "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def import_json(server, document: dict | str, tmp_path) -> object:
    path = tmp_path / "article.json"
    text = document if isinstance(document, str) else json.dumps(document, ensure_ascii=False)
    path.write_text(text, encoding="utf-8")
    return run(server, "article", "import-json", str(path), "--team", "copy-desk")


def row_counts(server) -> dict[str, int]:
    """Count the rows of every table of the server's database."""
    with server.app_context():
        counts = {
            table.name: db.session.scalar(sa.select(sa.func.count()).select_from(table))
            for table in db.metadata.sorted_tables
        }
        db.session.remove()
    return counts


# -- comparing exports of two servers: only ids and the export time may differ --------------


def references(kind: str) -> dict[str, list[str]]:
    """Return, per list of the schema, its fields documented as references of this kind."""
    found = {}
    for name, entry in SCHEMA["properties"].items():
        fields = entry.get("items", entry).get("properties", {})
        found[name] = [
            key for key, value in fields.items() if value.get("description", "").startswith(kind)
        ]
    return found


def portable(document: dict) -> dict:
    """Replace every instance-local id by what names the record on any server."""
    document = copy.deepcopy(document)
    del document["generated_at"], document["article"]["id"]
    email = {person.pop("id"): person["email"] for person in document["people"]}
    position = {
        "An annotations id": {a.pop("id"): n for n, a in enumerate(document["annotations"])},
        "The comments id": {c.pop("id"): n for n, c in enumerate(document["comments"])},
        "A people id": email,
    }
    for kind, mapping in position.items():
        for name, fields in references(kind).items():
            if not fields:
                continue
            records = document[name] if isinstance(document[name], list) else [document[name]]
            for record in records:
                for key in fields:
                    record[key] = mapping[record[key]] if record[key] is not None else None
    return document


def test_portable_maps_every_reference_the_schema_documents():
    people = references("A people id")
    assert people["article"] == ["imported_by"]
    assert people["comments"] == ["author", "resolved_by"]
    assert references("An annotations id")["revisions"] == ["annotation"]
    assert references("The comments id")["comments"] == ["parent"]


def test_rich_article_fills_every_part_of_the_record(app, rich):
    document = export_json(app, rich.id)
    lists = [key for key, value in SCHEMA["properties"].items() if value.get("type") == "array"]
    assert [key for key in lists if not document[key]] == []
    assert {a["sentence"] for a in document["annotations"]} >= {None, 1}
    assert {r["verdict"] for r in document["resolutions"]} >= {None, "disputed"}
    assert any(c["parent"] for c in document["comments"])
    assert any(a["reviewed_text"] for a in document["annotations"])


@pytest.mark.parametrize("which", ["seeded", "rich"])
def test_json_round_trip_into_fresh_database_is_lossless(request, app, second_app, tmp_path, which):
    article = request.getfixturevalue(which)
    first = export_json(app, article.id)
    result = import_json(second_app, first, tmp_path)
    assert result.exit_code == 0, result.output
    second = export_json(second_app, int(result.output))
    assert portable(second) == portable(first)


def test_import_json_twice_is_refused_the_second_time(app, rich, second_app, tmp_path):
    document = export_json(app, rich.id)
    import_json(second_app, document, tmp_path)
    counts = row_counts(second_app)
    result = import_json(second_app, document, tmp_path)
    assert result.exit_code == 1
    assert "already has an article with that text" in result.output
    assert row_counts(second_app) == counts


def last_comment_replies_to_nothing(document):
    document["comments"][-1]["parent"] = 999_999


def resolution_twice(document):
    document["resolutions"].append(copy.deepcopy(document["resolutions"][0]))


def revision_twice(document):
    document["revisions"].append(copy.deepcopy(document["revisions"][0]))


def response_to_unknown_annotation(document):
    document["responses"][-1]["annotation"] = 999_999


def huge_number(document):
    document["annotations"][-1]["version"] = 10**30


def unknown_person(document):
    document["comments"][-1]["resolved_by"] = 999_999


def note_of_wrong_type(document):
    document["annotations"][-1]["note"] = {"$where": "1"}


def extra_field(document):
    document["comments"][0]["is_admin"] = True


def naive_timestamp(document):
    document["comments"][-1]["created_at"] = "2024-01-02T03:04:05"


def version_not_earlier(document):
    document["versions"][0]["number"] = document["article"]["version"]


def span_outside_sentence(document):
    document["annotations"][0]["span"] = [0, 10_000]


def script_source_address(document):
    document["article"]["source_url"] = "javascript:alert(1)"


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (last_comment_replies_to_nothing, "replies to no earlier thread"),
        (resolution_twice, "contradicts itself"),
        (revision_twice, "contradicts itself"),
        (response_to_unknown_annotation, "Annotation 999999 is not in the export"),
        (huge_number, "does not match its schema at annotations/"),
        (unknown_person, "Person 999999 is not in the export's people"),
        (note_of_wrong_type, "does not match its schema at annotations/"),
        (extra_field, "does not match its schema at comments/0"),
        (naive_timestamp, "does not match its schema at comments/"),
        (version_not_earlier, "is not an earlier one"),
        (span_outside_sentence, "span outside its sentence"),
        (script_source_address, "does not match its schema at article/source_url"),
    ],
)
def test_import_json_refuses_damaged_file_and_writes_nothing(
    app, rich, second_app, tmp_path, damage, message
):
    document = export_json(app, rich.id)
    damage(document)
    counts = row_counts(second_app)
    result = import_json(second_app, document, tmp_path)
    assert result.exit_code == 1
    assert message in result.output
    assert row_counts(second_app) == counts


@pytest.mark.parametrize("keep", [0.5, 0.99])
def test_import_json_refuses_truncated_file_and_writes_nothing(
    app, rich, second_app, tmp_path, keep
):
    text = json.dumps(export_json(app, rich.id), ensure_ascii=False)
    counts = row_counts(second_app)
    result = import_json(second_app, text[: int(len(text) * keep)], tmp_path)
    assert result.exit_code == 1
    assert "not JSON" in result.output
    assert row_counts(second_app) == counts
