"""Team rating scales, and who made a settled claim and where it appeared

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-03 18:10:00

``rating_entry`` holds each team's scale of textual ratings ("Misleading", "Accurate"), each
standing for one of the three verdicts, with an optional 1..5 schema.org ``ratingValue``.
Every existing team gets the default scale, and every settled resolution the first entry
of its team's scale for its verdict (the one a new settlement is offered), so exports keep
the numbers they had (verified 5, disputed 2, unverified none).

``resolution`` gains ``rating_id``, ``claimant_name``, ``claimant_kind`` and ``claim_url``,
added in place (on SQLite too: the search index's triggers on the table stay). Existing
resolutions name the article's publisher as the claimant, an organisation, and the
article's source address as where the claim appeared: what the ClaimReview said before.
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

#: The default scale, as services/rating_scale.py had it when this migration was written.
DEFAULT_SCALE = (
    ("Accurate", "The claim is correct and leaves out nothing that changes its meaning.",
     "verified", 5),
    ("Mostly accurate", "The claim is correct in substance but needs a clarification or "
     "missing context.", "verified", 4),
    ("Unproven", "The evidence available neither confirms nor refutes the claim.",
     "unverified", None),
    ("Misleading", "The claim holds some truth but leaves out or distorts facts, giving a "
     "false impression.", "disputed", 2),
    ("False", "The evidence shows the claim is wrong.", "disputed", 1),
)
COLUMNS = (
    ("claimant_name", sa.String(200), ""),
    ("claimant_kind", sa.String(16), "organization"),
    ("claim_url", sa.String(2000), ""),
)


def upgrade():
    op.create_table(
        "rating_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=60), nullable=False),
        sa.Column("description", sa.String(length=500), nullable=False),
        sa.Column(
            "verdict",
            sa.Enum(
                "verified",
                "unverified",
                "disputed",
                name="verdict",
                native_enum=False,
                create_constraint=True,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("value", sa.Integer(), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "value IS NULL OR (value >= 1 AND value <= 5)", name=op.f("ck_rating_entry_value")
        ),
        sa.ForeignKeyConstraint(
            ["team_id"], ["team.id"], name=op.f("fk_rating_entry_team_id_team"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rating_entry")),
    )
    op.create_index(op.f("ix_rating_entry_team_id"), "rating_entry", ["team_id"], unique=False)
    add_resolution_columns()
    fill_scales()


def add_resolution_columns():
    """Add the columns in place: batch mode would copy the table and lose its triggers."""
    if op.get_bind().dialect.name == "sqlite":
        op.execute("ALTER TABLE resolution ADD COLUMN rating_id INTEGER REFERENCES rating_entry (id)")
    else:
        op.add_column("resolution", sa.Column("rating_id", sa.Integer(), nullable=True))
        op.create_foreign_key(
            op.f("fk_resolution_rating_id_rating_entry"),
            "resolution",
            "rating_entry",
            ["rating_id"],
            ["id"],
        )
    for name, kind, default in COLUMNS:
        op.add_column("resolution", sa.Column(name, kind, nullable=False, server_default=default))
    if op.get_bind().dialect.name != "sqlite":
        # SQLite cannot add a CHECK constraint in place; the model's enum checks writes there.
        op.create_check_constraint(
            op.f("ck_resolution_claimant_kind"),
            "resolution",
            "claimant_kind IN ('person', 'organization')",
        )


def fill_scales():
    """Give every team the default scale, and every settled resolution its verdict's first
    entry, the article's publisher as claimant and its source as where the claim appeared."""
    bind = op.get_bind()
    teams = bind.execute(sa.text("SELECT id FROM team")).scalars().all()
    entry = sa.text(
        "INSERT INTO rating_entry (team_id, label, description, verdict, value, position) "
        "VALUES (:team, :label, :description, :verdict, :value, :position)"
    )
    for team in teams:
        for position, (label, description, verdict, value) in enumerate(DEFAULT_SCALE):
            bind.execute(entry, dict(team=team, label=label, description=description,
                                     verdict=verdict, value=value, position=position))
    first = (
        "(SELECT e.id FROM rating_entry e JOIN article a ON a.team_id = e.team_id "
        "WHERE a.id = resolution.article_id AND e.verdict = resolution.verdict "
        "ORDER BY e.position LIMIT 1)"
    )
    bind.execute(
        sa.text(
            f"UPDATE resolution SET rating_id = {first}, "
            "claimant_name = COALESCE((SELECT a.publisher FROM article a "
            "WHERE a.id = resolution.article_id), ''), "
            "claim_url = COALESCE((SELECT a.source_url FROM article a "
            "WHERE a.id = resolution.article_id), '') "
            "WHERE verdict IS NOT NULL AND article_id IS NOT NULL"
        )
    )


def downgrade():
    names = ["rating_id", *(name for name, _, _ in reversed(COLUMNS))]
    if op.get_bind().dialect.name == "sqlite":
        for name in names:
            op.execute(f"ALTER TABLE resolution DROP COLUMN {name}")
    else:
        op.drop_constraint(op.f("ck_resolution_claimant_kind"), "resolution", type_="check")
        op.drop_constraint(
            op.f("fk_resolution_rating_id_rating_entry"), "resolution", type_="foreignkey"
        )
        for name in names:
            op.drop_column("resolution", name)
    op.drop_index(op.f("ix_rating_entry_team_id"), table_name="rating_entry")
    op.drop_table("rating_entry")
