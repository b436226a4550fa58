"""The review part of the article page: workflow, blind mode, agreement, assignments."""

from dataclasses import dataclass

from flask import Blueprint

from annotator.auth.permissions import Action, can
from annotator.models import Article, ArticleState, Role
from annotator.services import agreement, assignments, reviews, workflow
from annotator.web.current import my_role_in
from annotator.web.forms import EmptyForm
from annotator.web.review_forms import BlindReviewForm, TransitionForm

bp = Blueprint("article_review", __name__)


@dataclass
class ArticleReview:
    article: Article
    role: Role | None
    figures: agreement.ArticleAgreement
    transitions: list[workflow.Transition]
    assignees: list
    #: Blind mode keeps a reviewer from the list of sentences where verdicts differ.
    blinded: bool

    def may(self, action: Action) -> bool:
        return can(self.role, action)

    @property
    def read_only(self) -> bool:
        return self.article.state is ArticleState.published


@bp.app_template_global()
def article_review(article: Article) -> ArticleReview:
    """Gather what the review block of the article page shows, in constant queries."""
    role = my_role_in(article.team_id)
    return ArticleReview(
        article=article,
        role=role,
        figures=agreement.article_agreement(article),
        transitions=workflow.transitions_from(article.state) if can(role, Action.publish) else [],
        assignees=assignments.assignees_of(article),
        blinded=reviews.flags_hidden(article, role, has_own_verdict=False),
    )


@bp.app_context_processor
def review_forms():
    return {
        "Action": Action,
        "TransitionForm": TransitionForm,
        "BlindReviewForm": BlindReviewForm,
        "EmptyForm": EmptyForm,
    }
