"""E-mail notifications: the notification row as outbox, mail preferences, following articles

Revision ID: 0019
Revises: 0015
Create Date: 2026-12-03 18:10:00

The notification table gains the state of the e-mail each row may be sent as (ADR 0020) and
a fifth kind, "published" (a followed article was published): its kind CHECK constraint is
replaced, which on SQLite copies the table (no search trigger sits on it). Existing rows get
no e-mail (mail_state NULL): news from before the upgrade is not mailed.
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None

OLD_KINDS = ("mention", "response", "assignment", "settled")
NEW_KINDS = (*OLD_KINDS, "published")
MAIL_STATES = ("pending", "sending", "sent", "failed", "cancelled")
CADENCES = ("immediately", "daily", "never")


def kind_type(kinds):
    return sa.Enum(*kinds, name="kind", native_enum=False, create_constraint=True, length=16)


def upgrade():
    with op.batch_alter_table("notification", schema=None) as batch_op:
        batch_op.alter_column(
            "kind", existing_type=kind_type(OLD_KINDS), type_=kind_type(NEW_KINDS),
            existing_nullable=False,
        )
        batch_op.add_column(sa.Column(
            "mail_state",
            sa.Enum(*MAIL_STATES, name="mail_state", native_enum=False, create_constraint=True,
                    length=16),
            nullable=True,
        ))
        batch_op.add_column(
            sa.Column("mail_digest", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch_op.add_column(sa.Column("mail_due_at", sa.DateTime(), nullable=True))
        batch_op.add_column(
            sa.Column("mail_attempts", sa.Integer(), server_default="0", nullable=False)
        )
        batch_op.add_column(sa.Column("mail_claim", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("mail_claimed_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("mail_sent_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("mail_error", sa.String(length=500), nullable=True))
        batch_op.create_index(
            "ix_notification_mail_due", ["mail_state", "mail_due_at"], unique=False
        )

    op.create_table(
        "mail_preference",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("kind", kind_type(NEW_KINDS), nullable=False),
        sa.Column(
            "cadence",
            sa.Enum(*CADENCES, name="cadence", native_enum=False, create_constraint=True,
                    length=16),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user.id"], name=op.f("fk_mail_preference_user_id_user"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_id", "kind", name=op.f("pk_mail_preference")),
    )
    op.create_table(
        "follow",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"], ["article.id"], name=op.f("fk_follow_article_id_article"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user.id"], name=op.f("fk_follow_user_id_user"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_follow")),
        sa.UniqueConstraint("user_id", "article_id", name=op.f("uq_follow_user_id_article_id")),
    )
    with op.batch_alter_table("follow", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_follow_article_id"), ["article_id"], unique=False)


def downgrade():
    with op.batch_alter_table("follow", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_follow_article_id"))
    op.drop_table("follow")
    op.drop_table("mail_preference")
    op.execute("DELETE FROM notification WHERE kind = 'published'")
    with op.batch_alter_table("notification", schema=None) as batch_op:
        batch_op.drop_index("ix_notification_mail_due")
        for column in ("mail_error", "mail_sent_at", "mail_claimed_at", "mail_claim",
                       "mail_attempts", "mail_due_at", "mail_digest"):
            batch_op.drop_column(column)
        batch_op.drop_constraint(op.f("ck_notification_mail_state"), type_="check")
        batch_op.drop_column("mail_state")
        batch_op.alter_column(
            "kind", existing_type=kind_type(NEW_KINDS), type_=kind_type(OLD_KINDS),
            existing_nullable=False,
        )
