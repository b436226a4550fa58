"""Declarative base, naming convention and column helpers shared by every model."""

import enum
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)


class LabelledEnum(enum.Enum):
    """An Enum whose members read as words on pages and in exports: "in_review" is "In review"."""

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


def utcnow() -> datetime:
    """Return the current time in UTC; used as a callable column default."""
    return datetime.now(UTC)


class UTCDateTime(sa.types.TypeDecorator):
    """A timestamp stored naive in UTC and always read back timezone-aware.

    SQLite has no time zones, so without this the same column would come back naive on
    SQLite and aware on PostgreSQL.
    """

    impl = sa.DateTime
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is not None and value.tzinfo is not None:
            value = value.astimezone(UTC).replace(tzinfo=None)
        return value

    def process_result_value(self, value, dialect):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value


def span_check() -> sa.CheckConstraint:
    """A span is both ends or none, and never empty: the same rule wherever one is kept."""
    return sa.CheckConstraint(
        "(span_start IS NULL AND span_end IS NULL) OR "
        "(span_start IS NOT NULL AND span_end IS NOT NULL AND span_start < span_end)",
        name="span",
    )


def enum_column(enum_class: type[enum.Enum], name: str) -> sa.Enum:
    """Store an Enum by its value in a VARCHAR with a CHECK constraint, on every engine."""
    return sa.Enum(
        enum_class,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=16,
        validate_strings=True,
        values_callable=lambda members: [member.value for member in members],
    )
