"""What the article page's review block needs besides its read model: forms and actions."""

from flask import Blueprint

from annotator.auth.permissions import Action
from annotator.web.forms import EmptyForm
from annotator.web.review_forms import BlindReviewForm, TransitionForm

bp = Blueprint("article_review", __name__)


@bp.app_context_processor
def review_forms():
    return {
        "Action": Action,
        "TransitionForm": TransitionForm,
        "BlindReviewForm": BlindReviewForm,
        "EmptyForm": EmptyForm,
    }
