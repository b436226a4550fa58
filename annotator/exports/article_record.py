"""Reads of an article's whole record for the canonical JSON: history, discussion, versions.

Each list comes in an order that only depends on what is exported (sentence positions,
timestamps) and, for ties, on row ids in insertion order, so that an import, which inserts
in file order, exports the same lists in the same order. Long lists stream. Judgements
(annotations, their revisions, responses, final verdicts) pass the export's visibility;
discussion comments are not judgements and are read whole.
"""

from collections.abc import Iterator
from itertools import groupby

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from annotator.exports.readmodel import STREAM_BATCH
from annotator.extensions import db
from annotator.models import (
    Adoption,
    Annotation,
    AnnotationRevision,
    Article,
    ArticleVersion,
    Assignment,
    Comment,
    Resolution,
    Response,
    Sentence,
    SentenceTriage,
    Source,
    User,
)
from annotator.services.visibility import ReviewVisibility


def belongs_to(model, article_id: int) -> sa.ColumnElement[bool]:
    """Select a model's rows of the article, placed on a sentence or unplaced."""
    return sa.or_(model.article_id == article_id, model.unplaced_article_id == article_id)


def placed_first() -> list:
    """Order placed records by sentence position, unplaced ones after them."""
    return [Sentence.index.is_(None), Sentence.index]


def annotation_order() -> list:
    return [*placed_first(), Annotation.created_at, Annotation.id]


def annotations_of(article_id: int) -> sa.Select:
    """Select the article's annotations (unplaced too) joined to their sentence."""
    return (
        sa.select(Annotation.id)
        .outerjoin(Sentence, Sentence.id == Annotation.sentence_id)
        .where(belongs_to(Annotation, article_id))
    )


def people(article: Article) -> list[User]:
    """Return everyone who did something recorded on the article, by e-mail address."""
    annotations = annotations_of(article.id)
    ids = sa.union(
        sa.select(Annotation.reviewer_id).where(belongs_to(Annotation, article.id)),
        sa.select(Resolution.settled_by_id).where(belongs_to(Resolution, article.id)),
        sa.select(Response.responder_id).where(Response.annotation_id.in_(annotations)),
        sa.select(Comment.author_id).where(belongs_to(Comment, article.id)),
        sa.select(Comment.resolved_by_id).where(belongs_to(Comment, article.id)),
        sa.select(Assignment.reviewer_id).where(Assignment.article_id == article.id),
        sa.select(Assignment.assigned_by_id).where(Assignment.article_id == article.id),
        sa.select(SentenceTriage.dismissed_by_id).where(SentenceTriage.article_id == article.id),
        sa.select(ArticleVersion.replaced_by_id).where(ArticleVersion.article_id == article.id),
        sa.select(Article.imported_by_id).where(Article.id == article.id),
    )
    return list(db.session.scalars(sa.select(User).where(User.id.in_(ids)).order_by(User.email)))


def versions(article_id: int) -> list[ArticleVersion]:
    """Return the article's earlier texts, oldest first."""
    return list(
        db.session.scalars(
            sa.select(ArticleVersion)
            .where(ArticleVersion.article_id == article_id)
            .order_by(ArticleVersion.number)
        )
    )


def triage(article_id: int) -> list[tuple[int, SentenceTriage]]:
    """Return (sentence index, triage) of the article's scored sentences, in reading order."""
    rows = db.session.execute(
        sa.select(Sentence.index, SentenceTriage)
        .join(Sentence, Sentence.id == SentenceTriage.sentence_id)
        .where(SentenceTriage.article_id == article_id)
        .order_by(Sentence.index)
    )
    return [(row[0], row[1]) for row in rows]


def assignments(article_id: int) -> list[Assignment]:
    """Return who was asked to review the article, in the order they were."""
    return list(
        db.session.scalars(
            sa.select(Assignment)
            .where(Assignment.article_id == article_id)
            .order_by(Assignment.created_at, Assignment.id)
        )
    )


def resolutions(
    article_id: int, visibility: ReviewVisibility
) -> list[tuple[int | None, Resolution]]:
    """Return (sentence index or None when unplaced, resolution), reopened ones too."""
    query = (
        sa.select(Sentence.index, Resolution)
        .outerjoin(Sentence, Sentence.id == Resolution.sentence_id)
        .where(belongs_to(Resolution, article_id))
        .order_by(*placed_first(), Resolution.settled_at, Resolution.id)
        .options(selectinload(Resolution.rating))
    )
    rows = db.session.execute(visibility.keep_visible(query, None, Resolution.sentence_id))
    return [(row[0], row[1]) for row in rows]


def visible_annotations(query: sa.Select, visibility: ReviewVisibility) -> sa.Select:
    """Return the query of rows joined to their annotation, without those kept back."""
    return visibility.keep_visible(query, Annotation.reviewer_id, Annotation.sentence_id)


def annotations(article_id: int, visibility: ReviewVisibility) -> Iterator[list[sa.Row]]:
    """Yield each annotation (unplaced last) as its rows, one per source, streamed."""
    query = (
        sa.select(
            Annotation,
            Sentence.index.label("sentence_index"),
            Source.url,
            Source.title,
            Source.quote,
            Adoption,
        )
        .outerjoin(Sentence, Sentence.id == Annotation.sentence_id)
        .outerjoin(Source, Source.annotation_id == Annotation.id)
        .outerjoin(Adoption, Adoption.annotation_id == Annotation.id)
        .where(belongs_to(Annotation, article_id))
        .order_by(*annotation_order(), Source.position)
        .execution_options(yield_per=STREAM_BATCH)
    )
    query = visible_annotations(query, visibility)
    for _, group in groupby(db.session.execute(query), key=lambda row: row.Annotation.id):
        yield list(group)


def of_annotations(
    model: type[AnnotationRevision | Response], article_id: int, *then: sa.ColumnElement
) -> sa.Select:
    """Select the rows kept about the article's annotations, in the annotations' order, streamed."""
    return (
        sa.select(model)
        .join(Annotation, Annotation.id == model.annotation_id)
        .outerjoin(Sentence, Sentence.id == Annotation.sentence_id)
        .where(belongs_to(Annotation, article_id))
        .order_by(*annotation_order(), *then)
        .execution_options(yield_per=STREAM_BATCH)
    )


def revisions(article_id: int, visibility: ReviewVisibility) -> Iterator[AnnotationRevision]:
    """Yield every earlier version of the article's annotations, oldest first, streamed."""
    query = of_annotations(AnnotationRevision, article_id, AnnotationRevision.version)
    yield from db.session.scalars(visible_annotations(query, visibility))


def responses(article_id: int, visibility: ReviewVisibility) -> Iterator[Response]:
    """Yield teammates' responses, those to unplaced annotations too, streamed."""
    query = of_annotations(Response, article_id, Response.created_at, Response.id)
    yield from db.session.scalars(visibility.keep_visible(query, None, Annotation.sentence_id))


def comments(article_id: int) -> Iterator[tuple[int | None, Comment]]:
    """Yield (sentence index or None, comment): threads in reading order, streamed."""
    query = (
        sa.select(Sentence.index, Comment)
        .outerjoin(Sentence, Sentence.id == Comment.sentence_id)
        .where(belongs_to(Comment, article_id))
        .order_by(*placed_first(), Comment.created_at, Comment.id)
        .execution_options(yield_per=STREAM_BATCH)
    )
    for row in db.session.execute(query):
        yield row[0], row[1]
