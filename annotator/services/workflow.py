"""The article workflow: draft -> in review -> settled -> published, and back."""

from dataclasses import dataclass

import sqlalchemy as sa

from annotator.auth.permissions import Action
from annotator.errors import InvalidTransition, ValidationError
from annotator.extensions import db
from annotator.models import Annotation, Article, ArticleState, Resolution, User
from annotator.services.access import require
from annotator.services.audit import record_event_in, record_setting_change
from annotator.services.following import tell_followers_published
from annotator.services.public_pages import publish_article_address

S = ArticleState


@dataclass(frozen=True)
class Transition:
    source: ArticleState
    target: ArticleState
    #: What the button says.
    label: str
    #: The permission a member needs to make this move.
    action: Action = Action.publish


#: Every allowed move. Anything not listed here is refused.
TRANSITIONS: dict[tuple[ArticleState, ArticleState], Transition] = {
    (t.source, t.target): t
    for t in [
        Transition(S.draft, S.in_review, "Start review"),
        Transition(S.in_review, S.draft, "Back to draft"),
        Transition(S.in_review, S.settled, "Mark settled"),
        Transition(S.settled, S.in_review, "Reopen review"),
        Transition(S.settled, S.published, "Publish"),
        Transition(S.published, S.in_review, "Reopen for review"),
    ]
}


def transitions_from(state: ArticleState) -> list[Transition]:
    """Return the moves allowed from a state, in table order."""
    return [t for t in TRANSITIONS.values() if t.source is state]


def ensure_writable(article: Article) -> None:
    """Refuse any change to a published article."""
    if article.state is ArticleState.published:
        raise InvalidTransition(
            "This article is published and read-only until an editor reopens it."
        )


def unsettled_flagged_sentences(article: Article) -> int:
    """Return how many sentences have a reviewer's verdict but no final verdict."""
    settled = sa.select(Resolution.sentence_id).where(
        Resolution.article_id == article.id, Resolution.verdict.is_not(None)
    )
    return (
        db.session.scalar(
            sa.select(sa.func.count(sa.distinct(Annotation.sentence_id))).where(
                Annotation.article_id == article.id,
                Annotation.verdict.is_not(None),
                Annotation.sentence_id.not_in(settled),
            )
        )
        or 0
    )


def changed_final_verdicts(article: Article) -> int:
    """Return how many final verdicts were given to words a revision has changed since."""
    return (
        db.session.scalar(
            sa.select(sa.func.count(Resolution.id)).where(
                Resolution.article_id == article.id,
                Resolution.verdict.is_not(None),
                Resolution.reviewed_text.is_not(None),
            )
        )
        or 0
    )


def check_settled(article: Article) -> None:
    """Refuse to call the article settled while a sentence lacks a final verdict on its
    current words."""
    if left := unsettled_flagged_sentences(article):
        some = "1 flagged sentence has" if left == 1 else f"{left} flagged sentences have"
        raise InvalidTransition(f"{some} no final verdict yet: settle them first.")
    if changed := changed_final_verdicts(article):
        some = "1 sentence" if changed == 1 else f"{changed} sentences"
        raise InvalidTransition(
            f"{some} changed since their final verdict: settle them again "
            "or confirm the verdict for the new words first."
        )


def move_article(actor: User, article: Article, target: ArticleState) -> Article:
    """Move the article to another workflow state, if the table allows it and the role does."""
    if not isinstance(target, ArticleState):
        raise ValidationError({"state": "Choose a workflow state."})
    transition = TRANSITIONS.get((article.state, target))
    if transition is None:
        require(actor, article.team_id, Action.read)
        raise InvalidTransition(
            f"An article cannot go from “{article.state.label}” to “{target.label}”."
        )
    require(actor, article.team_id, transition.action)
    if target in (ArticleState.settled, ArticleState.published):
        check_settled(article)
    before = article.state
    article.state = target
    if target is ArticleState.published:
        publish_article_address(article)
    record_event_in(
        actor,
        article,
        "article.transition",
        before={"state": before.value},
        after={"state": target.value},
    )
    if target is ArticleState.published:
        tell_followers_published(actor, article)
    return article


def set_blind_review(actor: User, article: Article, blind: bool) -> Article:
    """Switch independent (blind) review of the article on or off."""
    require(actor, article.team_id, Action.assign)
    ensure_writable(article)
    if article.blind_review != blind:
        record_setting_change(actor, article, "blind_review", article.blind_review, blind)
        article.blind_review = blind
        db.session.flush()
    return article
