"""Accounts belong to their owners: invitations, instance administrators, last login

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 10:00:00

A team admin may set a password only for an account that never logged in. Logins were not
recorded before, so every account that already has a password counts as having logged in
(``last_login_at`` takes its creation time); demo accounts without a password stay fresh.
The oldest account that can log in and administers a team (the one /setup created) becomes
the first instance administrator; ``flask user instance-admin`` names others.

The columns are added and dropped with SQLite's own ALTER TABLE: batch mode would copy the
user table and dropping the old one would cascade to every membership and token.
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

USER_COLUMNS = ("is_instance_admin", "last_login_at")


def upgrade():
    op.add_column(
        "user",
        sa.Column("is_instance_admin", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    op.add_column("user", sa.Column("last_login_at", sa.DateTime(), nullable=True))
    op.create_table(
        "invitation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column(
            "role",
            sa.Enum(
                "viewer",
                "reviewer",
                "editor",
                "admin",
                name="role",
                native_enum=False,
                create_constraint=True,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("invited_by_id", sa.Integer(), nullable=True),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column(
            "state",
            sa.Enum(
                "pending",
                "accepted",
                "declined",
                "revoked",
                name="invitation_state",
                native_enum=False,
                create_constraint=True,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["invited_by_id"],
            ["user.id"],
            name=op.f("fk_invitation_invited_by_id_user"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["team_id"], ["team.id"], name=op.f("fk_invitation_team_id_team"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invitation")),
        sa.UniqueConstraint("code_hash", name=op.f("uq_invitation_code_hash")),
    )
    op.create_index(op.f("ix_invitation_email"), "invitation", ["email"], unique=False)
    op.create_index(op.f("ix_invitation_team_id"), "invitation", ["team_id"], unique=False)
    fill_in_existing_accounts()


def fill_in_existing_accounts():
    user = sa.table(
        "user",
        sa.column("id", sa.Integer),
        sa.column("password_hash", sa.String),
        sa.column("created_at", sa.DateTime),
        sa.column("last_login_at", sa.DateTime),
        sa.column("is_instance_admin", sa.Boolean),
    )
    membership = sa.table("membership", sa.column("user_id", sa.Integer), sa.column("role"))
    op.execute(
        user.update()
        .where(user.c.password_hash.is_not(None))
        .values(last_login_at=user.c.created_at)
    )
    first_admin = (
        sa.select(sa.func.min(user.c.id))
        .join(membership, membership.c.user_id == user.c.id)
        .where(membership.c.role == "admin", user.c.password_hash.is_not(None))
        .scalar_subquery()
    )
    op.execute(user.update().where(user.c.id == first_admin).values(is_instance_admin=True))


def downgrade():
    op.drop_index(op.f("ix_invitation_team_id"), table_name="invitation")
    op.drop_index(op.f("ix_invitation_email"), table_name="invitation")
    op.drop_table("invitation")
    for column in USER_COLUMNS:
        if op.get_bind().dialect.name == "sqlite":
            op.execute(f'ALTER TABLE "user" DROP COLUMN {column}')
        else:
            op.drop_column("user", column)
