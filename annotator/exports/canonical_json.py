"""Canonical JSON export: the whole review of an article, versioned, importable elsewhere."""

import json
from collections.abc import Iterator
from datetime import datetime

from annotator.exports.readmodel import AnnotationView, ArticleExport
from annotator.models import Resolution, Sentence, User

FORMAT = "annotator.article"
#: Bump when the shape changes; docs/json-export.schema.json documents each version.
VERSION = 1


def stamp(moment: datetime | None) -> str | None:
    """Return a full-precision ISO 8601 timestamp, so an import restores it exactly."""
    return moment.isoformat() if moment else None


def dumps(value: object) -> str:
    """Return indented JSON, non-ASCII characters kept as they are."""
    return json.dumps(value, ensure_ascii=False, indent=2)


def render(export: ArticleExport) -> Iterator[str]:
    """Yield the article, its people, sentences, annotations, resolutions and responses."""
    header = {
        "format": FORMAT,
        "version": VERSION,
        "generated_at": stamp(export.context.generated_at),
        "article": article_record(export),
        "people": [person_record(user) for user in sorted_people(export)],
        "sentences": [sentence_record(export, s) for s in export.sentences],
        "resolutions": resolution_records(export),
    }
    yield dumps(header)[:-2] + ',\n"annotations": [\n'
    indexes = {sentence.id: sentence.index for sentence in export.sentences}
    for position, annotation in enumerate(export.annotations(with_verdict_only=False)):
        yield (",\n" if position else "") + dumps(annotation_record(annotation, indexes))
    yield '\n],\n"responses": [\n'
    for position, response in enumerate(export.responses()):
        yield (",\n" if position else "") + dumps(response)
    yield "\n]}\n"


def sorted_people(export: ArticleExport) -> list[User]:
    """Return everyone involved, by id."""
    return sorted(export.reviewers.values(), key=lambda user: user.id)


def article_record(export: ArticleExport) -> dict:
    """Return the article with its text and workflow state."""
    article = export.article
    record = {
        "id": article.id,
        "title": article.title,
        "text": article.text,
        "sha256": article.sha256,
        "source_url": article.source_url,
        "publisher": article.publisher,
        "published_on": article.published_on.isoformat() if article.published_on else None,
        "language": article.language,
        "version": article.version,
        "created_at": stamp(article.created_at),
    }
    record.update(export.workflow())
    return record


def person_record(user: User) -> dict:
    # The e-mail address is how an importing server recognises the same person.
    """Return a person as an importing server can recognise them."""
    return {"id": user.id, "name": user.name, "email": user.email}


def sentence_record(export: ArticleExport, sentence: Sentence) -> dict:
    """Return a sentence's offsets and, for readers, its words."""
    return {
        "index": sentence.index,
        "start": sentence.start,
        "end": sentence.end,
        "paragraph": sentence.paragraph,
        "text": export.sentence_text(sentence),
    }


def resolution_records(export: ArticleExport) -> list[dict]:
    """Return the resolutions in reading order, reopened ones too."""
    by_id = {sentence.id: sentence.index for sentence in export.sentences}
    resolutions: list[Resolution] = sorted(
        export.resolutions.values(), key=lambda r: by_id[r.sentence_id]
    )
    return [
        {
            "sentence": by_id[r.sentence_id],
            "verdict": r.verdict.value if r.verdict else None,
            "rationale": r.rationale,
            "settled_by": r.settled_by_id,
            "settled_at": stamp(r.settled_at),
            "version": r.version,
        }
        for r in resolutions
    ]


def annotation_record(annotation: AnnotationView, indexes: dict[int, int]) -> dict:
    """Return one annotation with its sources."""
    return {
        "id": annotation.id,
        "sentence": indexes[annotation.sentence_id],
        "reviewer": annotation.reviewer_id,
        "verdict": annotation.verdict.value if annotation.verdict else None,
        "note": annotation.note,
        "span": [annotation.span_start, annotation.span_end] if annotation.has_span else None,
        "version": annotation.version,
        "created_at": stamp(annotation.created_at),
        "updated_at": stamp(annotation.updated_at),
        "sources": [{"url": s.url, "title": s.title, "quote": s.quote} for s in annotation.sources],
    }
