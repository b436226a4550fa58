"""Where review work sits: on a sentence, or in its article's Unplaced list after a revision.

Annotations, comments, final verdicts and reviewers' drafts all follow their sentence
through revisions of the article (services/revisions.py), so they share these columns. Each
model adds its own index or uniqueness on ``sentence_id``: one annotation per reviewer, one
resolution per sentence, one draft per reviewer.
"""

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship

from annotator.models.article import Article, Sentence


class Placement:
    """Columns that place a record on a sentence of an article, or leave it unplaced."""

    #: NULL while unplaced: a revision of the article lost the sentence.
    sentence_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("sentence.id", ondelete="CASCADE")
    )
    #: Copied from the sentence so that team-scoped and article-wide reads need no join
    #: through it; NULL while unplaced, so that those reads skip it.
    article_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("article.id", ondelete="CASCADE"), index=True
    )
    #: The article whose "Unplaced" list holds this record (NULL while placed).
    unplaced_article_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("article.id", ondelete="CASCADE"), index=True
    )
    #: The sentence's words as they were judged, kept when a revision changed or lost the
    #: sentence ("changed since review"); NULL while the words are the same.
    reviewed_text: Mapped[str | None] = mapped_column(sa.Text)

    @declared_attr
    def sentence(cls) -> Mapped[Sentence | None]:
        return relationship()

    @declared_attr
    def article(cls) -> Mapped[Article | None]:
        # Two foreign keys lead to article: this relationship follows the placed one (named
        # late, once the model has its own copy of the column).
        return relationship(foreign_keys=lambda: [cls.article_id])


class VersionedPlacement(Placement):
    """A placement that also records which version of the article its reviewed words are from."""

    #: The article version ``reviewed_text`` comes from.
    reviewed_version: Mapped[int | None]
