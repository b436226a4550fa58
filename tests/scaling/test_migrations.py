"""Every migration applies and reverts on the engine under test (schema match: test_database)."""

import pytest
import sqlalchemy as sa
from alembic.script import ScriptDirectory
from flask_migrate import downgrade, upgrade

from annotator import create_app
from annotator.extensions import db
from annotator.storage.database import MIGRATIONS
from tests.conftest import base_config

#: Every revision, oldest first (the migrations others add are checked too).
REVISIONS = [
    script.revision for script in reversed(list(ScriptDirectory(str(MIGRATIONS)).walk_revisions()))
]


@pytest.fixture
def bare_app(empty_database):
    app = create_app(base_config(empty_database))
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


def table_names() -> set[str]:
    return set(sa.inspect(db.engine).get_table_names()) - {"alembic_version"}


def test_migrations_apply_and_revert_one_at_a_time(bare_app):
    for revision in REVISIONS:
        upgrade(revision=revision)
    for previous in reversed(["base", *REVISIONS[:-1]]):
        downgrade(revision=previous)
    assert table_names() == set()


def test_migrations_apply_again_after_a_full_downgrade(bare_app):
    upgrade()
    downgrade(revision="base")
    upgrade()
    assert table_names() >= set(db.metadata.tables)


def search_kinds(user, word="girder") -> list[str]:
    """Search for a word the way a member does: the kinds of what is found."""
    from annotator.services.search import SearchQuery, search_teams

    return sorted(hit.kind for hit in search_teams(user, SearchQuery(word)))


def indexed_kinds(query: str) -> list[str]:
    """Return the kinds of text the SQLite index finds for an FTS5 query, read directly."""
    rows = db.session.execute(
        sa.text("SELECT DISTINCT kind FROM search_fts WHERE search_fts MATCH :query"),
        {"query": query},
    )
    return sorted(rows.scalars())


def test_search_index_is_rebuilt_with_stemming_and_downgrades_cleanly(bare_app, engine_name):
    """Migration 0011 indexes existing rationales, responses and source titles, with word
    forms; its downgrade gives back the index of migration 0005 (notes and comments only)."""
    from annotator.models import Role, Stance, Verdict
    from annotator.services import accounts, teams
    from annotator.services.annotations import AnnotationEntry, SourceEntry, annotate_sentence
    from annotator.services.articles import ArticleDraft, import_article
    from annotator.services.discussion import post_comment
    from annotator.services.reviews import respond_to_annotation
    from annotator.services.settling import settle_sentence

    upgrade()
    team = teams.create_team("Desk", "desk")
    editor = accounts.create_user("e@example.org", "Edna", "correct horse battery")
    reviewer = accounts.create_user("r@example.org", "Rita", "correct horse battery")
    teams.set_membership(team, editor, Role.editor)
    teams.set_membership(team, reviewer, Role.reviewer)
    article = import_article(team, editor, ArticleDraft("Bridge", "Steel. Concrete.")).article
    article.blind_review = False
    first, second = article.sentences
    source = SourceEntry("https://example.org/plan", "Girders plan")
    flag = annotate_sentence(
        reviewer, first, AnnotationEntry(Verdict.disputed, "Girders rust.", sources=[source])
    )
    respond_to_annotation(editor, flag, Stance.agree, "Girders do rust.")
    post_comment(reviewer, second, "Girders again?")
    settle_sentence(editor, first, Verdict.disputed, "The girders rust.")
    db.session.commit()
    everything = ["comment", "note", "rationale", "response", "source"]
    assert search_kinds(reviewer) == everything

    db.session.remove()
    downgrade(revision="0010")
    if engine_name == "sqlite":
        # Read the bare index: the models are ahead of the downgraded tables (0017 adds
        # columns to article), so the search service cannot load its rows here.
        assert indexed_kinds("girder*") == ["comment", "note"]  # what 0005 indexed
        assert indexed_kinds("rusting") == []  # no stemming: "rusting" is not "rust"
        kinds = db.session.execute(sa.text("SELECT DISTINCT kind FROM search_fts")).scalars()
        # Titles and sentences join when the search service first searches the article.
        assert sorted(kinds) == ["comment", "note"]
    db.session.remove()
    upgrade()
    assert search_kinds(reviewer) == everything


def test_stock_consensus_rationales_become_marked_defaults_for_readers(bare_app):
    """Migration 0015 rewrites the old "All 1 reviewer(s) agreed" stock sentence as the
    default opening and marks it; an editor's own words stay theirs."""
    from annotator.models import Role, Verdict
    from annotator.services import accounts, teams
    from annotator.services.articles import ArticleDraft, import_article
    from annotator.services.settling import settle_sentence

    upgrade()
    team = teams.create_team("Desk", "desk")
    editor = accounts.create_user("e@example.org", "Edna", "correct horse battery")
    teams.set_membership(team, editor, Role.editor)
    article = import_article(team, editor, ArticleDraft("Bridge", "Steel. Concrete.")).article
    for sentence, rationale in zip(article.sentences, ["Stock.", "Mine."], strict=True):
        settle_sentence(editor, sentence, Verdict.disputed, rationale)
    db.session.commit()
    db.session.remove()
    downgrade(revision="0012")
    with db.engine.begin() as connection:
        connection.execute(
            sa.text("UPDATE resolution SET rationale = :stock WHERE rationale = 'Stock.'"),
            {"stock": "All 1 reviewer(s) agreed: disputed."},
        )
    upgrade()
    rows = db.session.execute(
        sa.text("SELECT rationale, rationale_is_default FROM resolution ORDER BY sentence_id")
    ).all()
    assert [tuple(row) for row in rows] == [
        ("Our reviewers found this claim disputed by the evidence.", True),
        ("Mine.", False),
    ]


def test_rating_scales_are_given_to_existing_teams_and_their_settlements(bare_app):
    """Migration 0016 gives every team the default scale and every settled resolution its
    verdict's first rating, the publisher as claimant and the source as where it appeared;
    a downgrade drops them all and the resolutions stay."""
    from annotator.models import Role, Verdict
    from annotator.services import accounts, teams
    from annotator.services.articles import ArticleDraft, import_article
    from annotator.services.settling import reopen_sentence, settle_sentence

    upgrade()
    team = teams.create_team("Desk", "desk")
    editor = accounts.create_user("e@example.org", "Edna", "correct horse battery")
    teams.set_membership(team, editor, Role.editor)
    draft = ArticleDraft("Bridge", "Steel. Concrete. Glass.", "https://news.example/b", "Daily")
    article = import_article(team, editor, draft).article
    verdicts = [Verdict.verified, Verdict.disputed, Verdict.unverified]
    for sentence, verdict in zip(article.sentences, verdicts, strict=True):
        settle_sentence(editor, sentence, verdict, "Checked.")
    reopen_sentence(editor, article.sentences[2])
    db.session.commit()
    db.session.remove()
    downgrade(revision="0015")
    assert "rating_entry" not in table_names()
    columns = {c["name"] for c in sa.inspect(db.engine).get_columns("resolution")}
    assert not {"rating_id", "claimant_name", "claimant_kind", "claim_url"} & columns
    upgrade()
    rows = db.session.execute(
        sa.text(
            "SELECT r.verdict, e.label, e.value, r.claimant_name, r.claimant_kind, r.claim_url "
            "FROM resolution r LEFT JOIN rating_entry e ON e.id = r.rating_id ORDER BY r.id"
        )
    ).all()
    assert [tuple(row) for row in rows] == [
        ("verified", "Accurate", 5, "Daily", "organization", "https://news.example/b"),
        ("disputed", "Misleading", 2, "Daily", "organization", "https://news.example/b"),
        (None, None, None, "", "organization", ""),
    ]
    scale = db.session.execute(
        sa.text("SELECT label, verdict, position FROM rating_entry ORDER BY position")
    ).all()
    assert [row[0] for row in scale] == [
        "Accurate",
        "Mostly accurate",
        "Unproven",
        "Misleading",
        "False",
    ]
