"""API: teammates' responses, discussion threads, resolutions and assignments."""

from flask import jsonify

from annotator.api import actor, bodies, bp, present, queries
from annotator.api.annotations import SENTENCE, visible_annotation
from annotator.api.inputs import expected_version, read_body, read_query
from annotator.auth.permissions import Action
from annotator.errors import NotFound
from annotator.extensions import db
from annotator.models import User
from annotator.services import assignments, discussion, listing, settling
from annotator.services.access import get_article_for, get_sentence_for, require
from annotator.services.reviews import respond_to_annotation, responses_seen_by


@bp.get("/annotations/<int:annotation_id>/responses")
def list_responses(annotation_id: int):
    annotation = visible_annotation(annotation_id)
    responses = responses_seen_by(actor(), annotation)
    return jsonify({"items": [present.response(r) for r in responses]})


@bp.put("/annotations/<int:annotation_id>/response")
def respond(annotation_id: int):
    annotation = visible_annotation(annotation_id, Action.respond)
    body = read_body(bodies.RESPONSE_ENTRY)
    response = respond_to_annotation(actor(), annotation, body["stance"], body.get("comment", ""))
    db.session.commit()
    return jsonify(present.response(response))


@bp.get(f"{SENTENCE}/comments")
def list_comments(article_id: int, index: int):
    sentence = get_sentence_for(actor(), article_id, index)
    require(actor(), sentence.article.team_id, Action.read)
    return jsonify({"items": [present.thread(t) for t in discussion.threads_of(sentence)]})


@bp.post(f"{SENTENCE}/comments")
def post_comment(article_id: int, index: int):
    sentence = get_sentence_for(actor(), article_id, index, Action.comment)
    body = read_body(bodies.NEW_COMMENT)
    reply_to = body.get("reply_to")
    parent = discussion.find_comment(sentence, reply_to) if reply_to is not None else None
    comment = discussion.post_comment(actor(), sentence, body["body"], parent)
    db.session.commit()
    return jsonify(present.comment(comment)), 201


@bp.post(f"{SENTENCE}/comments/<int:comment_id>/resolve")
def resolve_thread(article_id: int, index: int, comment_id: int):
    sentence = get_sentence_for(actor(), article_id, index, Action.comment)
    thread = discussion.find_comment(sentence, comment_id)
    root = discussion.resolve_thread(actor(), sentence, thread)
    db.session.commit()
    return jsonify(present.thread(root))


@bp.get("/articles/<int:article_id>/resolutions")
def list_resolutions(article_id: int):
    article = get_article_for(actor(), article_id)
    resolutions = listing.resolutions_of(actor(), article)
    return jsonify({"items": [present.resolution(r) for r in resolutions]})


@bp.put(f"{SENTENCE}/resolution")
def settle(article_id: int, index: int):
    sentence = get_sentence_for(actor(), article_id, index, Action.settle)
    body = read_body(bodies.SETTLEMENT)
    version = expected_version(body.get("version"))
    details = settling.ClaimDetails(
        body.get("rating_id"),
        body.get("claimant_name"),
        body.get("claimant_kind"),
        body.get("claim_url"),
    )
    resolution = settling.settle_sentence(
        actor(), sentence, body["verdict"], body["rationale"], version, details
    )
    db.session.commit()
    return jsonify(present.resolution(resolution))


@bp.delete(f"{SENTENCE}/resolution")
def reopen(article_id: int, index: int):
    sentence = get_sentence_for(actor(), article_id, index, Action.settle)
    version = expected_version(read_query(queries.BASED_ON)["version"])
    resolution = settling.reopen_sentence(actor(), sentence, version)
    db.session.commit()
    if resolution is None:
        raise NotFound("This sentence was never settled.")
    return jsonify(present.resolution(resolution))


@bp.get("/articles/<int:article_id>/assignments")
def list_assignments(article_id: int):
    article = get_article_for(actor(), article_id)
    require(actor(), article.team_id, Action.read)
    return jsonify({"items": [present.assignment(a) for a in assignments.assignees_of(article)]})


@bp.put("/articles/<int:article_id>/assignments/<int:reviewer_id>")
def assign(article_id: int, reviewer_id: int):
    article = get_article_for(actor(), article_id)
    due_on = read_body(bodies.ASSIGNMENT_ENTRY).get("due_on")
    reviewer = db.session.get(User, reviewer_id)
    assignment = assignments.assign_article(actor(), article, reviewer, due_on)
    db.session.commit()
    return jsonify(present.assignment(assignment))


@bp.delete("/articles/<int:article_id>/assignments/<int:reviewer_id>")
def unassign(article_id: int, reviewer_id: int):
    article = get_article_for(actor(), article_id)
    assignments.unassign_article(actor(), article, reviewer_id)
    db.session.commit()
    return "", 204


@bp.post("/articles/<int:article_id>/assignments/take")
def take(article_id: int):
    article = get_article_for(actor(), article_id)
    assignment = assignments.take_article(actor(), article)
    db.session.commit()
    return jsonify(present.assignment(assignment)), 201
