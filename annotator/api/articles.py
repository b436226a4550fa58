"""API: articles of a team: list with filters, import, read with sentences, workflow, settings."""

from datetime import date, datetime

from flask import current_app, jsonify, url_for

from annotator.api import actor, bp, present
from annotator.api.inputs import Body, query_value
from annotator.api.paging import page_request, page_response
from annotator.api.teams import load_team
from annotator.auth.permissions import Action
from annotator.extensions import db
from annotator.models import ArticleState
from annotator.services import agreement, assignments, listing, revisions, workflow
from annotator.services.access import get_article_for, require
from annotator.services.articles import ArticleDraft, import_article
from annotator.services.visibility import visibility_for


@bp.get("/teams/<slug>/articles")
def list_articles(slug: str):
    team = load_team(slug)
    chosen = listing.ArticleFilter(
        state=query_value("state", ArticleState),
        since=query_value("since", datetime),
        until=query_value("until", datetime),
        reviewer_id=query_value("reviewer", int),
    )
    after, limit = page_request()
    return page_response(
        listing.list_articles(actor(), team, chosen, after, limit), present.article
    )


@bp.post("/teams/<slug>/articles")
def create_article(slug: str):
    team = load_team(slug, Action.import_article)
    body = Body({"title", "text", "source_url", "publisher", "published_on", "language"})
    draft = ArticleDraft(
        title=body.take("title", str, required=True),
        text=body.take("text", str, required=True),
        source_url=body.take("source_url", str, nullable=True) or "",
        publisher=body.take("publisher", str, nullable=True) or "",
        published_on=body.take("published_on", date, nullable=True),
        language=body.take("language", str, default="en"),
    )
    body.done()
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
    body = Body({"state"})
    target = body.take("state", ArticleState, required=True)
    body.done()
    workflow.move_article(actor(), article, target)
    db.session.commit()
    return jsonify(present.article(article))


@bp.patch("/articles/<int:article_id>")
def change_article(article_id: int):
    # Both settings (blind review, reviewers wanted) are assigning work.
    article = get_article_for(actor(), article_id, Action.assign)
    body = Body({"blind_review", "reviewers_wanted"})
    blind = body.take("blind_review", bool, nullable=True)
    wanted = body.take("reviewers_wanted", int, nullable=True, default=...)
    body.done()
    if blind is not None:
        workflow.set_blind_review(actor(), article, blind)
    if wanted is not ...:
        assignments.request_reviewers(actor(), article, wanted)
    db.session.commit()
    return jsonify(present.article(article))


@bp.post("/articles/<int:article_id>/versions")
def revise_article(article_id: int):
    article = get_article_for(actor(), article_id, Action.import_article)
    body = Body({"title", "text"})
    draft = ArticleDraft(
        title=body.take("title", str, default=article.title),
        text=body.take("text", str, required=True),
    )
    body.done()
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
    page = listing.list_events(actor(), team, query_value("article_id", int), after, limit)
    return page_response(page, present.event)
