"""Full-text search index: an FTS5 table kept by triggers on SQLite (PostgreSQL needs none)

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-28 23:30:00

On SQLite, ``search_fts`` holds article titles and sentences (added by the search service
the first time an article is searched, since slicing long texts is cheap in Python and
quadratic in SQL) and notes and comments (kept current by the triggers below). Row ids encode
the kind: ``id * 8 + 1`` title, ``+ 2`` sentence, ``+ 3`` note, ``+ 4`` comment.
PostgreSQL matches with ``to_tsvector`` at query time and needs nothing here.
"""

from alembic import op


# revision identifiers, used by Alembic.
revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

TEXTS = {
    # table: (kind, code, text column)
    "annotation": ("note", 3, "note"),
    "comment": ("comment", 4, "body"),
}


def triggers(table, kind, code, column):
    row = (
        f"INSERT INTO search_fts (rowid, body, kind, ref_id, article_id) "
        f"SELECT new.id * 8 + {code}, new.{column}, '{kind}', new.id, new.article_id "
        f"WHERE coalesce(new.{column}, '') <> '';"
    )
    forget = f"DELETE FROM search_fts WHERE rowid = old.id * 8 + {code};"
    return [
        f"CREATE TRIGGER search_{kind}_insert AFTER INSERT ON {table} BEGIN {row} END",
        f"CREATE TRIGGER search_{kind}_update AFTER UPDATE OF {column} ON {table} "
        f"BEGIN {forget} {row} END",
        f"CREATE TRIGGER search_{kind}_delete AFTER DELETE ON {table} BEGIN {forget} END",
    ]


def upgrade():
    if op.get_bind().dialect.name != "sqlite":
        return
    op.execute(
        "CREATE VIRTUAL TABLE search_fts USING fts5("
        "body, kind UNINDEXED, ref_id UNINDEXED, article_id UNINDEXED, "
        "tokenize = 'unicode61 remove_diacritics 2')"
    )
    for table, (kind, code, column) in TEXTS.items():
        for statement in triggers(table, kind, code, column):
            op.execute(statement)
        op.execute(
            f"INSERT INTO search_fts (rowid, body, kind, ref_id, article_id) "
            f"SELECT id * 8 + {code}, {column}, '{kind}', id, article_id FROM {table} "
            f"WHERE coalesce({column}, '') <> ''"
        )
    op.execute(
        "CREATE TRIGGER search_article_delete AFTER DELETE ON article "
        "BEGIN DELETE FROM search_fts WHERE article_id = old.id; END"
    )


def downgrade():
    if op.get_bind().dialect.name != "sqlite":
        return
    op.execute("DROP TRIGGER IF EXISTS search_article_delete")
    for kind, _, _ in TEXTS.values():
        for event in ("insert", "update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS search_{kind}_{event}")
    op.execute("DROP TABLE IF EXISTS search_fts")
