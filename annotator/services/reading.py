"""The article page in parts, so a long article's first screen comes without its last sentences."""

from collections import defaultdict
from dataclasses import dataclass

import sqlalchemy as sa

from annotator.extensions import db
from annotator.models import Annotation, Article, Sentence
from annotator.services.visibility import ReviewVisibility

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


#: What the article page draws of a sentence.
SENTENCE_COLUMNS = (Sentence.id, Sentence.index, Sentence.start, Sentence.end, Sentence.paragraph)

#: What the article page draws of an annotation: its flag and its span, not its note.
FLAG_COLUMNS = (
    Annotation.sentence_id,
    Annotation.reviewer_id,
    Annotation.verdict,
    Annotation.span_start,
    Annotation.span_end,
    Annotation.reviewed_text,
)


def sentence_rows(article: Article) -> list[sa.Row]:
    """Return every sentence of the article in order, as plain rows of SENTENCE_COLUMNS."""
    return list(
        db.session.execute(
            sa.select(*SENTENCE_COLUMNS)
            .where(Sentence.article_id == article.id)
            .order_by(Sentence.index)
        )
    )


def sentences_in(article: Article, part: Part) -> list[sa.Row]:
    """Return the part's sentences in order."""
    return list(
        db.session.execute(
            sa.select(*SENTENCE_COLUMNS)
            .where(
                Sentence.article_id == article.id,
                Sentence.index >= part.first,
                Sentence.index < part.last,
            )
            .order_by(Sentence.index)
        )
    )


def sentences_at(article: Article, indexes: list[int]) -> list[sa.Row]:
    """Return the article's sentences at these positions, in order."""
    return list(
        db.session.execute(
            sa.select(*SENTENCE_COLUMNS)
            .where(Sentence.article_id == article.id, Sentence.index.in_(indexes))
            .order_by(Sentence.index)
        )
    )


def count_sentences(article: Article) -> int:
    """Return how many sentences the article has."""
    query = sa.select(sa.func.count()).where(Sentence.article_id == article.id)
    return db.session.scalar(query) or 0


def flags_in(article: Article, part: Part, visibility: ReviewVisibility) -> dict[int, list[sa.Row]]:
    """Return the part's current flags (annotations with a verdict) the visibility shows,
    grouped by sentence id."""
    in_part = sa.select(Sentence.id).where(
        Sentence.article_id == article.id,
        Sentence.index >= part.first,
        Sentence.index < part.last,
    )
    return grouped_flags(Annotation.sentence_id.in_(in_part), visibility)


def flags_on(sentences: list, visibility: ReviewVisibility) -> dict[int, list[sa.Row]]:
    """Return the current flags on these sentences the visibility shows, by sentence id."""
    return grouped_flags(Annotation.sentence_id.in_([s.id for s in sentences]), visibility)


def grouped_flags(condition, visibility: ReviewVisibility) -> dict[int, list[sa.Row]]:
    """Return current flags matching the condition as plain rows, oldest change first, by
    sentence id: the page draws thousands, and entities cost far more than rows (ADR 8)."""
    query = sa.select(*FLAG_COLUMNS).where(condition, Annotation.verdict.is_not(None))
    query = visibility.keep_visible(query, Annotation.reviewer_id, Annotation.sentence_id)
    rows = db.session.execute(query.order_by(Annotation.updated_at))
    grouped: dict[int, list[sa.Row]] = defaultdict(list)
    for row in rows:
        grouped[row.sentence_id].append(row)
    return grouped
