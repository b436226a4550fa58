"""Blind review's one rule: whose judgements of which sentences a person may see now.

While an article under independent (blind) review is a draft or in review, a member who
does not settle verdicts (a reviewer or a viewer) sees teammates' judgements of a sentence
only once they have a current verdict of their own on it; a viewer, who gives none, sees
them once the article is settled or published. Editors and admins always see everything.

A judgement is an annotation (verdict, note, span, sources, earlier versions), a response
to one, or the sentence's final verdict (resolution): the editor settles it from the
reviewers' verdicts, so it would steer a reviewer just as they would. Discussion comments
are not judgements and stay open to every member (docs/adr/0013-one-rule-for-blind-review.md).

Every reader of judgements goes through this module: the ``ReviewVisibility`` of one person
at one article for pages, panels, the API and exports, and ``hidden_from`` in SQL for the
lists that span articles (queue, dashboard, progress, agreement).
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property

import sqlalchemy as sa
from sqlalchemy.orm import aliased

from annotator.auth.permissions import Action, can
from annotator.extensions import db
from annotator.models import (
    Annotation,
    Article,
    ArticleState,
    AuditEvent,
    Membership,
    Role,
    User,
)
from annotator.services.access import role_in_team

#: Workflow states in which blind review holds; once settled or published, everyone sees all.
BLIND_STATES = (ArticleState.draft, ArticleState.in_review)
#: Roles that see every judgement: those that settle verdicts (editors, admins).
SEEING_ROLES = tuple(role for role in Role if can(role, Action.settle))


def sees_everything(role: Role | None) -> bool:
    """Tell whether a member with this role sees every judgement whatever the review mode."""
    return role in SEEING_ROLES


def blinds(article: Article, role: Role | None) -> bool:
    """Tell whether blind review holds back teammates' judgements on the article from a
    member with this role (None, not a member, is held back too: the rule fails closed)."""
    return article.blind_review and article.state in BLIND_STATES and not sees_everything(role)


def judged_by(
    viewer_id: int, sentence_column, article_id: int | None = None
) -> sa.ColumnElement[bool]:
    """SQL: the viewer has a current verdict on the row's sentence (never on none).

    An uncorrelated ``IN``: the database reads the viewer's judged sentences once per
    statement, where a correlated ``EXISTS`` looked them up again for each of 10,000 rows.
    """
    mine = aliased(Annotation)
    judged = sa.select(mine.sentence_id).where(
        mine.reviewer_id == viewer_id, mine.verdict.is_not(None), mine.sentence_id.is_not(None)
    )
    if article_id is not None:
        judged = judged.where(mine.article_id == article_id)
    return sa.and_(sentence_column.is_not(None), sentence_column.in_(judged))


def unseen_by(
    viewer_id: int, author_column, sentence_column, article_id: int | None = None
) -> sa.ColumnElement[bool]:
    """SQL: a judgement the rule keeps from a blinded viewer: not the viewer's own (an
    ``author_column`` of None: nobody's own), on a sentence the viewer has not judged."""
    not_judged = ~judged_by(viewer_id, sentence_column, article_id)
    if author_column is None:
        return not_judged
    return sa.and_(author_column.is_distinct_from(viewer_id), not_judged)


@dataclass(frozen=True)
class ReviewVisibility:
    """What blind review lets one person see of one article's judgements now."""

    article_id: int
    #: Who is looking; None for the host at the command line, who sees everything.
    viewer_id: int | None
    #: Whether the rule holds anything back from this person on this article.
    blinded: bool
    #: The sentences the viewer has a verdict on, when the caller has read them already.
    judged_given: frozenset[int] | None = field(default=None, repr=False, compare=False)

    @cached_property
    def judged(self) -> frozenset[int]:
        """Return the article's sentences the viewer has a current verdict on (read once)."""
        if self.judged_given is not None:
            return self.judged_given
        if not self.blinded:
            return frozenset()
        return judged_sentences(self.viewer_id, [self.article_id])[self.article_id]

    def shows(self, author_id: int | None, sentence_id: int | None) -> bool:
        """Tell whether a judgement by this author of this sentence (None: unplaced) shows."""
        return not self.blinded or author_id == self.viewer_id or sentence_id in self.judged

    def shows_sentence(self, sentence_id: int | None) -> bool:
        """Tell whether teammates' judgements of the sentence and its final verdict show."""
        return not self.blinded or sentence_id in self.judged

    def hides(self, author_column, sentence_column) -> sa.ColumnElement[bool]:
        """SQL: the judgements this visibility keeps back (an ``author_column`` of None for
        judgements that are never the viewer's own: responses seen as a sentence's, final
        verdicts)."""
        if not self.blinded:
            return sa.false()
        return unseen_by(self.viewer_id, author_column, sentence_column, self.article_id)

    def keep_visible(self, query: sa.Select, author_column, sentence_column) -> sa.Select:
        """Return the query without the judgements this visibility keeps back."""
        if not self.blinded:
            return query  # the same statement as before blind review existed
        return query.where(~self.hides(author_column, sentence_column))


def visibility_for(user: User, article: Article) -> ReviewVisibility:
    """Return what blind review lets a member see of the article's judgements now."""
    role = role_in_team(user, article.team_id)
    return ReviewVisibility(article.id, user.id, blinds(article, role))


def host_visibility(article: Article) -> ReviewVisibility:
    """Return what the host sees at the command line: everything (the rule binds members)."""
    return ReviewVisibility(article.id, None, blinded=False)


def judged_sentences(viewer_id: int, article_ids: list[int]) -> dict[int, frozenset[int]]:
    """Return, for each of the articles, the sentences the viewer has a current verdict on."""
    found: dict[int, set[int]] = defaultdict(set)
    if article_ids:
        rows = db.session.execute(
            sa.select(Annotation.article_id, Annotation.sentence_id).where(
                Annotation.reviewer_id == viewer_id,
                Annotation.article_id.in_(article_ids),
                Annotation.verdict.is_not(None),
            )
        )
        for article_id, sentence_id in rows:
            found[article_id].add(sentence_id)
    return {article_id: frozenset(found[article_id]) for article_id in article_ids}


def visibilities_for(user: User, articles: Iterable[Article]) -> dict[int, ReviewVisibility]:
    """Return the member's visibility at each article, by article id, reading the sentences
    they judged in one statement for all the blinded ones."""
    blinded = {a.id: blinds(a, role_in_team(user, a.team_id)) for a in articles}
    judged = judged_sentences(user.id, [a for a, blind in blinded.items() if blind])
    return {
        article_id: ReviewVisibility(article_id, user.id, blind, judged.get(article_id))
        for article_id, blind in blinded.items()
    }


def blinded_articles(viewer_id: int) -> sa.Select:
    """SQL: the ids of the articles whose teammates' judgements the rule keeps from the
    viewer (``blinds`` in SQL: the viewer's role in the team does not see everything)."""
    seeing_teams = sa.select(Membership.team_id).where(
        Membership.user_id == viewer_id, Membership.role.in_(SEEING_ROLES)
    )
    return sa.select(Article.id).where(
        Article.blind_review,
        Article.state.in_(BLIND_STATES),
        Article.team_id.not_in(seeing_teams),
    )


def hidden_from(
    viewer_id: int | None, article_column, author_column, sentence_column
) -> sa.ColumnElement[bool]:
    """SQL for lists that span articles: the judgements the rule keeps from the viewer
    (None, the host, is kept from nothing). No join needed: the row's article is looked up."""
    if viewer_id is None:
        return sa.false()
    return sa.and_(
        article_column.in_(blinded_articles(viewer_id)),
        unseen_by(viewer_id, author_column, sentence_column),
    )


#: Events that record a judgement: their details show as the judgement itself would.
JUDGEMENT_EVENTS = ("annotation.", "response.", "sentence.", "resolution.")


@dataclass(frozen=True)
class EventView:
    """An event of the history, with its details withheld while blind review hides them."""

    event: AuditEvent
    hidden: bool

    @property
    def id(self) -> int:
        return self.event.id


def event_hidden(visibility: ReviewVisibility, event: AuditEvent) -> bool:
    """Tell whether an event tells of a judgement the visibility keeps back."""
    return event.action.startswith(JUDGEMENT_EVENTS) and not visibility.shows(
        event.actor_id, event.sentence_id
    )


def seen_events(visibility: ReviewVisibility, events: list[AuditEvent]) -> list[EventView]:
    """Return one article's events as the visibility shows them."""
    return [EventView(event, event_hidden(visibility, event)) for event in events]
