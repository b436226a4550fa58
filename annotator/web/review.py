"""Reviewing teammates' flags: the queue, responses, discussion threads, history."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from annotator.auth.permissions import Action
from annotator.errors import ValidationError
from annotator.extensions import db
from annotator.models import Stance, Verdict
from annotator.services import discussion, listing, reviews
from annotator.services.access import get_annotation_for, get_article_for, get_sentence_for
from annotator.services.annotation_history import annotation_steps
from annotator.services.event_words import word_events
from annotator.web.forms import check_posted
from annotator.web.input_checks import id_number
from annotator.web.local_paths import local_path
from annotator.web.refusals import refusals
from annotator.web.review_forms import CommentForm, ResponseForm

bp = Blueprint("review", __name__)


def back_to(fallback: str) -> str:
    """Return the page on this site the form came from (``next``), else the fallback."""
    return local_path(request.form.get("next") or request.args.get("next"), fallback)


def sentence_url(sentence) -> str:
    return url_for("annotations.show", article_id=sentence.article_id, index=sentence.index)


@bp.get("/review")
@login_required
def queue():
    chosen = reviews.QueueFilter(
        article_id=request.args.get("article", type=id_number),
        verdict=Verdict.__members__.get(request.args.get("verdict", "")),
        reviewer_id=request.args.get("reviewer", type=id_number),
    )
    return render_template(
        "review/queue.html",
        queue=reviews.review_queue(current_user, chosen, request.args.get("page", type=id_number)),
        chosen=chosen,
        form=ResponseForm(formdata=None),
    )


@bp.post("/annotations/<int:annotation_id>/response")
@login_required
def respond(annotation_id: int):
    annotation = get_annotation_for(current_user, annotation_id, Action.respond)
    form = ResponseForm()
    with refusals() as refused:
        if not form.validate_on_submit():
            raise ValidationError({"stance": "Choose Agree or Disagree."})
        reviews.respond_to_annotation(
            current_user, annotation, Stance(form.stance.data), form.comment.data or ""
        )
    if not refused:
        db.session.commit()
        flash(f"Your response to {annotation.reviewer.name}'s flag is saved.", "success")
    return redirect(back_to(sentence_url(annotation.sentence)))


@bp.post("/articles/<int:article_id>/sentences/<int:index>/comments")
@login_required
def comment(article_id: int, index: int):
    sentence = get_sentence_for(current_user, article_id, index, Action.comment)
    form = CommentForm()
    with refusals() as refused:
        if not form.validate_on_submit():
            raise ValidationError({"body": "Write a comment of 1 to 10,000 characters."})
        parent = form.parent_id.data
        reply_to = discussion.find_comment(sentence, parent) if parent else None
        discussion.post_comment(current_user, sentence, form.body.data, reply_to)
    if not refused:
        db.session.commit()
        flash("Your comment is posted.", "success")
    return redirect(back_to(sentence_url(sentence)) + "#discussion")


@bp.post("/articles/<int:article_id>/sentences/<int:index>/comments/<int:comment_id>/resolve")
@login_required
def resolve(article_id: int, index: int, comment_id: int):
    sentence = get_sentence_for(current_user, article_id, index, Action.comment)
    thread = discussion.find_comment(sentence, comment_id)
    check_posted()
    discussion.resolve_thread(current_user, sentence, thread)
    db.session.commit()
    flash("Thread resolved.", "success")
    return redirect(back_to(sentence_url(sentence)) + "#discussion")


@bp.get("/articles/<int:article_id>/sentences/<int:index>/history")
@login_required
def sentence_history(article_id: int, index: int):
    sentence = get_sentence_for(current_user, article_id, index)
    history = listing.sentence_activity(current_user, sentence)
    return render_template(
        "review/history.html",
        article=sentence.article,
        sentence=sentence,
        history=history,
        steps=annotation_steps(current_user, sentence.article, history.events),
        words=word_events(history.events),
    )


@bp.get("/articles/<int:article_id>/activity")
@login_required
def activity(article_id: int):
    article = get_article_for(current_user, article_id)
    history = listing.article_activity(current_user, article)
    return render_template(
        "review/history.html",
        article=article,
        sentence=None,
        history=history,
        steps=annotation_steps(current_user, article, history.events),
        words=word_events(history.events),
    )


def page_url(number: int, **changes) -> str:
    """Return this page's address showing page ``number``, every other query argument kept."""
    args = {**request.args.to_dict(), **changes, "page": number}
    if number == 1:
        del args["page"]  # the first page has the plain address
    return url_for(request.endpoint, **(request.view_args or {}), **args)
