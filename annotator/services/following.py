"""Following an article: who hears when it is published."""

import sqlalchemy as sa

from annotator.auth.permissions import Action
from annotator.extensions import db
from annotator.models import Article, Follow, Membership, NotificationKind, User
from annotator.services.access import require
from annotator.services.inbox import notify


def is_following(user: User, article: Article) -> bool:
    """Tell whether the member follows the article."""
    return (
        db.session.scalar(
            sa.select(Follow.id).where(Follow.user_id == user.id, Follow.article_id == article.id)
        )
        is not None
    )


def follow_article(user: User, article: Article) -> None:
    """Follow an article of one of the member's teams (again is harmless)."""
    require(user, article.team_id, Action.read)
    start_following(user, article)


def start_following(user: User, article: Article) -> None:
    """Make the member a follower, without asking: importing or being assigned does this."""
    if not is_following(user, article):
        db.session.add(Follow(user_id=user.id, article_id=article.id))
        db.session.flush()


def unfollow_article(user: User, article: Article) -> None:
    """Stop following an article (not following it already is harmless)."""
    require(user, article.team_id, Action.read)
    db.session.execute(
        sa.delete(Follow).where(Follow.user_id == user.id, Follow.article_id == article.id)
    )


def tell_followers_published(actor: User, article: Article) -> None:
    """Tell every follower who is still a member of the team that the article is published."""
    followers = db.session.scalars(
        sa.select(Follow.user_id)
        .join(
            Membership,
            sa.and_(Membership.user_id == Follow.user_id, Membership.team_id == article.team_id),
        )
        .where(Follow.article_id == article.id)
        .order_by(Follow.user_id)
    )
    for follower_id in followers:
        notify(
            follower_id,
            NotificationKind.published,
            actor,
            article,
            f"“{article.title}”, which you follow, was published by {actor.name}.",
        )
