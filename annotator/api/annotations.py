"""API: a reviewer's annotation of a sentence (set, change, clear, undo, restore), lists and
history."""

from flask import jsonify

from annotator.api import actor, bodies, bp, present, queries
from annotator.api.inputs import expected_version, read_body, read_query
from annotator.api.paging import page_request, page_response
from annotator.auth.permissions import Action
from annotator.errors import MalformedRequest, NotFound, StaleVersion
from annotator.extensions import db
from annotator.models import Annotation
from annotator.services import listing
from annotator.services.access import get_annotation_for, get_article_for, get_sentence_for
from annotator.services.annotation_history import restore_version, undo_change
from annotator.services.annotations import (
    AnnotationEntry,
    SourceEntry,
    clear_verdict,
    find_annotation,
    save_annotation,
)
from annotator.services.visibility import visibility_for
from annotator.web.transactions import locks_late

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
    query = read_query(queries.ANNOTATION_FILTERS)
    chosen = listing.AnnotationFilter(
        verdict=query["verdict"],
        reviewer_id=query["reviewer"],
        since=query["since"],
        until=query["until"],
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
    body = read_body(bodies.ANNOTATION_ENTRY)
    span = body.get("span")
    entry = AnnotationEntry(
        verdict=body["verdict"],
        note=body.get("note", ""),
        span=(span["start"], span["end"]) if span is not None else None,
        sources=[
            SourceEntry(source["url"], source.get("title", ""), source.get("quote", ""))
            for source in body.get("sources", [])
        ],
    )
    version = expected_version(body.get("version"))
    saved = save_annotation(actor(), sentence, entry, version)
    db.session.commit()
    return with_etag(present.annotation_row(saved))


@bp.delete(f"{SENTENCE}/annotation")
@locks_late
def clear_annotation(article_id: int, index: int):
    sentence = get_sentence_for(actor(), article_id, index, Action.annotate)
    version = read_query(queries.BASED_ON)["version"]
    annotation = clear_verdict(actor(), sentence, expected_version(version))
    db.session.commit()
    if annotation is None:
        raise NotFound("You have not annotated this sentence.")
    return with_etag(present.annotation(annotation))


@bp.post(f"{SENTENCE}/annotation/undo")
@locks_late
def undo_annotation_change(article_id: int, index: int):
    sentence = get_sentence_for(actor(), article_id, index, Action.annotate)
    version = expected_version(read_body(bodies.UNDO).get("version"))
    if version is None:
        raise MalformedRequest({"version": "Send the version your change made (or If-Match)."})
    annotation = undo_change(actor(), sentence, version)
    shown = present.annotation(annotation)
    db.session.commit()
    return with_etag(shown)


@bp.post(f"{SENTENCE}/annotation/versions/<int:number>/restore")
@locks_late
def restore_annotation_version(article_id: int, index: int, number: int):
    sentence = get_sentence_for(actor(), article_id, index, Action.annotate)
    version = expected_version(read_body(bodies.RESTORE).get("version"))
    annotation = restore_version(actor(), sentence, number, version)
    shown = present.annotation(annotation)
    db.session.commit()
    return with_etag(shown)


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
