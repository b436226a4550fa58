"""Article revisions: earlier versions kept, reviewers' work re-anchored or unplaced

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-28 23:40:00

Annotations, comments and resolutions whose sentence a revision lost keep their row with
``sentence_id`` and ``article_id`` NULL and ``unplaced_article_id`` set, so that every
article-wide read skips them until an editor attaches them to a sentence again.

On SQLite the columns become nullable by copying tables (batch mode). Dropping the old table
would run its ON DELETE CASCADE actions (sources, responses, revisions) and drop the search
triggers of migration 0005, so foreign keys are switched off for the copy and the triggers
are created again.
"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

#: table: (search kind, row id code, text column), as in migration 0005.
SEARCHED = {"annotation": ("note", 3, "note"), "comment": ("comment", 4, "body")}
UNPLACEABLE = ("annotation", "comment", "resolution")


def search_triggers(table):
    kind, code, column = SEARCHED[table]
    row = (
        f"INSERT INTO search_fts (rowid, body, kind, ref_id, article_id) "
        f"SELECT new.id * 8 + {code}, new.{column}, '{kind}', new.id, new.article_id "
        f"WHERE coalesce(new.{column}, '') <> '';"
    )
    forget = f"DELETE FROM search_fts WHERE rowid = old.id * 8 + {code};"
    return [
        f"DROP TRIGGER IF EXISTS search_{kind}_insert",
        f"DROP TRIGGER IF EXISTS search_{kind}_update",
        f"DROP TRIGGER IF EXISTS search_{kind}_delete",
        f"CREATE TRIGGER search_{kind}_insert AFTER INSERT ON {table} BEGIN {row} END",
        f"CREATE TRIGGER search_{kind}_update AFTER UPDATE OF {column} ON {table} "
        f"BEGIN {forget} {row} END",
        f"CREATE TRIGGER search_{kind}_delete AFTER DELETE ON {table} BEGIN {forget} END",
    ]


def sqlite_foreign_keys(on):
    """Switch SQLite's foreign keys (the pragma is ignored inside a transaction)."""
    raw = op.get_bind().connection.driver_connection
    raw.commit()
    raw.execute(f"PRAGMA foreign_keys={'ON' if on else 'OFF'}")
    # Alembic commits at the end: give it a transaction again, whatever the driver's mode.
    raw.execute("BEGIN")


def set_nullable(table, columns, nullable):
    with op.batch_alter_table(table, schema=None) as batch_op:
        for column in columns:
            batch_op.alter_column(column, existing_type=sa.Integer(), nullable=nullable)


def upgrade():
    sqlite = op.get_bind().dialect.name == "sqlite"
    op.create_table(
        "article_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("sentences", sa.JSON(), nullable=False),
        sa.Column("dated", sa.DateTime(), nullable=False),
        sa.Column("replaced_at", sa.DateTime(), nullable=False),
        sa.Column("replaced_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["article.id"],
            name=op.f("fk_article_version_article_id_article"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["replaced_by_id"],
            ["user.id"],
            name=op.f("fk_article_version_replaced_by_id_user"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_article_version")),
        sa.UniqueConstraint(
            "article_id", "number", name=op.f("uq_article_version_article_id_number")
        ),
    )
    with op.batch_alter_table("article", schema=None) as batch_op:
        batch_op.add_column(sa.Column("version_dated", sa.DateTime(), nullable=True))
    if sqlite:
        sqlite_foreign_keys(on=False)
    for table in UNPLACEABLE:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("unplaced_article_id", sa.Integer(), nullable=True))
            batch_op.add_column(sa.Column("reviewed_text", sa.Text(), nullable=True))
            if table != "comment":
                batch_op.add_column(sa.Column("reviewed_version", sa.Integer(), nullable=True))
            if table == "annotation":
                batch_op.add_column(sa.Column("span_quote", sa.Text(), nullable=True))
            batch_op.alter_column("sentence_id", existing_type=sa.Integer(), nullable=True)
            batch_op.alter_column("article_id", existing_type=sa.Integer(), nullable=True)
            batch_op.create_index(
                batch_op.f(f"ix_{table}_unplaced_article_id"), ["unplaced_article_id"], unique=False
            )
            batch_op.create_foreign_key(
                batch_op.f(f"fk_{table}_unplaced_article_id_article"),
                "article",
                ["unplaced_article_id"],
                ["id"],
                ondelete="CASCADE",
            )
    set_nullable("response", ["article_id"], True)
    if sqlite:
        for table in SEARCHED:
            for statement in search_triggers(table):
                op.execute(statement)
        sqlite_foreign_keys(on=True)


def downgrade():
    sqlite = op.get_bind().dialect.name == "sqlite"
    for table in UNPLACEABLE:
        unplaced = op.get_bind().scalar(
            sa.text(f"SELECT count(*) FROM {table} WHERE unplaced_article_id IS NOT NULL")
        )
        if unplaced:
            raise RuntimeError(
                f"{unplaced} {table} rows are unplaced: attach them to sentences first."
            )
    if sqlite:
        sqlite_foreign_keys(on=False)
    set_nullable("response", ["article_id"], False)
    for table in UNPLACEABLE:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(
                batch_op.f(f"fk_{table}_unplaced_article_id_article"), type_="foreignkey"
            )
            batch_op.drop_index(batch_op.f(f"ix_{table}_unplaced_article_id"))
            batch_op.alter_column("article_id", existing_type=sa.Integer(), nullable=False)
            batch_op.alter_column("sentence_id", existing_type=sa.Integer(), nullable=False)
            if table == "annotation":
                batch_op.drop_column("span_quote")
            if table != "comment":
                batch_op.drop_column("reviewed_version")
            batch_op.drop_column("reviewed_text")
            batch_op.drop_column("unplaced_article_id")
    with op.batch_alter_table("article", schema=None) as batch_op:
        batch_op.drop_column("version_dated")
    if sqlite:
        op.execute(
            "CREATE TRIGGER IF NOT EXISTS search_article_delete AFTER DELETE ON article "
            "BEGIN DELETE FROM search_fts WHERE article_id = old.id; END"
        )
        for table in SEARCHED:
            for statement in search_triggers(table):
                op.execute(statement)
        sqlite_foreign_keys(on=True)
    op.drop_table("article_version")
