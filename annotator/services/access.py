"""Team-scoped loading and permission checks used by every entry point."""

import sqlalchemy as sa
from sqlalchemy.orm import defer
from sqlalchemy.orm.attributes import set_committed_value

from annotator.auth.permissions import Action, can
from annotator.errors import NotFound, PermissionDenied
from annotator.extensions import db
from annotator.models import Annotation, Article, Membership, Role, Sentence, Team, User


def role_in_team(user: User, team_id: int) -> Role | None:
    """Return the user's role in the team, or None when they are not a member.

    Read afresh each time: a service checks the role of the actor it is given even when
    the view that called it loaded the record with that role a moment before (the web
    layer keeps its own memo for a request, on ``g``: `annotator/web/current.py`).
    """
    return db.session.scalar(
        sa.select(Membership.role).where(
            Membership.user_id == user.id, Membership.team_id == team_id
        )
    )


def require(user: User, team_id: int, action: Action) -> Role:
    """Return the user's role in the team, or raise when that role may not take the action."""
    return allow(role_in_team(user, team_id), action)


def allow(role: Role | None, action: Action) -> Role:
    """Return the role if it may take the action; raise NotFound for no role at all."""
    if role is None:
        # Outsiders learn nothing, not even that the record exists.
        raise NotFound("No such page.")
    if not can(role, action):
        raise PermissionDenied(f"Your role ({role.label}) does not allow this.")
    return role


def teams_of(user: User) -> list[tuple[Team, Role]]:
    """Return the user's teams with their role in each, by team name."""
    rows = db.session.execute(
        sa.select(Team, Membership.role)
        .join(Membership, Membership.team_id == Team.id)
        .where(Membership.user_id == user.id)
        .order_by(Team.name)
    )
    return [(team, role) for team, role in rows]


def team_ids_of(user: User) -> list[int]:
    """Return the ids of the user's teams (no team row is read: a search needs only these)."""
    return list(
        db.session.scalars(sa.select(Membership.team_id).where(Membership.user_id == user.id))
    )


def get_article_for(
    user: User, article_id: int, action: Action | None = None, *, with_text: bool = True
) -> Article:
    """Load an article of one of the user's teams, or raise NotFound.

    With an action, also check that the user's role allows it (PermissionDenied): a view
    loads and authorizes in one call, before it reads any input.
    """
    query = (
        sa.select(Article)
        .join(Membership, Membership.team_id == Article.team_id)
        .where(Article.id == article_id, Membership.user_id == user.id)
    )
    if not with_text:
        # The text (up to megabytes) then loads only if read: writes to a sentence never do.
        query = query.options(defer(Article.text))
    article = db.session.scalar(query)
    if article is None:
        raise NotFound("No such article.")
    if action is not None:
        require(user, article.team_id, action)
    return article


def get_sentence_for(
    user: User,
    article_id: int,
    index: int,
    action: Action | None = None,
    *,
    with_text: bool = True,
) -> Sentence:
    """Load a sentence, by its position, of an article of one of the user's teams.

    ``with_text=False`` suits callers that never read the article's text (annotation
    writes): reading it later would load it with an autoflush of whatever is pending.
    """
    query = (
        sa.select(Sentence, Article, Membership.role)
        .join(Article, Article.id == Sentence.article_id)
        .join(Membership, Membership.team_id == Article.team_id)
        .where(Article.id == article_id, Sentence.index == index, Membership.user_id == user.id)
    )
    if not with_text:
        query = query.options(defer(Article.text))
    found = db.session.execute(query).first()
    if found is None:
        get_article_for(user, article_id, with_text=False)  # says which of the two is missing
        raise NotFound("No such sentence.")
    sentence, article, role = found
    if action is not None:
        allow(role, action)
    # The session holds an object only while something refers to it: without this,
    # sentence.article would load the article a second time.
    set_committed_value(sentence, "article", article)
    return sentence


def get_annotation_for(user: User, annotation_id: int, action: Action | None = None) -> Annotation:
    """Load an annotation on an article of one of the user's teams, or raise NotFound."""
    annotation = db.session.scalar(
        sa.select(Annotation)
        .join(Article, Article.id == Annotation.article_id)
        .join(Membership, Membership.team_id == Article.team_id)
        .where(Annotation.id == annotation_id, Membership.user_id == user.id)
    )
    if annotation is None:
        raise NotFound("No such annotation.")
    if action is not None:
        require(user, annotation.article.team_id, action)
    return annotation
