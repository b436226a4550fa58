"""Team publisher settings: who publishes a team's reports, and which team is the demo

Revision ID: 0014
Revises: 0012
Create Date: 2026-12-03 15:30:00

Four columns on ``team``, added in place (SQLite too: each has a server default):
``publisher_name``, ``site_url`` and ``logo_url`` (empty: the report names the team and links
nowhere else) and ``is_demo``. The team `flask seed` made under its default slug is marked as
the demo; `flask seed` marks the team it seeds from now on.
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0014"
down_revision = "0012"
branch_labels = None
depends_on = None

#: The default SEED_TEAM_SLUG: the team `make run` seeds with the demo articles.
DEMO_SLUG = "demo-newsroom"
#: The new columns, each with a server default: existing rows need no copy of the table.
COLUMNS = (
    ("is_demo", sa.Boolean(), sa.false()),
    ("publisher_name", sa.String(200), ""),
    ("site_url", sa.String(2000), ""),
    ("logo_url", sa.String(2000), ""),
)


def upgrade():
    for name, kind, default in COLUMNS:
        op.add_column("team", sa.Column(name, kind, nullable=False, server_default=default))
    team = sa.table("team", sa.column("slug", sa.String), sa.column("is_demo", sa.Boolean))
    op.execute(team.update().where(team.c.slug == DEMO_SLUG).values(is_demo=True))


def downgrade():
    for name, _, _ in reversed(COLUMNS):
        if op.get_bind().dialect.name == "sqlite":
            # SQLite drops a column in place (3.35+); batch mode would copy the table, which
            # every article and membership refers to.
            op.execute(f"ALTER TABLE team DROP COLUMN {name}")
        else:
            op.drop_column("team", name)
