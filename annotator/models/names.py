"""The team's canonical names of bodies, people and places, with the aliases it accepts."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from annotator.models.base import Base, LabelledEnum, UTCDateTime, enum_column, utcnow


class NameKind(LabelledEnum):
    body = "body"
    person = "person"
    place = "place"


class CanonicalName(Base):
    __tablename__ = "canonical_name"
    __table_args__ = (sa.UniqueConstraint("team_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(sa.ForeignKey("team.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(sa.String(200))
    kind: Mapped[NameKind] = mapped_column(enum_column(NameKind, "name_kind"))
    #: Other accepted spellings, one per line ("INCB").
    aliases: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    @property
    def alias_list(self) -> list[str]:
        return [line.strip() for line in self.aliases.splitlines() if line.strip()]
