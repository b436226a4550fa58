"""Teammates' review of flags: agree/disagree responses and the review queue."""

from collections import Counter
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from annotator import limits
from annotator.auth.permissions import Action
from annotator.errors import ValidationError
from annotator.extensions import db
from annotator.models import (
    Annotation,
    Article,
    Membership,
    NotificationKind,
    Response,
    Sentence,
    Stance,
    User,
    Verdict,
    utcnow,
)
from annotator.services.access import require
from annotator.services.audit import record_event_in
from annotator.services.inbox import notify
from annotator.services.mentions import mentioned_members
from annotator.services.paging import PAGE_SIZE, PageWindow
from annotator.services.visibility import hidden_from, visibility_for
from annotator.services.workflow import ensure_writable

MAX_COMMENT_LENGTH = limits.RESPONSE_COMMENT.most
#: Disputed flags first: they are the ones most likely to need a second look.
VERDICT_URGENCY = {Verdict.disputed: 0, Verdict.unverified: 1, Verdict.verified: 2}


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
    require(responder, article.team_id, Action.respond)
    ensure_writable(article)
    check_response(responder, annotation, stance, comment)
    if not visibility_for(responder, article).shows(annotation.reviewer_id, annotation.sentence_id):
        raise ValidationError("Give your own verdict on this sentence first: review is blind.")
    response = find_response(annotation, responder)
    before = response_state(response) if response else None
    if response is None:
        response = Response(annotation=annotation, article_id=article.id, responder=responder)
        db.session.add(response)
    response.stance, response.comment, response.updated_at = stance, comment.strip(), utcnow()
    db.session.flush()
    record_event_in(
        responder,
        annotation.sentence or article,
        "response.set",
        subject=f"annotation:{annotation.id}",
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
        response.comment,
    )
    for member in mentioned_members(article.team_id, response.comment):
        if member.id != annotation.reviewer_id:
            # A response is a judgement: blind review keeps its words from who has not judged.
            shown = visibility_for(member, article).shows_sentence(annotation.sentence_id)
            notify(
                member.id,
                NotificationKind.mention,
                responder,
                article,
                f"{responder.name} mentioned you on sentence {index + 1} of “{article.title}”.",
                index,
                response.comment if shown else "",
            )


def tally(responses: list[Response]) -> dict[Stance, int]:
    """Return how many agree and how many disagree."""
    counts = Counter(response.stance for response in responses)
    return {stance: counts.get(stance, 0) for stance in Stance}


def responses_seen_by(viewer: User, annotation: Annotation) -> list[Response]:
    """Return the responses to an annotation the viewer may see (blind review holds)."""
    if not visibility_for(viewer, annotation.article).shows_sentence(annotation.sentence_id):
        return []
    return responses_by_annotation([annotation.id])[annotation.id]


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

    def keeps(self, flag) -> bool:
        """Tell whether a flag (an annotation or a row of its columns) passes the filter."""
        return (
            self.article_id in (None, flag.article_id)
            and self.verdict in (None, flag.verdict)
            and self.reviewer_id in (None, flag.reviewer_id)
        )


@dataclass
class ReviewQueue:
    """One page of teammates' flags waiting for my response, with counts for the filters."""

    #: The flags of the page shown, loaded with what the page displays.
    entries: list[Annotation] = field(default_factory=list)
    total: int = 0
    by_verdict: Counter = field(default_factory=Counter)
    by_article: Counter = field(default_factory=Counter)
    by_reviewer: Counter = field(default_factory=Counter)
    #: Flags blind mode keeps from me until I give my own verdict on their sentence.
    hidden: int = 0
    #: Titles and names for the filters, by id.
    articles: dict[int, str] = field(default_factory=dict)
    reviewers: dict[int, str] = field(default_factory=dict)
    window: PageWindow = field(default_factory=lambda: PageWindow(1, PAGE_SIZE, 0))


def pending_flags(user: User, *columns) -> sa.Select:
    """Select teammates' current flags on my teams' articles that I have not responded to."""
    answered = sa.select(Response.annotation_id).where(Response.responder_id == user.id)
    return (
        sa.select(*columns)
        .select_from(Annotation)
        .join(Article, Article.id == Annotation.article_id)
        .join(Membership, Membership.team_id == Article.team_id)
        .where(
            Membership.user_id == user.id,
            Annotation.reviewer_id != user.id,
            Annotation.verdict.is_not(None),
            Annotation.id.not_in(answered),
        )
    )


def hidden_flags(user: User) -> sa.ColumnElement[bool]:
    """SQL: the queue's flags blind review keeps from me for now."""
    return hidden_from(
        user.id, Annotation.article_id, Annotation.reviewer_id, Annotation.sentence_id
    )


def count_queue(user: User, chosen: QueueFilter) -> tuple[ReviewQueue, int]:
    """Return the queue's counts (no entries yet) and how many flags the filter keeps.

    One grouped statement: a large article's thousands of flags are counted by the database.
    """
    flags = pending_flags(
        user,
        hidden_flags(user).label("hidden"),
        Annotation.article_id,
        Article.title,
        Annotation.reviewer_id,
        User.name,
        Annotation.verdict,
    ).join(User, User.id == Annotation.reviewer_id)
    flags = flags.subquery()
    groups = db.session.execute(
        sa.select(*flags.c, sa.func.count().label("flags"))
        .group_by(*flags.c)
        .order_by(flags.c.title, flags.c.name)
    )
    queue, kept = ReviewQueue(), 0
    for group in groups:
        if group.hidden:
            queue.hidden += group.flags
            continue
        queue.articles[group.article_id] = group.title
        queue.reviewers[group.reviewer_id] = group.name
        queue.by_verdict[group.verdict] += group.flags
        queue.by_article[group.article_id] += group.flags
        queue.by_reviewer[group.reviewer_id] += group.flags
        queue.total += group.flags
        kept += group.flags if chosen.keeps(group) else 0
    return queue, kept


def chosen_flags(user: User, chosen: QueueFilter, window: PageWindow) -> list[Annotation]:
    """Return the window's flags that I may see and the filter keeps, most urgent first."""
    query = pending_flags(user, Annotation).join(Sentence, Sentence.id == Annotation.sentence_id)
    query = query.where(~hidden_flags(user))
    for column, wanted in [
        (Annotation.article_id, chosen.article_id),
        (Annotation.verdict, chosen.verdict),
        (Annotation.reviewer_id, chosen.reviewer_id),
    ]:
        if wanted is not None:
            query = query.where(column == wanted)
    urgency = sa.case(*[(Annotation.verdict == v, rank) for v, rank in VERDICT_URGENCY.items()])
    return list(
        db.session.scalars(
            query.order_by(urgency, Annotation.article_id, Sentence.index, Annotation.id)
            .offset(window.start)
            .limit(window.size)
            .options(
                selectinload(Annotation.sources),
                selectinload(Annotation.reviewer),
                selectinload(Annotation.sentence),
                selectinload(Annotation.article),
            )
        )
    )


def review_queue(
    user: User, chosen: QueueFilter | None = None, page: int | None = None
) -> ReviewQueue:
    """Return a page of the flags waiting for my response, most urgent first.

    The same few statements however many flags wait: the database counts and orders them,
    and only the page's flags are loaded.
    """
    chosen = chosen or QueueFilter()
    queue, kept = count_queue(user, chosen)
    queue.window = PageWindow.of(page, kept)
    queue.entries = chosen_flags(user, chosen, queue.window)
    return queue
