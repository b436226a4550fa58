"""Articles, kept verbatim, and their sentences as offsets into the text."""

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from annotator.models.base import Base, LabelledEnum, UTCDateTime, enum_column, utcnow
from annotator.models.team import Team
from annotator.models.user import User


class ArticleState(LabelledEnum):
    """Where an article stands in the review workflow (transitions: services/workflow.py)."""

    draft = "draft"
    in_review = "in_review"
    settled = "settled"
    published = "published"


class Article(Base):
    __tablename__ = "article"
    __table_args__ = (
        sa.UniqueConstraint("team_id", "sha256"),
        sa.Index("uq_article_team_id_public_slug", "team_id", "public_slug", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(sa.ForeignKey("team.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(sa.String(300))
    #: The normalised text exactly as segmented; every offset in the database points into it.
    text: Mapped[str] = mapped_column(sa.Text)
    #: Hex sha256 of ``text`` encoded as UTF-8: re-importing the same text finds this row.
    sha256: Mapped[str] = mapped_column(sa.String(64))
    source_url: Mapped[str | None] = mapped_column(sa.String(2000))
    publisher: Mapped[str | None] = mapped_column(sa.String(200))
    published_on: Mapped[date | None]
    #: BCP 47 language tag of the text, e.g. "en".
    language: Mapped[str] = mapped_column(sa.String(35), default="en")
    version: Mapped[int] = mapped_column(default=1)
    #: When the current text became current: the import, then each revision.
    version_dated: Mapped[datetime | None] = mapped_column(UTCDateTime)
    imported_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    state: Mapped[ArticleState] = mapped_column(
        enum_column(ArticleState, "article_state"),
        default=ArticleState.draft,
        server_default=ArticleState.draft.value,
    )
    #: Independent review: reviewers see teammates' verdicts on a sentence only after
    #: giving their own, so that agreement figures measure independent judgements.
    blind_review: Mapped[bool] = mapped_column(default=True, server_default=sa.true())
    #: How many independent reviewers the editors ask for (NULL: no request).
    reviewers_wanted: Mapped[int | None]
    #: The last part of the public address, made from the title at the first publication and
    #: kept through reopening and republishing; unique within the team. NULL: never published.
    public_slug: Mapped[str | None] = mapped_column(sa.String(120))
    #: When the article was last published (kept when it is reopened: the public page says
    #: it was withdrawn).
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    team: Mapped[Team] = relationship()
    imported_by: Mapped[User | None] = relationship()
    sentences: Mapped[list["Sentence"]] = relationship(
        back_populates="article",
        order_by="Sentence.index",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )

    def __repr__(self) -> str:
        return f"<Article {self.id} {self.title!r}>"

    @property
    def version_date(self) -> datetime:
        """Return when the current text became current."""
        return self.version_dated or self.created_at


class Sentence(Base):
    __tablename__ = "sentence"
    __table_args__ = (
        sa.UniqueConstraint("article_id", "index"),
        sa.CheckConstraint('start >= 0 AND start < "end"', name="offsets"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(sa.ForeignKey("article.id", ondelete="CASCADE"))
    #: 0-based position in the article.
    index: Mapped[int]
    #: Code point offsets into ``Article.text``: the sentence is ``text[start:end]``.
    start: Mapped[int]
    end: Mapped[int]
    #: 0-based paragraph number; paragraphs are rendered as blocks.
    paragraph: Mapped[int]

    article: Mapped[Article] = relationship(back_populates="sentences")

    def text_in(self, article_text: str) -> str:
        """Return this sentence's words, cut from the article text it belongs to."""
        return article_text[self.start : self.end]


class ArticleVersion(Base):
    """An earlier text of an article, kept readable after an editor revised it."""

    __tablename__ = "article_version"
    __table_args__ = (sa.UniqueConstraint("article_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(sa.ForeignKey("article.id", ondelete="CASCADE"))
    #: The article's ``version`` while this text was current.
    number: Mapped[int]
    text: Mapped[str] = mapped_column(sa.Text)
    sha256: Mapped[str] = mapped_column(sa.String(64))
    #: The sentences of that text as [start, end, paragraph] code point offsets.
    sentences: Mapped[list] = mapped_column(sa.JSON, default=list)
    #: When this text became current (the import, or the revision that brought it).
    dated: Mapped[datetime] = mapped_column(UTCDateTime)
    #: When a revision replaced it, and by whom.
    replaced_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    replaced_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL")
    )

    article: Mapped[Article] = relationship()
    replaced_by: Mapped[User | None] = relationship()

    def sentence_texts(self) -> list[tuple[int, str]]:
        """Return (paragraph, words) of each sentence of this version, in order."""
        return [(paragraph, self.text[start:end]) for start, end, paragraph in self.sentences]
