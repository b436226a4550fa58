"""Unplaced drafts: a draft whose sentence a revision lost is kept, like an annotation

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03 13:15:00

The draft table gets the placement columns the annotations have had since 0006: while
unplaced, ``sentence_id`` and ``article_id`` are NULL, ``unplaced_article_id`` names the
article whose "Unplaced" list holds the draft (for its author only) and ``reviewed_text``
keeps the lost sentence's words. Before this, the sentence's ON DELETE CASCADE dropped the
draft and the words its reviewer had typed.

On SQLite the columns become nullable by copying the table (batch mode); nothing refers to
the draft table and no trigger reads it, so the copy needs nothing else. A downgrade refuses
while a draft is unplaced: the older schema has no place for its words.
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("draft", schema=None) as batch_op:
        batch_op.add_column(sa.Column("unplaced_article_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("reviewed_text", sa.Text(), nullable=True))
        batch_op.alter_column("sentence_id", existing_type=sa.Integer(), nullable=True)
        batch_op.alter_column("article_id", existing_type=sa.Integer(), nullable=True)
        batch_op.create_index(
            batch_op.f("ix_draft_unplaced_article_id"), ["unplaced_article_id"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_draft_unplaced_article_id_article"),
            "article",
            ["unplaced_article_id"],
            ["id"],
            ondelete="CASCADE",
        )


def downgrade():
    unplaced = op.get_bind().scalar(
        sa.text("SELECT count(*) FROM draft WHERE unplaced_article_id IS NOT NULL")
    )
    if unplaced:
        raise RuntimeError(
            f"{unplaced} drafts are unplaced: their reviewers must attach or discard them first."
        )
    with op.batch_alter_table("draft", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_draft_unplaced_article_id_article"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_draft_unplaced_article_id"))
        batch_op.alter_column("article_id", existing_type=sa.Integer(), nullable=False)
        batch_op.alter_column("sentence_id", existing_type=sa.Integer(), nullable=False)
        batch_op.drop_column("reviewed_text")
        batch_op.drop_column("unplaced_article_id")
