"""API: articles of a team: list with filters, import, read with sentences, workflow, settings."""

import json
from collections.abc import Iterator

from flask import Response, current_app, jsonify, url_for

from annotator.api import actor, bodies, bp, present, queries
from annotator.api.inputs import read_body, read_query
from annotator.api.paging import page_request, page_response
from annotator.api.teams import load_team
from annotator.auth.permissions import Action
from annotator.extensions import db
from annotator.services import agreement, assignments, listing, revisions, workflow
from annotator.services.access import get_article_for, require
from annotator.services.articles import ArticleDraft, import_article
from annotator.services.visibility import visibility_for
from annotator.services.whole_article import whole_article as read_whole_article

NDJSON = "application/x-ndjson"
#: Compact JSON with the text's own characters (three times shorter for Hindi than \uXXXX).
LINE_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))
CHUNK_CHARACTERS = 64 * 1024


@bp.get("/teams/<slug>/articles")
def list_articles(slug: str):
    team = load_team(slug)
    query = read_query(queries.ARTICLE_FILTERS)
    chosen = listing.ArticleFilter(
        state=query["state"],
        since=query["since"],
        until=query["until"],
        reviewer_id=query["reviewer"],
    )
    after, limit = page_request()
    return page_response(
        listing.list_articles(actor(), team, chosen, after, limit), present.article
    )


@bp.post("/teams/<slug>/articles")
def create_article(slug: str):
    team = load_team(slug, Action.import_article)
    body = read_body(bodies.NEW_ARTICLE)
    draft = ArticleDraft(
        title=body["title"],
        text=body["text"],
        source_url=body.get("source_url") or "",
        publisher=body.get("publisher") or "",
        published_on=body.get("published_on"),
        language=body.get("language", "en"),
    )
    result = import_article(team, actor(), draft, current_app.config["MAX_ARTICLE_BYTES"])
    db.session.commit()
    response = jsonify(present.article_with_text(result.article))
    response.headers["Location"] = url_for("api.show_article", article_id=result.article.id)
    return response, 201 if result.created else 200


@bp.get("/articles/<int:article_id>")
def show_article(article_id: int):
    article = get_article_for(actor(), article_id)
    require(actor(), article.team_id, Action.read)
    return jsonify(present.article_with_text(article))


@bp.post("/articles/<int:article_id>/transitions")
def move_article(article_id: int):
    article = get_article_for(actor(), article_id)
    target = read_body(bodies.TRANSITION)["state"]
    workflow.move_article(actor(), article, target)
    db.session.commit()
    return jsonify(present.article(article))


@bp.patch("/articles/<int:article_id>")
def change_article(article_id: int):
    # Both settings (blind review, reviewers wanted) are assigning work.
    article = get_article_for(actor(), article_id, Action.assign)
    settings = read_body(bodies.ARTICLE_SETTINGS)
    if settings.get("blind_review") is not None:
        workflow.set_blind_review(actor(), article, settings["blind_review"])
    if "reviewers_wanted" in settings:
        assignments.request_reviewers(actor(), article, settings["reviewers_wanted"])
    db.session.commit()
    return jsonify(present.article(article))


@bp.post("/articles/<int:article_id>/versions")
def revise_article(article_id: int):
    article = get_article_for(actor(), article_id, Action.import_article)
    body = read_body(bodies.NEW_VERSION)
    draft = ArticleDraft(title=body.get("title", article.title), text=body["text"])
    report = revisions.revise_article(
        article, actor(), draft, current_app.config["MAX_ARTICLE_BYTES"]
    )
    db.session.commit()
    response = jsonify(present.article_revision(report))
    response.headers["Location"] = url_for("api.show_article", article_id=article.id)
    return response, 201


@bp.get("/articles/<int:article_id>/agreement")
def article_agreement(article_id: int):
    article = get_article_for(actor(), article_id)
    require(actor(), article.team_id, Action.read)
    figures = agreement.article_agreement(article, visibility_for(actor(), article))
    return jsonify(present.agreement(figures))


@bp.get("/teams/<slug>/audit")
def list_events(slug: str):
    team = load_team(slug)
    after, limit = page_request()
    article_id = read_query(queries.AUDIT_FILTERS)["article_id"]
    page = listing.list_events(actor(), team, article_id, after, limit)
    return page_response(page, present.event)


@bp.get("/articles/<int:article_id>/whole")
def whole_article(article_id: int):
    """The article, then one line per sentence with its annotations: one call, streamed.

    Everything is read before the answer starts; only the encoding streams.
    """
    article = get_article_for(actor(), article_id)
    sentences = read_whole_article(actor(), article)
    head = present.whole_article_head(article)
    return Response(whole_article_lines(head, article.text, sentences), content_type=NDJSON)


def whole_article_lines(head: dict, text: str, sentences) -> Iterator[str]:
    """Yield the lines in chunks of about 64 KB: one write each, not one per sentence."""
    chunk = [encode_line(head)]
    size = len(chunk[0])
    for sentence, annotations in sentences:
        line = encode_line(present.whole_article_line(sentence, annotations, text))
        chunk.append(line)
        size += len(line)
        if size >= CHUNK_CHARACTERS:
            yield "".join(chunk)
            chunk, size = [], 0
    yield "".join(chunk)


def encode_line(record: dict) -> str:
    return LINE_ENCODER.encode(record) + "\n"
