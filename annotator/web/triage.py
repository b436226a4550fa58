"""Triage: an article's sentences, most check-worthy first, and "not a claim" dismissals."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from annotator.auth.permissions import Action, can
from annotator.extensions import db
from annotator.services.access import get_article_for, get_sentence_for
from annotator.services.names import hints_for_sentences
from annotator.services.triage import dismiss_sentence, restore_sentence, triage_list
from annotator.text.checkworthiness import THRESHOLD
from annotator.web.current import my_role_in
from annotator.web.forms import check_posted

bp = Blueprint("triage", __name__, url_prefix="/articles/<int:article_id>")


@bp.get("/triage")
@login_required
def show(article_id: int):
    article = get_article_for(current_user, article_id)
    role = my_role_in(article.team_id)
    with_dismissed = request.args.get("dismissed") == "1"
    needing = request.args.get("all") != "1"
    entries = triage_list(article, include_dismissed=with_dismissed)
    shown = [e for e in entries if e.needs_checking] if needing else entries
    db.session.commit()  # keep the scores computed for an article imported before triage
    return render_template(
        "triage/show.html",
        article=article,
        entries=shown,
        total=len(entries),
        needing=needing,
        with_dismissed=with_dismissed,
        threshold=THRESHOLD,
        hints=hints_for_sentences(article, [e.sentence for e in shown]),
        can_dismiss=can(role, Action.annotate),
    )


def back(article_id: int, index: int):
    """Go back to the triage list, or to the sentence when the button was on its page."""
    if request.form.get("back") == "sentence":
        return redirect(url_for("annotations.show", article_id=article_id, index=index))
    return redirect(url_for("triage.show", article_id=article_id, _anchor=f"t{index}"))


@bp.post("/sentences/<int:index>/not-a-claim")
@login_required
def dismiss(article_id: int, index: int):
    sentence = get_sentence_for(current_user, article_id, index)
    check_posted()
    dismiss_sentence(current_user, sentence)
    db.session.commit()
    flash(f"Sentence {index + 1} is marked as not a claim.", "success")
    return back(article_id, index)


@bp.post("/sentences/<int:index>/not-a-claim/undo")
@login_required
def restore(article_id: int, index: int):
    sentence = get_sentence_for(current_user, article_id, index)
    check_posted()
    restore_sentence(current_user, sentence)
    db.session.commit()
    flash(f"Sentence {index + 1} is a claim to triage again.", "success")
    return back(article_id, index)
