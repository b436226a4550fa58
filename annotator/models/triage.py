"""Check-worthiness of sentences: the triage score, its reasons, and "not a claim" dismissals."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from annotator.models.article import Sentence
from annotator.models.base import Base, UTCDateTime
from annotator.models.user import User


class SentenceTriage(Base):
    """One per sentence: scored the first time the triage list (or a dismissal) needs it."""

    __tablename__ = "sentence_triage"

    sentence_id: Mapped[int] = mapped_column(
        sa.ForeignKey("sentence.id", ondelete="CASCADE"), primary_key=True
    )
    #: Copied from the sentence so that the triage list of an article needs no join.
    article_id: Mapped[int] = mapped_column(
        sa.ForeignKey("article.id", ondelete="CASCADE"), index=True
    )
    #: 0 to 100: how much the sentence states checkable facts (annotator/text/checkworthiness).
    score: Mapped[int]
    #: The reasons found, strongest first, separated by spaces ("figure date name").
    reasons: Mapped[str] = mapped_column(sa.String(200), default="")
    #: Set when a reviewer judged the sentence "not a claim"; NULL again after an undo.
    dismissed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    dismissed_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL")
    )

    sentence: Mapped[Sentence] = relationship()
    dismissed_by: Mapped[User | None] = relationship()

    @property
    def reason_list(self) -> list[str]:
        return self.reasons.split()

    @property
    def dismissed(self) -> bool:
        return self.dismissed_at is not None
