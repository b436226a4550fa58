"""Copying an instance into an empty database: every row, same ids, fresh sequences."""

import pytest
import sqlalchemy as sa

from annotator.errors import ValidationError
from annotator.extensions import db
from annotator.models import Sentence, Team, Verdict
from annotator.services import copying
from annotator.services.annotations import AnnotationEntry, SourceEntry, annotate_sentence
from annotator.services.articles import ArticleDraft, import_article
from annotator.services.assignments import assign_article
from annotator.services.memory import adopt_settlement
from annotator.services.names import NameEntry, add_name
from annotator.services.settling import settle_sentence
from annotator.services.tokens import create_token
from bench.workload import build_reviewed_article
from tests.conftest import PASSWORD

#: Tables the fixture fills; every table, empty or not, is compared after the copy.
FILLED = [
    "team", "user", "membership", "access_token", "article", "sentence", "annotation",
    "source", "annotation_revision", "response", "comment", "resolution", "assignment",
    "notification", "audit_event",
]  # fmt: skip


@pytest.fixture
def filled(app, team):
    """An instance with rows in every table: review, revisions, tokens, inbox, history."""
    reviewed = build_reviewed_article(team, 12, 2, PASSWORD)
    first = db.session.scalars(
        sa.select(Sentence).where(Sentence.article_id == reviewed.article.id)
    ).first()
    for verdict in (Verdict.disputed, Verdict.verified):
        entry = AnnotationEntry(verdict, "Überprüft — *ok*", None, [SourceEntry("https://e.org")])
        annotate_sentence(reviewed.editor, first, entry)
    assign_article(reviewed.editor, reviewed.article, reviewed.reviewers[0])
    create_token(reviewed.editor, "script")
    # Team memory and names (issue 10): a settled sentence elsewhere, adopted here.
    other = import_article(team, None, ArticleDraft("Other", "The bridge cost 4 million.")).article
    settled = settle_sentence(reviewed.editor, other.sentences[0], Verdict.verified, "Budget.")
    adopt_settlement(reviewed.reviewers[0], first, settled.id)
    add_name(reviewed.editor, team.id, NameEntry("City council"))
    db.session.commit()
    return reviewed


def table_rows(engine: sa.Engine) -> dict[str, list]:
    with engine.connect() as connection:
        return {
            table.name: connection.execute(
                sa.select(table).order_by(*table.primary_key.columns)
            ).all()
            for table in copying.app_tables()
        }


def migrated_sqlite(app, path) -> sa.Engine:
    from annotator.cli.copy import migrate_target

    url = sa.make_url(f"sqlite:///{path}")
    migrate_target(url)
    return sa.create_engine(url)


def test_copy_round_trip_keeps_every_row_of_every_table(app, filled, empty_postgres, tmp_path):
    postgres = sa.create_engine(empty_postgres)
    from annotator.cli.copy import migrate_target

    migrate_target(postgres.url)
    copying.copy_database(db.engine, postgres, batch=7)
    back = migrated_sqlite(app, tmp_path / "back.sqlite3")
    copies = copying.copy_database(postgres, back, batch=5)
    original = table_rows(db.engine)
    assert all(original[name] for name in FILLED), "the fixture should fill these tables"
    assert table_rows(postgres) == original
    assert table_rows(back) == original
    assert {c.table: c.rows for c in copies} == {n: len(r) for n, r in original.items()}
    postgres.dispose()
    back.dispose()


def test_copy_moves_sequences_past_the_copied_ids(app, filled, empty_postgres):
    from annotator.cli.copy import migrate_target

    target = sa.create_engine(empty_postgres)
    migrate_target(target.url)
    copying.copy_database(db.engine, target)
    with target.begin() as connection:
        new_id = connection.scalar(
            sa.insert(Team).values(name="New desk", slug="new-desk").returning(Team.id)
        )
    assert new_id > max(row.id for row in table_rows(db.engine)["team"])
    target.dispose()


def test_copy_refuses_a_target_with_rows(app, filled, tmp_path):
    target = migrated_sqlite(app, tmp_path / "full.sqlite3")
    copying.copy_database(db.engine, target)
    with pytest.raises(ValidationError, match="not empty"):
        copying.copy_database(db.engine, target)
    target.dispose()


def test_copy_refuses_a_target_at_another_migration(app, filled, tmp_path):
    target = sa.create_engine(f"sqlite:///{tmp_path / 'bare.sqlite3'}")
    with pytest.raises(ValidationError, match="run `flask db upgrade`"):
        copying.copy_database(db.engine, target)
    target.dispose()


def test_count_check_fails_when_a_table_differs(app, filled, tmp_path):
    target = migrated_sqlite(app, tmp_path / "short.sqlite3")
    with (
        db.engine.connect() as source,
        target.connect() as copy,
        pytest.raises(RuntimeError, match="rows instead of"),
    ):
        copying.verify_counts(source, copy)
    target.dispose()
