"""Blind review's one rule: who is blinded, what a verdict of one's own reveals, and the same
answers from the Python value, its SQL and the SQL that spans articles."""

import itertools

import pytest
import sqlalchemy as sa

from annotator.extensions import db
from annotator.models import (
    Annotation,
    ArticleState,
    AuditEvent,
    Resolution,
    Role,
    Verdict,
)
from annotator.services.annotations import AnnotationEntry, annotate_sentence, clear_verdict
from annotator.services.articles import ArticleDraft, import_article
from annotator.services.revisions import revise_article
from annotator.services.settling import settle_sentence
from annotator.services.teams import create_team, set_membership
from annotator.services.visibility import (
    blinds,
    event_hidden,
    hidden_from,
    host_visibility,
    visibilities_for,
    visibility_for,
)

TEXT = "Officials met in Geneva. They reported to the agency. It rained."
S = ArticleState


@pytest.fixture
def article(team):
    return import_article(team, None, ArticleDraft("Talks", TEXT)).article


def flag(user, article, index, verdict=Verdict.disputed):
    return annotate_sentence(user, article.sentences[index], AnnotationEntry(verdict, "why"))


@pytest.mark.parametrize(
    ("role", "blind", "state", "blinded"),
    [
        (Role.reviewer, True, S.draft, True),
        (Role.reviewer, True, S.in_review, True),
        (Role.reviewer, True, S.settled, False),
        (Role.reviewer, True, S.published, False),
        (Role.reviewer, False, S.in_review, False),
        (Role.viewer, True, S.in_review, True),
        (Role.viewer, True, S.settled, False),
        (Role.editor, True, S.in_review, False),
        (Role.admin, True, S.in_review, False),
        (None, True, S.in_review, True),  # not a member: held back, never shown more
    ],
)
def test_blind_review_holds_for_members_who_do_not_settle_until_settlement(
    article, role, blind, state, blinded
):
    article.blind_review, article.state = blind, state
    assert blinds(article, role) is blinded


def test_own_verdict_shows_teammates_on_that_sentence_only(article, make_member):
    ada, ben = make_member(Role.reviewer), make_member(Role.reviewer)
    first, second = flag(ada, article, 0), flag(ada, article, 1)
    flag(ben, article, 0, Verdict.verified)
    seen = visibility_for(ben, article)
    assert seen.shows(first.reviewer_id, first.sentence_id)
    assert not seen.shows(second.reviewer_id, second.sentence_id)
    assert seen.shows(ben.id, second.sentence_id)  # one's own work is always one's own


def test_a_cleared_verdict_hides_teammates_again(article, make_member):
    ada, ben = make_member(Role.reviewer), make_member(Role.reviewer)
    theirs = flag(ada, article, 0)
    flag(ben, article, 0)
    clear_verdict(ben, article.sentences[0])
    assert not visibility_for(ben, article).shows(theirs.reviewer_id, theirs.sentence_id)


def test_unplaced_judgements_show_only_to_their_author(article, make_member):
    ada, ben = make_member(Role.reviewer), make_member(Role.reviewer)
    editor = make_member(Role.editor)
    flag(ada, article, 2)
    flag(ben, article, 2)
    revise_article(article, editor, ArticleDraft("Talks", "Officials met in Geneva. Fine."))
    unplaced = db.session.scalar(sa.select(Annotation).where(Annotation.reviewer_id == ada.id))
    assert unplaced.sentence_id is None
    assert visibility_for(ada, article).shows(ada.id, None)
    assert not visibility_for(ben, article).shows(ada.id, None)


def test_host_and_editors_see_everything(article, make_member):
    editor = make_member(Role.editor)
    for seen in (host_visibility(article), visibility_for(editor, article)):
        assert not seen.blinded
        assert seen.shows(12345, None)
        assert seen.judged == frozenset()  # nothing to read: the rule holds nothing back


def test_final_verdict_shows_with_the_sentences_other_judgements(article, make_member):
    ben, editor = make_member(Role.reviewer), make_member(Role.editor)
    settle_sentence(editor, article.sentences[1], Verdict.verified, "Checked.")
    assert not visibility_for(ben, article).shows_sentence(article.sentences[1].id)
    flag(ben, article, 1)
    assert visibility_for(ben, article).shows_sentence(article.sentences[1].id)


def test_events_about_hidden_judgements_are_hidden(article, make_member):
    ada, ben, editor = (make_member(role) for role in (Role.reviewer, Role.reviewer, Role.editor))
    flag(ada, article, 0)
    settle_sentence(editor, article.sentences[0], Verdict.disputed, "Checked.")
    events = db.session.scalars(sa.select(AuditEvent).where(AuditEvent.article_id == article.id))
    hidden = {e.action for e in events if event_hidden(visibility_for(ben, article), e)}
    assert hidden == {"annotation.set", "sentence.settle"}  # not the import


# -- the three forms of the rule answer alike ----------------------------------------------


@pytest.fixture
def desk(team, make_member):
    """Articles in every state, blind or not, in two teams where Rita has different roles."""
    rita = make_member(Role.reviewer, name="Rita")
    tess = make_member(Role.reviewer, name="Tess")
    editor = make_member(Role.editor, name="Eda")
    other = create_team("Other desk", "other-desk")
    set_membership(other, rita, Role.editor)
    set_membership(other, tess, Role.reviewer)
    set_membership(other, editor, Role.editor)
    articles = []
    for number, (owner, state, blind) in enumerate(
        itertools.product((team, other), ArticleState, (True, False))
    ):
        draft = ArticleDraft(f"A{number}", f"{TEXT} Article {number}.")
        article = import_article(owner, editor, draft).article
        flag(tess, article, 0), flag(tess, article, 1), flag(rita, article, 1)
        settle_sentence(editor, article.sentences[0], Verdict.verified, "ok")
        article.state, article.blind_review = state, blind
        articles.append(article)
    db.session.commit()
    return rita, articles


def test_value_sql_and_cross_article_sql_agree(desk):
    rita, articles = desk
    seen = visibilities_for(rita, articles)
    for article in articles:
        visibility = visibility_for(rita, article)
        assert visibility == seen[article.id]
        for model, author in ((Annotation, Annotation.reviewer_id), (Resolution, None)):
            rows = db.session.scalars(sa.select(model).where(model.article_id == article.id)).all()
            by_value = {
                r.id
                for r in rows
                if not (
                    visibility.shows(r.reviewer_id, r.sentence_id)
                    if model is Annotation
                    else visibility.shows_sentence(r.sentence_id)
                )
            }
            by_sql = set(
                db.session.scalars(
                    sa.select(model.id).where(
                        model.article_id == article.id,
                        visibility.hides(author, model.sentence_id),
                    )
                )
            )
            across = set(
                db.session.scalars(
                    sa.select(model.id).where(
                        model.article_id == article.id,
                        hidden_from(rita.id, model.article_id, author, model.sentence_id),
                    )
                )
            )
            assert by_value == by_sql == across, (article.title, model.__name__)


def test_the_desk_covers_hidden_and_shown_judgements(desk):
    rita, _ = desk
    hidden = db.session.scalars(
        sa.select(Annotation.id).where(
            hidden_from(
                rita.id, Annotation.article_id, Annotation.reviewer_id, Annotation.sentence_id
            )
        )
    ).all()
    # Team A's blind articles before settlement: Tess's flag on the first sentence.
    assert len(hidden) == 2
