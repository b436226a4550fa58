"""Undo and restore: each kept version of an annotation records where its span sat

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03 12:30:00

A revision's span offsets index the article text of the moment it was replaced; after a
revision of the article they point at other words. ``placement`` keeps the sentence's
words and start of that moment (and the words judged, when a revision had changed them),
so that undo and restore put a span back only on the words judged. Versions kept before
this migration have none: services/annotation_history.py says how it treats them.

The column is added and dropped with SQLite's own ALTER TABLE (no batch copy needed).
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("annotation_revision", sa.Column("placement", sa.JSON(), nullable=True))


def downgrade():
    if op.get_bind().dialect.name == "sqlite":
        op.execute("ALTER TABLE annotation_revision DROP COLUMN placement")
    else:
        op.drop_column("annotation_revision", "placement")
