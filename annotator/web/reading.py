"""The article page's helpers for scripts: later parts of a long article, and the live feed."""

from flask import Blueprint, jsonify, render_template, request
from flask_login import current_user, login_required

from annotator.errors import MalformedRequest
from annotator.services import live
from annotator.services.access import get_article_for
from annotator.services.article_page import (
    SentenceMarks,
    article_part,
    article_summary,
    sentence_marks,
)
from annotator.web.input_checks import whole_number

bp = Blueprint("reading", __name__, url_prefix="/articles/<int:article_id>")


@bp.get("/parts/<int:number>")
@login_required
def part(article_id: int, number: int):
    article = get_article_for(current_user, article_id)
    marks = article_part(current_user, article, number)
    if marks is None:
        return "", 404
    return render_template(
        "articles/_part.html", article=article, part_sentences=marks.sentences, flags=marks.flags
    )


@bp.get("/changes")
@login_required
def changes(article_id: int):
    """Answer what teammates changed after an event, with the changed sentences redrawn, and
    the article's summary (progress counts, workflow state) when anything at all changed."""
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
            "sentences": redrawn(sentence_marks(current_user, article, found.sentence_indexes)),
            "announcements": found.announcements,
            "summary": summary_fragments(article) if found.last_event_id > after else None,
        }
    )


def summary_fragments(article) -> dict[str, str]:
    """Render the article page's summary parts as the member sees them, for scripts to swap."""
    summary = article_summary(current_user, article)
    return {
        "progress": render_template("articles/_progress.html", figure=summary.progress),
        "workflow": render_template(
            "review/_workflow.html", article=summary.article, transitions=summary.transitions
        ),
    }


def redrawn(marks: SentenceMarks) -> dict[int, str]:
    """Render the given sentences as the article page shows them."""
    return {
        sentence.index: render_template(
            "articles/_sentence.html",
            sentence=sentence,
            article=marks.article,
            sentence_flags=marks.flags.get(sentence.id, []),
        )
        for sentence in marks.sentences
    }
