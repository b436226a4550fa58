"""Default rationales marked as such, and the inbox quoting what was said

Revision ID: 0015
Revises: 0012
Create Date: 2026-12-03 15:30:00

A one-click settlement used to store "All 1 reviewer(s) agreed: disputed." as if an editor
had written it, and reports printed it as the editor's reasoning. ``rationale_is_default``
tells the pages to prompt the editor for their own words and the reports to present the
text as what the reviewers found. Rows holding the old stock sentence are marked and their
text rewritten as a sentence for readers (the same opening a new default gets; the notes are
not quoted, as SQL cannot shorten Markdown safely). The column is added in place, on SQLite
too (ALTER TABLE ADD/DROP COLUMN), so the search triggers on the table stay.

``notification.quote`` keeps, shortened, the words a message is about (the comment, the
response's comment, the rationale), so the inbox shows what was said. Older messages quote
nothing: which comment they were about was never recorded.
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

OPENINGS = {
    "verified": "Our reviewers checked this claim and found it accurate.",
    "unverified": "Our reviewers could not confirm this claim.",
    "disputed": "Our reviewers found this claim disputed by the evidence.",
}
STOCK = "All % reviewer(s) agreed: %."


def upgrade():
    # Not batch mode: copying the table on SQLite would drop the search index's triggers on it.
    op.add_column(
        "resolution",
        sa.Column("rationale_is_default", sa.Boolean(), server_default=sa.false(), nullable=False),
    )
    op.add_column(
        "notification", sa.Column("quote", sa.Text(), server_default="", nullable=False)
    )
    bind = op.get_bind()
    for verdict, opening in OPENINGS.items():
        bind.execute(
            sa.text(
                "UPDATE resolution SET rationale = :opening, rationale_is_default = :yes "
                "WHERE verdict = :verdict AND rationale LIKE :stock"
            ),
            {"opening": opening, "yes": True, "verdict": verdict, "stock": STOCK},
        )


def downgrade():
    op.drop_column("notification", "quote")
    op.drop_column("resolution", "rationale_is_default")
