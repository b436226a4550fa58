"""Team-scoped loading and permission checks used by every entry point."""

import sqlalchemy as sa
from sqlalchemy.orm import defer
from sqlalchemy.orm.attributes import set_committed_value

from annotator.auth.permissions import Action, can
from annotator.errors import NotFound, PermissionDenied
from annotator.extensions import db
from annotator.models import Annotation, Article, Membership, Role, Sentence, Team, User
from annotator.storage.rows import columns_of, record_from_row, run

#: A member's role in a team (a plain statement: every write checks it, ADR 23).
ROLE = sa.select(Membership.__table__.c.role).where(
    Membership.__table__.c.user_id == sa.bindparam("user_id"),
    Membership.__table__.c.team_id == sa.bindparam("team_id"),
)


def role_in_team(user: User, team_id: int) -> Role | None:
    """Return the user's role in the team, or None when they are not a member.

    Read afresh each time: a service checks the role of the actor it is given even when
    the view that called it loaded the record with that role a moment before (the web
    layer keeps its own memo for a request, on ``g``: `annotator/web/current.py`).
    """
    return run(ROLE, {"user_id": user.id, "team_id": team_id}).scalar()


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


SENTENCE_COLUMNS = columns_of(Sentence)
ARTICLE_COLUMNS = columns_of(Article)


def sentence_in_article(*, with_text: bool) -> sa.Select:
    """Return the statement that reads a sentence by position, its article and the role."""
    article = {k: c for k, c in ARTICLE_COLUMNS.items() if with_text or k != "text"}
    return (
        sa.select(
            *(column.label(f"sentence_{key}") for key, column in SENTENCE_COLUMNS.items()),
            *(column.label(f"article_{key}") for key, column in article.items()),
            Membership.__table__.c.role,
        )
        .join(Article.__table__, Article.__table__.c.id == Sentence.__table__.c.article_id)
        .join(Membership.__table__, Membership.__table__.c.team_id == Article.__table__.c.team_id)
        .where(
            Article.__table__.c.id == sa.bindparam("article_id"),
            Sentence.__table__.c.index == sa.bindparam("index"),
            Membership.__table__.c.user_id == sa.bindparam("user_id"),
        )
    )


#: By whether the article's text is read too.
SENTENCE_IN_ARTICLE = {
    True: sentence_in_article(with_text=True),
    False: sentence_in_article(with_text=False),
}


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
    One plain statement reads the sentence, its article and the user's role; the records
    are built from its row (every write to a sentence starts here: ADR 23).
    """
    where = {"article_id": article_id, "index": index, "user_id": user.id}
    found = run(SENTENCE_IN_ARTICLE[with_text], where).first()
    if found is None:
        get_article_for(user, article_id, with_text=False)  # says which of the two is missing
        raise NotFound("No such sentence.")
    if action is not None:
        allow(found.role, action)
    row = found._mapping
    sentence = record_from_row(Sentence, values_of(row, "sentence_", SENTENCE_COLUMNS))
    article = record_from_row(Article, values_of(row, "article_", ARTICLE_COLUMNS))
    # The session holds an object only while something refers to it: without this,
    # sentence.article would load the article a second time.
    set_committed_value(sentence, "article", article)
    return sentence


def values_of(row, prefix: str, columns: dict) -> dict:
    """Return the values of a record's columns read under labels with this prefix."""
    return {key: row[prefix + key] for key in columns if prefix + key in row}


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
