"""Canonical JSON export: the whole review of an article, versioned, importable elsewhere."""

import enum
import json
from collections.abc import Iterator
from datetime import date

from annotator.exports import article_record as record
from annotator.exports.readmodel import ArticleExport
from annotator.models import (
    Adoption,
    Annotation,
    AnnotationRevision,
    ArticleVersion,
    Assignment,
    Comment,
    Resolution,
    Response,
    Sentence,
    SentenceTriage,
    User,
)
from annotator.services.record_format import FORMAT, VERSION


def stamp(moment: date | None) -> str | None:
    """Return a full-precision ISO 8601 timestamp (or date), so an import restores it exactly.

    The API writes its times the same way (api/present.py).
    """
    return moment.isoformat() if moment else None


def value_of(member: enum.Enum | None) -> str | None:
    """Return an Enum member's value, or None (a verdict cleared, a sentence reopened)."""
    return member.value if member is not None else None


def dumps(value: object) -> str:
    """Return indented JSON, non-ASCII characters kept as they are."""
    return json.dumps(value, ensure_ascii=False, indent=2)


def render(export: ArticleExport) -> Iterator[str]:
    """Yield the article's whole record: the header, then each long list streamed."""
    article_id, visibility = export.article.id, export.visibility
    resolutions = record.resolutions(article_id, visibility)
    header = {
        "format": FORMAT,
        "version": VERSION,
        "generated_at": stamp(export.context.generated_at),
        "article": article_record(export),
        "people": [person_record(user) for user in record.people(export.article)],
        "versions": [version_record(version) for version in record.versions(article_id)],
        "sentences": [sentence_record(export, s) for s in export.sentences],
        "triage": [triage_record(index, row) for index, row in record.triage(article_id)],
        "assignments": [assignment_record(row) for row in record.assignments(article_id)],
        "resolutions": [resolution_record(i, r) for i, r in resolutions],
    }
    yield dumps(header)[:-2]
    annotations = record.annotations(article_id, visibility)
    yield from streamed_list("annotations", map(annotation_record, annotations))
    revisions = record.revisions(article_id, visibility)
    yield from streamed_list("revisions", map(revision_record, revisions))
    responses = record.responses(article_id, visibility)
    yield from streamed_list("responses", map(response_record, responses))
    yield from streamed_list("comments", (comment_record(*c) for c in record.comments(article_id)))
    yield "\n}\n"


def streamed_list(name: str, records: Iterator[dict]) -> Iterator[str]:
    """Yield one more member of the document, a list written one record at a time."""
    yield f',\n"{name}": ['
    for position, entry in enumerate(records):
        yield (",\n" if position else "\n") + dumps(entry)
    yield "\n]"


def article_record(export: ArticleExport) -> dict:
    """Return the article with its text, revision and workflow state."""
    article = export.article
    fields = {
        "id": article.id,
        "title": article.title,
        "text": article.text,
        "sha256": article.sha256,
        "source_url": article.source_url,
        "publisher": article.publisher,
        "published_on": stamp(article.published_on),
        "language": article.language,
        "version": article.version,
        "version_dated": stamp(article.version_dated),
        "created_at": stamp(article.created_at),
        "imported_by": article.imported_by_id,
    }
    fields.update(export.workflow())
    return fields


def person_record(user: User) -> dict:
    # The e-mail address is how an importing server recognises the same person.
    """Return a person as an importing server can recognise them."""
    return {"id": user.id, "name": user.name, "email": user.email}


def sentence_record(export: ArticleExport, sentence: Sentence) -> dict:
    """Return a sentence's offsets and, for readers, its words."""
    return sentence_fields(sentence, export.sentence_text(sentence))


def sentence_fields(sentence: Sentence, words: str) -> dict:
    """Return a sentence's offsets and words, as this record and the API both show them."""
    return {
        "index": sentence.index,
        "start": sentence.start,
        "end": sentence.end,
        "paragraph": sentence.paragraph,
        "text": words,
    }


def version_record(version: ArticleVersion) -> dict:
    """Return an earlier text of the article with its sentence offsets."""
    return {
        "number": version.number,
        "text": version.text,
        "sha256": version.sha256,
        "sentences": [list(offsets) for offsets in version.sentences],
        "dated": stamp(version.dated),
        "replaced_at": stamp(version.replaced_at),
        "replaced_by": version.replaced_by_id,
    }


def triage_record(index: int, triage: SentenceTriage) -> dict:
    """Return a sentence's check-worthiness score and any "not a claim" dismissal."""
    return {
        "sentence": index,
        "score": triage.score,
        "reasons": triage.reasons,
        "dismissed_at": stamp(triage.dismissed_at),
        "dismissed_by": triage.dismissed_by_id,
    }


def assignment_record(assignment: Assignment) -> dict:
    """Return who was asked to review the article, by whom, by when."""
    return {
        "reviewer": assignment.reviewer_id,
        "assigned_by": assignment.assigned_by_id,
        "due_on": stamp(assignment.due_on),
        "created_at": stamp(assignment.created_at),
    }


def resolution_record(index: int | None, resolution: Resolution) -> dict:
    """Return a final verdict (null when reopened) on a sentence (null when unplaced)."""
    return {
        "sentence": index,
        "verdict": value_of(resolution.verdict),
        "rationale": resolution.rationale,
        "settled_by": resolution.settled_by_id,
        "settled_at": stamp(resolution.settled_at),
        "version": resolution.version,
        "reviewed_text": resolution.reviewed_text,
        "reviewed_version": resolution.reviewed_version,
        "rating": rating_record(resolution),
        "claimant": {"name": resolution.claimant_name, "kind": resolution.claimant_kind.value},
        "claim_url": resolution.claim_url,
    }


def rating_record(resolution: Resolution) -> dict | None:
    """Return the team's textual rating of a final verdict: its label and number."""
    entry = resolution.rating
    return None if entry is None else {"label": entry.label, "value": entry.value}


def span_of(row: Annotation | AnnotationRevision) -> list[int] | None:
    return [row.span_start, row.span_end] if row.span_start is not None else None


def annotation_record(rows: list) -> dict:
    """Return one annotation (its rows, one per source) with where its verdict came from."""
    first = rows[0]
    annotation: Annotation = first.Annotation
    return {
        "id": annotation.id,
        "sentence": first.sentence_index,
        "reviewer": annotation.reviewer_id,
        "verdict": value_of(annotation.verdict),
        "note": annotation.note,
        "span": span_of(annotation),
        "span_quote": annotation.span_quote,
        "reviewed_text": annotation.reviewed_text,
        "reviewed_version": annotation.reviewed_version,
        "version": annotation.version,
        "created_at": stamp(annotation.created_at),
        "updated_at": stamp(annotation.updated_at),
        "sources": [source_fields(row) for row in rows if row.url is not None],
        "adopted_from": adoption_record(first.Adoption),
    }


def source_fields(source) -> dict:
    """Return a piece of evidence (a source or a row joined with one), as the API shows it too."""
    return {"url": source.url, "title": source.title, "quote": source.quote}


def adoption_record(adoption: Adoption | None) -> dict | None:
    """Return the settled sentence a verdict was taken from, as it read then."""
    if adoption is None:
        return None
    return {
        "index": adoption.origin_index,
        "title": adoption.origin_title,
        "text": adoption.origin_text,
        "adopted_at": stamp(adoption.adopted_at),
    }


def revision_record(revision: AnnotationRevision) -> dict:
    """Return an annotation as it was before one of its changes."""
    return {
        "annotation": revision.annotation_id,
        "version": revision.version,
        "verdict": value_of(revision.verdict),
        "note": revision.note,
        "span": span_of(revision),
        "sources": [
            {"url": s["url"], "title": s["title"], "quote": s["quote"]} for s in revision.sources
        ],
        "recorded_at": stamp(revision.recorded_at),
    }


def response_record(response: Response) -> dict:
    """Return a teammate's agreement or disagreement with an annotation."""
    return {
        "annotation": response.annotation_id,
        "responder": response.responder_id,
        "stance": response.stance.value,
        "comment": response.comment,
        "created_at": stamp(response.created_at),
        "updated_at": stamp(response.updated_at),
    }


def comment_record(index: int | None, comment: Comment) -> dict:
    """Return a comment of a sentence's discussion; replies name their thread's first."""
    return {
        "id": comment.id,
        "sentence": index,
        "parent": comment.parent_id,
        "author": comment.author_id,
        "body": comment.body,
        "reviewed_text": comment.reviewed_text,
        "created_at": stamp(comment.created_at),
        "resolved_at": stamp(comment.resolved_at),
        "resolved_by": comment.resolved_by_id,
    }
