"""A discussion thread per sentence: comments, replies, mentions, resolving."""

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from annotator import limits
from annotator.auth.permissions import Action
from annotator.errors import NotFound, ValidationError
from annotator.extensions import db
from annotator.models import Comment, NotificationKind, Sentence, User, utcnow
from annotator.services.access import require
from annotator.services.audit import record_event_in
from annotator.services.inbox import notify
from annotator.services.mentions import mentioned_members
from annotator.services.workflow import ensure_writable


def find_comment(sentence: Sentence, comment_id: int) -> Comment:
    """Return a comment of this sentence's discussion, or raise NotFound."""
    comment = db.session.get(Comment, comment_id)
    if comment is None or comment.sentence_id != sentence.id:
        raise NotFound("No such comment.")
    return comment


def post_comment(
    author: User, sentence: Sentence, body: str, reply_to: Comment | None = None
) -> Comment:
    """Add a comment to the sentence's discussion, or a reply to a thread of it."""
    article = sentence.article
    require(author, article.team_id, Action.comment)
    ensure_writable(article)
    body = body.strip()
    if not body:
        raise ValidationError({"body": "Write your comment."})
    if problem := limits.DISCUSSION_COMMENT.problem(body):
        raise ValidationError({"body": problem})
    if reply_to is not None and reply_to.sentence_id != sentence.id:
        raise NotFound("No such comment.")
    # Replies to a reply join the same thread: threads are one level deep.
    parent_id = (reply_to.parent_id or reply_to.id) if reply_to else None
    comment = Comment(
        sentence=sentence, article_id=article.id, author=author, body=body, parent_id=parent_id
    )
    db.session.add(comment)
    db.session.flush()
    record_event_in(
        author,
        sentence,
        "comment.post",
        subject=f"comment:{comment.id}",
        after={"body": body, "parent_id": parent_id},
    )
    for member in mentioned_members(article.team_id, body):
        notify(
            member.id,
            NotificationKind.mention,
            author,
            article,
            f"{author.name} mentioned you on sentence {sentence.index + 1} of “{article.title}”.",
            sentence.index,
            body,
        )
    return comment


def resolve_thread(actor: User, sentence: Sentence, comment: Comment) -> Comment:
    """Mark the thread a comment belongs to as resolved."""
    article = sentence.article
    require(actor, article.team_id, Action.comment)
    ensure_writable(article)
    root = db.session.get(Comment, comment.parent_id) if comment.parent_id else comment
    if root.resolved_at is None:
        root.resolved_at, root.resolved_by = utcnow(), actor
        db.session.flush()
        record_event_in(
            actor,
            sentence,
            "comment.resolve",
            subject=f"comment:{root.id}",
            after={"resolved": True},
        )
    return root


def threads_of(sentence: Sentence) -> list[Comment]:
    """Return the sentence's threads (first comments, replies and authors loaded), oldest first."""
    return list(
        db.session.scalars(
            sa.select(Comment)
            .where(Comment.sentence_id == sentence.id, Comment.parent_id.is_(None))
            .options(
                selectinload(Comment.author),
                selectinload(Comment.resolved_by),
                selectinload(Comment.replies).selectinload(Comment.author),
            )
            .order_by(Comment.created_at, Comment.id)
        )
    )
