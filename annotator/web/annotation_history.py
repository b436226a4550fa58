"""Going back in my annotation: the Undo of a change and "Restore this version"."""

from flask import Blueprint, request
from flask_login import current_user, login_required

from annotator.auth.permissions import Action
from annotator.extensions import db
from annotator.services.access import get_sentence_for
from annotator.services.annotation_history import restore_version, undo_change
from annotator.web.annotations import after_change
from annotator.web.forms import check_posted
from annotator.web.history_forms import RestoreForm, UndoForm
from annotator.web.transactions import locks_late

bp = Blueprint("annotation_history", __name__, url_prefix="/articles/<int:article_id>/sentences")


@bp.post("/<int:index>/annotation/undo")
@login_required
@locks_late
def undo(article_id: int, index: int):
    sentence = get_sentence_for(current_user, article_id, index, Action.annotate)
    form = check_posted(UndoForm())
    undo_change(current_user, sentence, form.version.data)
    db.session.commit()
    return after_change(sentence, "Your last change is undone.", back=request.form.get("next"))


@bp.post("/<int:index>/annotation/versions/<int:number>/restore")
@login_required
@locks_late
def restore(article_id: int, index: int, number: int):
    sentence = get_sentence_for(current_user, article_id, index, Action.annotate)
    form = check_posted(RestoreForm())
    restore_version(current_user, sentence, number, form.version.data)
    db.session.commit()
    message = f"Version {number} is restored: it is your current version again."
    return after_change(sentence, message, back=request.form.get("next"))
