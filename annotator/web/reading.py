"""The article page's helpers for scripts: later parts of a long article, and the live feed."""

from flask import Blueprint, jsonify, render_template, request
from flask_login import current_user, login_required

from annotator.errors import MalformedRequest
from annotator.services import live, reading
from annotator.services.access import get_article_for
from annotator.services.progress import article_progress
from annotator.web.input_checks import whole_number

bp = Blueprint("reading", __name__, url_prefix="/articles/<int:article_id>")


@bp.get("/parts/<int:number>")
@login_required
def part(article_id: int, number: int):
    article = get_article_for(current_user, article_id)
    total = article_progress([article.id], None)[article.id].total
    chosen = reading.part_of(total, number)
    if chosen.number != number:
        return "", 404
    return render_template(
        "articles/_part.html",
        article=article,
        part_sentences=reading.sentences_in(article, chosen),
        annotations=reading.annotations_in(article, chosen),
    )


@bp.get("/changes")
@login_required
def changes(article_id: int):
    """Answer what teammates changed after an event, with the changed sentences redrawn."""
    article = get_article_for(current_user, article_id)
    if not request.args.get("after"):
        return jsonify({"last_event_id": live.latest_event_id(article), "sentences": {}})
    after = whole_number(request.args["after"])
    if after is None:
        raise MalformedRequest({"after": "Send the last_event_id of the previous answer."})
    found = live.changes_since(current_user, article, after)
    return jsonify(
        {
            "last_event_id": found.last_event_id,
            "sentences": redrawn(article, found.sentence_indexes),
            "announcements": found.announcements,
        }
    )


def redrawn(article, indexes: list[int]) -> dict[int, str]:
    """Render the given sentences as the article page shows them."""
    if not indexes:
        return {}
    sentences = reading.sentences_at(article, indexes)
    annotations = reading.annotations_on(sentences)
    return {
        sentence.index: render_template(
            "articles/_sentence.html",
            sentence=sentence,
            article=article,
            annotations=annotations.get(sentence.id, []),
            me=current_user,
        )
        for sentence in sentences
    }


@bp.app_template_global()
def live_cursor(article) -> int:
    """Return the event the article page's live feed starts after."""
    return live.latest_event_id(article)
