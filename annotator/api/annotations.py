"""API: a reviewer's annotation of a sentence (set, change, clear), lists and history."""

from datetime import datetime

from flask import jsonify

from annotator.api import actor, bp, present
from annotator.api.inputs import Body, MalformedRequest, expected_version, query_value
from annotator.api.paging import page_request, page_response
from annotator.auth.permissions import Action
from annotator.errors import NotFound, StaleVersion
from annotator.extensions import db
from annotator.locking import locks_late
from annotator.models import Annotation, Verdict
from annotator.services import listing
from annotator.services.access import get_annotation_for, get_article_for, get_sentence_for
from annotator.services.annotations import (
    AnnotationEntry,
    SourceEntry,
    annotate_sentence,
    clear_verdict,
    find_annotation,
)
from annotator.services.visibility import visibility_for

SENTENCE = "/articles/<int:article_id>/sentences/<int:index>"


@bp.errorhandler(StaleVersion)
def stale_version(error: StaleVersion):
    """Answer 409 with the record as it is now, so the client can merge and retry."""
    current = error.current
    shown = None
    if isinstance(current, Annotation):
        shown = present.annotation(current)
    elif current is not None:
        shown = present.resolution(current)
    db.session.rollback()
    body = {"code": "stale_version", "message": error.message, "fields": {}, "current": shown}
    return jsonify({"error": body}), 409


def visible_annotation(annotation_id: int, action: Action = Action.read) -> Annotation:
    """Load an annotation the caller may see now: blind review hides teammates' for a while.

    The role is checked for the action first: a viewer's write is refused (403) whatever
    blind review would show them.
    """
    annotation = get_annotation_for(actor(), annotation_id, action)
    visibility = visibility_for(actor(), annotation.article)
    if not visibility.shows(annotation.reviewer_id, annotation.sentence_id):
        raise NotFound("No such annotation (or hidden until you give your own verdict).")
    return annotation


def with_etag(record: dict, status: int = 200):
    response = jsonify(record)
    response.headers["ETag"] = f'"{record["version"]}"'
    return response, status


@bp.get("/articles/<int:article_id>/annotations")
def list_annotations(article_id: int):
    article = get_article_for(actor(), article_id)
    chosen = listing.AnnotationFilter(
        verdict=query_value("verdict", Verdict),
        reviewer_id=query_value("reviewer", int),
        since=query_value("since", datetime),
        until=query_value("until", datetime),
    )
    after, limit = page_request()
    page = listing.list_annotations(actor(), article, chosen, after, limit)
    return page_response(page, present.annotation)


@bp.get(f"{SENTENCE}/annotation")
def show_my_annotation(article_id: int, index: int):
    sentence = get_sentence_for(actor(), article_id, index, Action.read)
    annotation = find_annotation(sentence, actor())
    if annotation is None:
        raise NotFound("You have not annotated this sentence.")
    return with_etag(present.annotation(annotation))


@bp.put(f"{SENTENCE}/annotation")
@locks_late
def set_annotation(article_id: int, index: int):
    sentence = get_sentence_for(actor(), article_id, index, Action.annotate, with_text=False)
    body = Body({"verdict", "note", "span", "sources", "version"})
    entry = AnnotationEntry(
        verdict=body.take("verdict", Verdict, required=True),
        note=body.take("note", str, default=""),
        span=read_span(body.take("span", dict, nullable=True)),
        sources=read_sources(body.take("sources", list, default=[])),
    )
    version = body.take("version", int, nullable=True)
    body.done()
    annotation = annotate_sentence(actor(), sentence, entry, expected_version(version))
    shown = present.annotation(annotation)  # before the commit expires what it reads
    db.session.commit()
    return with_etag(shown)


@bp.delete(f"{SENTENCE}/annotation")
@locks_late
def clear_annotation(article_id: int, index: int):
    sentence = get_sentence_for(actor(), article_id, index, Action.annotate)
    version = query_value("version", int)
    annotation = clear_verdict(actor(), sentence, expected_version(version))
    db.session.commit()
    if annotation is None:
        raise NotFound("You have not annotated this sentence.")
    return with_etag(present.annotation(annotation))


def read_span(raw: dict | None) -> tuple[int, int] | None:
    """Return the span's article offsets, or raise 400 when it is not {start, end} integers."""
    if raw is None:
        return None
    start, end = raw.get("start"), raw.get("end")
    numbers = all(isinstance(n, int) and not isinstance(n, bool) for n in (start, end))
    if set(raw) != {"start", "end"} or not numbers:
        raise MalformedRequest({"span": 'Expected {"start": integer, "end": integer}.'})
    return start, end


def read_sources(raw: list) -> list[SourceEntry]:
    """Return the sources, or raise 400 naming the first that is not {url, title?, quote?}."""
    sources = []
    for number, item in enumerate(raw):
        shape_ok = isinstance(item, dict) and set(item) <= {"url", "title", "quote"}
        if not shape_ok or not all(isinstance(v, str) for v in item.values()) or "url" not in item:
            raise MalformedRequest({f"sources-{number}": "Expected {url, title?, quote} strings."})
        sources.append(SourceEntry(item["url"], item.get("title", ""), item.get("quote", "")))
    return sources


@bp.get("/annotations/<int:annotation_id>")
def show_annotation(annotation_id: int):
    return with_etag(present.annotation(visible_annotation(annotation_id)))


@bp.get("/annotations/<int:annotation_id>/history")
def annotation_history(annotation_id: int):
    annotation = visible_annotation(annotation_id)
    return jsonify(
        {
            "current": present.annotation(annotation),
            "revisions": [present.revision(r) for r in reversed(annotation.revisions)],
        }
    )
