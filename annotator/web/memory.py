"""Team memory: adopting the verdict of a sentence settled in another article."""

from flask import Blueprint, flash, redirect, url_for
from flask_login import current_user, login_required

from annotator.auth.permissions import Action
from annotator.extensions import db
from annotator.services.access import get_sentence_for
from annotator.services.memory import adopt_settlement
from annotator.web.claims_forms import AdoptForm
from annotator.web.forms import check_posted
from annotator.web.refusals import refusals

bp = Blueprint("memory", __name__, url_prefix="/articles/<int:article_id>/sentences")


@bp.post("/<int:index>/adopt/<int:resolution_id>")
@login_required
def adopt(article_id: int, index: int, resolution_id: int):
    sentence = get_sentence_for(current_user, article_id, index, Action.annotate)
    form = check_posted(AdoptForm())
    with refusals(about="Nothing adopted") as refused:
        adopt_settlement(current_user, sentence, resolution_id, form.version.data)
    if not refused:
        db.session.commit()
        flash("You adopted the settled verdict and its sources.", "success")
    return redirect(url_for("annotations.show", article_id=article_id, index=index))
