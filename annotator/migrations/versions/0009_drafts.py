"""Drafts: a reviewer's unsaved note, sources and span on a sentence, private to them

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03 12:00:00

A new table only: no existing row changes.
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "draft",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sentence_id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("reviewer_id", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("span_start", sa.Integer(), nullable=True),
        sa.Column("span_end", sa.Integer(), nullable=True),
        sa.Column("sources", sa.JSON(), nullable=False),
        sa.Column("kept_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "(span_start IS NULL AND span_end IS NULL) OR "
            "(span_start IS NOT NULL AND span_end IS NOT NULL AND span_start < span_end)",
            name=op.f("ck_draft_span"),
        ),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["article.id"],
            name=op.f("fk_draft_article_id_article"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["reviewer_id"],
            ["user.id"],
            name=op.f("fk_draft_reviewer_id_user"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["sentence_id"],
            ["sentence.id"],
            name=op.f("fk_draft_sentence_id_sentence"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_draft")),
        sa.UniqueConstraint(
            "sentence_id", "reviewer_id", name=op.f("uq_draft_sentence_id_reviewer_id")
        ),
    )
    op.create_index(op.f("ix_draft_article_id"), "draft", ["article_id"], unique=False)
    op.create_index(op.f("ix_draft_reviewer_id"), "draft", ["reviewer_id"], unique=False)


def downgrade():
    op.drop_index(op.f("ix_draft_reviewer_id"), table_name="draft")
    op.drop_index(op.f("ix_draft_article_id"), table_name="draft")
    op.drop_table("draft")
