"""The article page in parts, so a long article's first screen comes without its last sentences."""

from collections import defaultdict
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from annotator.extensions import db
from annotator.models import Annotation, Article, Sentence

#: Sentences per part: enough to fill several screens, few enough to render at once.
PART_SIZE = 200


@dataclass(frozen=True)
class Part:
    """One slice of an article's sentences, by position, and how many slices there are."""

    number: int
    count: int

    @property
    def first(self) -> int:
        return (self.number - 1) * PART_SIZE

    @property
    def last(self) -> int:
        """Index one past the part's last sentence."""
        return self.number * PART_SIZE


def part_of(total_sentences: int, number: int) -> Part:
    """Return the part with that number, clamped to the parts the article has."""
    count = max(1, -(-total_sentences // PART_SIZE))
    return Part(min(max(number, 1), count), count)


def sentences_in(article: Article, part: Part) -> list[Sentence]:
    """Return the part's sentences in order."""
    return list(
        db.session.scalars(
            sa.select(Sentence)
            .where(
                Sentence.article_id == article.id,
                Sentence.index >= part.first,
                Sentence.index < part.last,
            )
            .order_by(Sentence.index)
        )
    )


def sentences_at(article: Article, indexes: list[int]) -> list[Sentence]:
    """Return the article's sentences at these positions, in order."""
    return list(
        db.session.scalars(
            sa.select(Sentence)
            .where(Sentence.article_id == article.id, Sentence.index.in_(indexes))
            .order_by(Sentence.index)
        )
    )


def annotations_in(article: Article, part: Part) -> dict[int, list[Annotation]]:
    """Return the part's current annotations with a verdict, grouped by sentence id."""
    in_part = sa.select(Sentence.id).where(
        Sentence.article_id == article.id,
        Sentence.index >= part.first,
        Sentence.index < part.last,
    )
    return grouped_annotations(Annotation.sentence_id.in_(in_part))


def annotations_on(sentences: list[Sentence]) -> dict[int, list[Annotation]]:
    """Return the current annotations with a verdict on these sentences, by sentence id."""
    return grouped_annotations(Annotation.sentence_id.in_([s.id for s in sentences]))


def grouped_annotations(condition) -> dict[int, list[Annotation]]:
    """Return current annotations with a verdict matching the condition, by sentence id."""
    rows = db.session.scalars(
        sa.select(Annotation)
        .where(condition, Annotation.verdict.is_not(None))
        .options(selectinload(Annotation.sources), selectinload(Annotation.reviewer))
        .order_by(Annotation.updated_at)
    )
    grouped: dict[int, list[Annotation]] = defaultdict(list)
    for annotation in rows:
        grouped[annotation.sentence_id].append(annotation)
    return grouped
