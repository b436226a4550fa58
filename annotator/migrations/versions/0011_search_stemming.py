"""Search with stemming, and over rationales, responses and source titles

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03 13:00:00

On SQLite the FTS5 table ``search_fts`` is made again with the porter tokenizer (English
stemming, so "girder" finds "girders"), and triggers now also keep final verdicts'
rationales, responses' comments and sources' titles in it, beside notes and comments. Row
ids encode the kind: ``id * 8 + code`` (services/fulltext.py ``KIND_CODES``). Titles and
sentences are added again by the search service the first time an article is searched, as
since migration 0005. A record leaves the index while it is unplaced (no ``article_id``) and
comes back when it is placed again; a source follows its annotation.

PostgreSQL matches with ``to_tsvector('english', ...)`` at query time and needs nothing here.
"""

from alembic import op


# revision identifiers, used by Alembic.
revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

#: table: (kind, row id code, text column), for tables that carry their own article_id.
PLACED = {
    "annotation": ("note", 3, "note"),
    "comment": ("comment", 4, "body"),
    "resolution": ("rationale", 5, "rationale"),
    "response": ("response", 6, "comment"),
}
#: Migration 0005's index: notes and comments only, without stemming.
EARLIER = {"annotation": ("note", 3, "note"), "comment": ("comment", 4, "body")}
SOURCE_CODE = 7
INSERT = "INSERT INTO search_fts (rowid, body, kind, ref_id, article_id) "


def placed_triggers(table, kind, code, column, moves=True):
    row = (
        f"{INSERT}SELECT new.id * 8 + {code}, new.{column}, '{kind}', new.id, new.article_id "
        f"WHERE coalesce(new.{column}, '') <> ''"
        + (" AND new.article_id IS NOT NULL;" if moves else ";")
    )
    forget = f"DELETE FROM search_fts WHERE rowid = old.id * 8 + {code};"
    changes = f"{column}, article_id" if moves else column
    return [
        f"CREATE TRIGGER search_{kind}_insert AFTER INSERT ON {table} BEGIN {row} END",
        f"CREATE TRIGGER search_{kind}_update AFTER UPDATE OF {changes} ON {table} "
        f"BEGIN {forget} {row} END",
        f"CREATE TRIGGER search_{kind}_delete AFTER DELETE ON {table} BEGIN {forget} END",
    ]


def source_rows(which):
    """Index the titles of the sources chosen by ``which``, under their annotation's article."""
    return (
        f"{INSERT}SELECT s.id * 8 + {SOURCE_CODE}, s.title, 'source', s.id, a.article_id "
        "FROM source s JOIN annotation a ON a.id = s.annotation_id "
        f"WHERE coalesce(s.title, '') <> '' AND a.article_id IS NOT NULL{which}"
    )


def source_triggers():
    forget = f"DELETE FROM search_fts WHERE rowid = old.id * 8 + {SOURCE_CODE};"
    row = source_rows(" AND s.id = new.id;")
    follow = (
        "DELETE FROM search_fts WHERE kind = 'source' AND ref_id IN "
        "(SELECT id FROM source WHERE annotation_id = new.id); "
        + source_rows(" AND a.id = new.id;")
    )
    return [
        f"CREATE TRIGGER search_source_insert AFTER INSERT ON source BEGIN {row} END",
        f"CREATE TRIGGER search_source_update AFTER UPDATE OF title ON source "
        f"BEGIN {forget} {row} END",
        f"CREATE TRIGGER search_source_delete AFTER DELETE ON source BEGIN {forget} END",
        # A source has no article of its own: it follows its annotation's placement.
        "CREATE TRIGGER search_source_follow AFTER UPDATE OF article_id ON annotation "
        f"BEGIN {follow} END",
    ]


def drop_index(kinds):
    op.execute("DROP TRIGGER IF EXISTS search_article_delete")
    for kind in kinds:
        for event in ("insert", "update", "delete", "follow"):
            op.execute(f"DROP TRIGGER IF EXISTS search_{kind}_{event}")
    op.execute("DROP TABLE IF EXISTS search_fts")


def create_index(tokenizer, tables, moves):
    op.execute(
        "CREATE VIRTUAL TABLE search_fts USING fts5("
        "body, kind UNINDEXED, ref_id UNINDEXED, article_id UNINDEXED, "
        f"tokenize = '{tokenizer}')"
    )
    for table, (kind, code, column) in tables.items():
        for statement in placed_triggers(table, kind, code, column, moves):
            op.execute(statement)
        op.execute(
            f"{INSERT}SELECT id * 8 + {code}, {column}, '{kind}', id, article_id FROM {table} "
            f"WHERE coalesce({column}, '') <> ''" + (" AND article_id IS NOT NULL" if moves else "")
        )
    op.execute(
        "CREATE TRIGGER search_article_delete AFTER DELETE ON article "
        "BEGIN DELETE FROM search_fts WHERE article_id = old.id; END"
    )


def upgrade():
    if op.get_bind().dialect.name != "sqlite":
        return
    drop_index(kind for kind, _, _ in EARLIER.values())
    create_index("porter unicode61 remove_diacritics 2", PLACED, moves=True)
    for statement in source_triggers():
        op.execute(statement)
    op.execute(source_rows(""))


def downgrade():
    if op.get_bind().dialect.name != "sqlite":
        return
    drop_index([kind for kind, _, _ in PLACED.values()] + ["source"])
    create_index("unicode61 remove_diacritics 2", EARLIER, moves=False)
