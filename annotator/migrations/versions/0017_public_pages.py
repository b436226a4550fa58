"""Public fact-check pages: a team's opt-in, and each published article's public address

Revision ID: 0017
Revises: 0015
Create Date: 2026-12-03 18:00:00

``team.public_pages`` (off by default) opens the team's published articles to anyone at
``/p/<team slug>/<article slug>``; ``team.public_reviewer_names`` (off) names the reviewers
there; ``team.public_changed_at`` dates the last change of either, for the pages' caching
headers. ``article.public_slug`` is made from the title at the first publication and kept
(unique within the team: a partial address never moves to another article), and
``article.published_at`` dates the latest publication. Every column is added in place (SQLite
too): copying ``article`` would drop the search index's triggers on it.
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

TEAM_COLUMNS = (
    sa.Column("public_pages", sa.Boolean(), nullable=False, server_default=sa.false()),
    sa.Column("public_reviewer_names", sa.Boolean(), nullable=False, server_default=sa.false()),
    sa.Column("public_changed_at", sa.DateTime(), nullable=True),
)
ARTICLE_COLUMNS = (
    sa.Column("public_slug", sa.String(120), nullable=True),
    sa.Column("published_at", sa.DateTime(), nullable=True),
)
INDEX = "uq_article_team_id_public_slug"


def upgrade():
    for column in TEAM_COLUMNS:
        op.add_column("team", column)
    for column in ARTICLE_COLUMNS:
        op.add_column("article", column)
    op.create_index(INDEX, "article", ["team_id", "public_slug"], unique=True)


def downgrade():
    op.drop_index(INDEX, table_name="article")
    for table, columns in (("article", ARTICLE_COLUMNS), ("team", TEAM_COLUMNS)):
        for column in reversed(columns):
            if op.get_bind().dialect.name == "sqlite":
                # In place (SQLite 3.35+): batch mode would copy the table and lose its triggers.
                op.execute(f"ALTER TABLE {table} DROP COLUMN {column.name}")
            else:
                op.drop_column(table, column.name)
