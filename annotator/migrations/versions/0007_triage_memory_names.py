"""Triage scores and "not a claim" dismissals, the team memory of settled claims, canonical names

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-28 23:45:00

Triage scores of existing sentences are filled the first time their article's triage list is
read (scoring needs the Python scorer). Settled claims are filled here from the resolutions
with a verdict. Their full-text index: on SQLite an FTS5 table kept by triggers, on
PostgreSQL a GIN index over ``to_tsvector('simple', text)``; both are named ``search_fts_*``
so that the comparison with the models leaves them alone (services/fulltext.py).
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "canonical_name",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "body",
                "person",
                "place",
                name="name_kind",
                native_enum=False,
                create_constraint=True,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("aliases", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["team_id"],
            ["team.id"],
            name=op.f("fk_canonical_name_team_id_team"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_canonical_name")),
        sa.UniqueConstraint("team_id", "name", name=op.f("uq_canonical_name_team_id_name")),
    )
    op.create_table(
        "sentence_triage",
        sa.Column("sentence_id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("reasons", sa.String(length=200), nullable=False),
        sa.Column("dismissed_at", sa.DateTime(), nullable=True),
        sa.Column("dismissed_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["article.id"],
            name=op.f("fk_sentence_triage_article_id_article"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["dismissed_by_id"],
            ["user.id"],
            name=op.f("fk_sentence_triage_dismissed_by_id_user"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["sentence_id"],
            ["sentence.id"],
            name=op.f("fk_sentence_triage_sentence_id_sentence"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("sentence_id", name=op.f("pk_sentence_triage")),
    )
    with op.batch_alter_table("sentence_triage", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_sentence_triage_article_id"), ["article_id"], unique=False
        )

    op.create_table(
        "adoption",
        sa.Column("annotation_id", sa.Integer(), nullable=False),
        sa.Column("origin_resolution_id", sa.Integer(), nullable=True),
        sa.Column("origin_article_id", sa.Integer(), nullable=True),
        sa.Column("origin_index", sa.Integer(), nullable=False),
        sa.Column("origin_title", sa.String(length=300), nullable=False),
        sa.Column("origin_text", sa.Text(), nullable=False),
        sa.Column("adopted_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["annotation_id"],
            ["annotation.id"],
            name=op.f("fk_adoption_annotation_id_annotation"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["origin_article_id"],
            ["article.id"],
            name=op.f("fk_adoption_origin_article_id_article"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["origin_resolution_id"],
            ["resolution.id"],
            name=op.f("fk_adoption_origin_resolution_id_resolution"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("annotation_id", name=op.f("pk_adoption")),
    )
    op.create_table(
        "settled_claim",
        sa.Column("resolution_id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["article.id"],
            name=op.f("fk_settled_claim_article_id_article"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["resolution_id"],
            ["resolution.id"],
            name=op.f("fk_settled_claim_resolution_id_resolution"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["team_id"], ["team.id"], name=op.f("fk_settled_claim_team_id_team"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("resolution_id", name=op.f("pk_settled_claim")),
    )
    with op.batch_alter_table("settled_claim", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_settled_claim_team_id"), ["team_id"], unique=False)

    op.execute(
        "INSERT INTO settled_claim (resolution_id, team_id, article_id, text) "
        'SELECT r.id, a.team_id, a.id, substr(a.text, s.start + 1, s."end" - s.start) '
        "FROM resolution r JOIN sentence s ON s.id = r.sentence_id "
        "JOIN article a ON a.id = s.article_id WHERE r.verdict IS NOT NULL"
    )
    create_claim_index()


def create_claim_index():
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE INDEX search_fts_settled_claim ON settled_claim "
            "USING gin (to_tsvector('simple', text))"
        )
        return
    op.execute(
        "CREATE VIRTUAL TABLE search_fts_claims USING fts5("
        "body, team, tokenize = 'unicode61 remove_diacritics 2')"
    )
    row = (
        "INSERT INTO search_fts_claims (rowid, body, team) "
        "VALUES (new.resolution_id, new.text, 't' || new.team_id);"
    )
    forget = "DELETE FROM search_fts_claims WHERE rowid = old.resolution_id;"
    op.execute(f"CREATE TRIGGER search_claim_insert AFTER INSERT ON settled_claim BEGIN {row} END")
    op.execute(
        f"CREATE TRIGGER search_claim_update AFTER UPDATE ON settled_claim BEGIN {forget} {row} END"
    )
    op.execute(
        f"CREATE TRIGGER search_claim_delete AFTER DELETE ON settled_claim BEGIN {forget} END"
    )
    op.execute(
        "INSERT INTO search_fts_claims (rowid, body, team) "
        "SELECT resolution_id, text, 't' || team_id FROM settled_claim"
    )


def drop_claim_index():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS search_fts_settled_claim")
        return
    for event in ("insert", "update", "delete"):
        op.execute(f"DROP TRIGGER IF EXISTS search_claim_{event}")
    op.execute("DROP TABLE IF EXISTS search_fts_claims")


def downgrade():
    drop_claim_index()
    with op.batch_alter_table("settled_claim", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_settled_claim_team_id"))

    op.drop_table("settled_claim")
    op.drop_table("adoption")
    with op.batch_alter_table("sentence_triage", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sentence_triage_article_id"))

    op.drop_table("sentence_triage")
    op.drop_table("canonical_name")
