"""The team's final verdict on a sentence, settled by an editor."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from annotator.models.annotation import Verdict
from annotator.models.article import Article, Sentence
from annotator.models.base import Base, UTCDateTime, enum_column, utcnow
from annotator.models.user import User


class Resolution(Base):
    """One per sentence once an editor has settled it; reopening clears the verdict."""

    __tablename__ = "resolution"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: NULL, like ``article_id``, while a revision of the article has lost the sentence.
    sentence_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("sentence.id", ondelete="CASCADE"), unique=True
    )
    #: Copied from the sentence so that article-wide reads need no join through it.
    article_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("article.id", ondelete="CASCADE"), index=True
    )
    #: The article whose "Unplaced" list holds this resolution (NULL while placed).
    unplaced_article_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("article.id", ondelete="CASCADE"), index=True
    )
    #: The sentence's words when it was settled, kept when a revision changed or lost them.
    reviewed_text: Mapped[str | None] = mapped_column(sa.Text)
    reviewed_version: Mapped[int | None]
    #: The final verdict; NULL while the sentence is reopened.
    verdict: Mapped[Verdict | None] = mapped_column(enum_column(Verdict, "verdict"))
    #: Why the editor settled it so: shown in reports beside the reviewers' verdicts.
    rationale: Mapped[str] = mapped_column(sa.Text, default="")
    settled_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id"))
    settled_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: Incremented on every settle or reopen; a stale write is refused.
    version: Mapped[int] = mapped_column(default=1)

    sentence: Mapped[Sentence | None] = relationship()
    article: Mapped[Article | None] = relationship(foreign_keys=[article_id])
    settled_by: Mapped[User | None] = relationship()
