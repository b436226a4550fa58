"""Teammates' review of flags: blind mode, agree/disagree responses and the review queue."""

from collections import Counter
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from annotator.auth.permissions import Action, can
from annotator.errors import ValidationError
from annotator.extensions import db
from annotator.models import (
    Annotation,
    Article,
    Membership,
    NotificationKind,
    Response,
    Role,
    Stance,
    User,
    Verdict,
    utcnow,
)
from annotator.services.access import require, role_in_team
from annotator.services.audit import record_event
from annotator.services.inbox import notify
from annotator.services.mentions import mentioned_members
from annotator.services.workflow import ensure_writable

MAX_COMMENT_LENGTH = 5_000
#: Disputed flags first: they are the ones most likely to need a second look.
VERDICT_URGENCY = {Verdict.disputed: 0, Verdict.unverified: 1, Verdict.verified: 2}


def flags_hidden(article: Article, role: Role | None, has_own_verdict: bool) -> bool:
    """Tell whether blind mode hides teammates' verdicts on a sentence from this member.

    Only reviewers are blinded: editors must see everything to settle, viewers judge nothing.
    """
    reviewer_only = can(role, Action.annotate) and not can(role, Action.settle)
    return article.blind_review and reviewer_only and not has_own_verdict


def has_verdict_on(user: User, sentence_id: int) -> bool:
    """Tell whether the user has a current verdict on the sentence."""
    return bool(
        db.session.scalar(
            sa.select(sa.func.count(Annotation.id)).where(
                Annotation.sentence_id == sentence_id,
                Annotation.reviewer_id == user.id,
                Annotation.verdict.is_not(None),
            )
        )
    )


def check_response(responder: User, annotation: Annotation, stance, comment: str) -> None:
    """Raise ValidationError when the response breaks a rule."""
    errors = {}
    if annotation.reviewer_id == responder.id:
        errors[""] = "You cannot respond to your own flag."
    elif annotation.verdict is None:
        errors[""] = "This verdict was withdrawn; there is nothing to respond to."
    if not isinstance(stance, Stance):
        errors["stance"] = "Choose Agree or Disagree."
    elif stance is Stance.disagree and not comment.strip():
        errors["comment"] = "Say why you disagree."
    if len(comment) > MAX_COMMENT_LENGTH:
        errors["comment"] = f"Keep the comment under {MAX_COMMENT_LENGTH:,} characters."
    if errors:
        raise ValidationError(errors)


def find_response(annotation: Annotation, responder: User) -> Response | None:
    """Return the responder's current response to the annotation, if any."""
    return db.session.scalar(
        sa.select(Response).where(
            Response.annotation_id == annotation.id, Response.responder_id == responder.id
        )
    )


def respond_to_annotation(
    responder: User, annotation: Annotation, stance: Stance, comment: str = ""
) -> Response:
    """Agree or disagree with a teammate's flag; a second response replaces the first."""
    article = annotation.article
    role = require(responder, article.team_id, Action.respond)
    ensure_writable(article)
    check_response(responder, annotation, stance, comment)
    if flags_hidden(article, role, has_verdict_on(responder, annotation.sentence_id)):
        raise ValidationError("Give your own verdict on this sentence first: review is blind.")
    response = find_response(annotation, responder)
    before = response_state(response) if response else None
    if response is None:
        response = Response(annotation=annotation, article_id=article.id, responder=responder)
        db.session.add(response)
    response.stance, response.comment, response.updated_at = stance, comment.strip(), utcnow()
    db.session.flush()
    record_event(
        responder,
        article.team_id,
        "response.set",
        subject=f"annotation:{annotation.id}",
        article_id=article.id,
        sentence_id=annotation.sentence_id,
        before=before,
        after=response_state(response),
    )
    tell_about_response(responder, annotation, response)
    return response


def response_state(response: Response) -> dict:
    return {"stance": response.stance.value, "comment": response.comment}


def tell_about_response(responder: User, annotation: Annotation, response: Response) -> None:
    """Notify the flag's author and anyone the comment mentions."""
    article, index = annotation.article, annotation.sentence.index
    notify(
        annotation.reviewer_id,
        NotificationKind.response,
        responder,
        article,
        f"{responder.name} {response.stance.value}s with your flag on sentence {index + 1} "
        f"of “{article.title}”.",
        index,
    )
    for member in mentioned_members(article.team_id, response.comment):
        if member.id != annotation.reviewer_id:
            notify(
                member.id,
                NotificationKind.mention,
                responder,
                article,
                f"{responder.name} mentioned you on sentence {index + 1} of “{article.title}”.",
                index,
            )


def tally(responses: list[Response]) -> dict[Stance, int]:
    """Return how many agree and how many disagree."""
    counts = Counter(response.stance for response in responses)
    return {stance: counts.get(stance, 0) for stance in Stance}


def responses_by_annotation(annotation_ids: list[int]) -> dict[int, list[Response]]:
    """Return the responses to these annotations, responders loaded, grouped, oldest first."""
    grouped: dict[int, list[Response]] = {annotation_id: [] for annotation_id in annotation_ids}
    if annotation_ids:
        rows = db.session.scalars(
            sa.select(Response)
            .where(Response.annotation_id.in_(annotation_ids))
            .options(selectinload(Response.responder))
            .order_by(Response.created_at, Response.id)
        )
        for response in rows:
            grouped[response.annotation_id].append(response)
    return grouped


@dataclass
class QueueFilter:
    article_id: int | None = None
    verdict: Verdict | None = None
    reviewer_id: int | None = None

    def keeps(self, annotation: Annotation) -> bool:
        return (
            self.article_id in (None, annotation.article_id)
            and self.verdict in (None, annotation.verdict)
            and self.reviewer_id in (None, annotation.reviewer_id)
        )


@dataclass
class ReviewQueue:
    """Teammates' flags waiting for my response, with counts for the filters."""

    entries: list[Annotation] = field(default_factory=list)
    total: int = 0
    by_verdict: Counter = field(default_factory=Counter)
    by_article: Counter = field(default_factory=Counter)
    by_reviewer: Counter = field(default_factory=Counter)
    #: Flags blind mode keeps from me until I give my own verdict on their sentence.
    hidden: int = 0
    articles: dict[int, Article] = field(default_factory=dict)
    reviewers: dict[int, User] = field(default_factory=dict)


def pending_flags(user: User) -> list[Annotation]:
    """Return teammates' current flags on my teams' articles that I have not responded to."""
    answered = sa.select(Response.annotation_id).where(Response.responder_id == user.id)
    return list(
        db.session.scalars(
            sa.select(Annotation)
            .join(Article, Article.id == Annotation.article_id)
            .join(Membership, Membership.team_id == Article.team_id)
            .where(
                Membership.user_id == user.id,
                Annotation.reviewer_id != user.id,
                Annotation.verdict.is_not(None),
                Annotation.id.not_in(answered),
            )
            .options(
                selectinload(Annotation.sources),
                selectinload(Annotation.reviewer),
                selectinload(Annotation.sentence),
                selectinload(Annotation.article),
            )
        )
    )


def my_judged_sentences(user: User, article_ids: set[int]) -> set[int]:
    """Return the ids of the sentences of these articles the user has a verdict on."""
    return set(
        db.session.scalars(
            sa.select(Annotation.sentence_id).where(
                Annotation.reviewer_id == user.id,
                Annotation.article_id.in_(article_ids),
                Annotation.verdict.is_not(None),
            )
        )
    )


def review_queue(user: User, chosen: QueueFilter | None = None) -> ReviewQueue:
    """Return the flags waiting for my response, most urgent first, in constant queries."""
    chosen = chosen or QueueFilter()
    flags = pending_flags(user)
    mine = my_judged_sentences(user, {a.article_id for a in flags})
    roles = {m.team_id: m.role for m in user.memberships}
    queue = ReviewQueue()
    for flag in flags:
        if flags_hidden(flag.article, roles.get(flag.article.team_id), flag.sentence_id in mine):
            queue.hidden += 1
            continue
        queue.articles[flag.article_id] = flag.article
        queue.reviewers[flag.reviewer_id] = flag.reviewer
        queue.by_verdict[flag.verdict] += 1
        queue.by_article[flag.article_id] += 1
        queue.by_reviewer[flag.reviewer_id] += 1
        queue.total += 1
        if chosen.keeps(flag):
            queue.entries.append(flag)
    queue.entries.sort(
        key=lambda a: (VERDICT_URGENCY[a.verdict], a.article_id, a.sentence.index, a.id)
    )
    return queue


def can_see_flags(user: User, article: Article, sentence_id: int) -> bool:
    """Tell whether the user may see teammates' verdicts on the sentence now."""
    role = role_in_team(user, article.team_id)
    return not flags_hidden(article, role, has_verdict_on(user, sentence_id))
