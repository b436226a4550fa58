"""Triage: scores stored when first needed, listed most check-worthy first; dismissals."""

import pytest
import sqlalchemy as sa

from annotator.errors import NotFound, PermissionDenied
from annotator.extensions import db
from annotator.models import AuditEvent, Role, SentenceTriage
from annotator.services.articles import ArticleDraft, import_article
from annotator.services.teams import create_team
from annotator.services.triage import (
    dismiss_sentence,
    insert_unless_scored,
    restore_sentence,
    score_article,
    triage_list,
    triage_of,
    triage_values,
)

TEXT = (
    "The talks went well. Officials said 107,000 people died of overdoses in 2022.\n\n"
    "Jennifer Daskal led the delegation."
)


@pytest.fixture
def article(team):
    return import_article(team, None, ArticleDraft("Talks", TEXT)).article


def stored_scores(article) -> int:
    query = sa.select(SentenceTriage).where(SentenceTriage.article_id == article.id)
    return len(db.session.scalars(query).all())


def test_import_leaves_scoring_to_the_first_reader(article):
    assert stored_scores(article) == 0


def test_triage_list_stores_a_score_for_every_sentence(article):
    triage_list(article)
    assert stored_scores(article) == len(article.sentences) == 3


def test_triage_of_an_unscored_sentence_scores_it_without_storing(article):
    assert "figure" in triage_of(article.sentences[1]).reason_list
    assert stored_scores(article) == 0


def test_triage_of_a_stored_sentence_returns_its_row_with_the_dismissal(article, make_member):
    reviewer = make_member(Role.reviewer)
    dismissed = dismiss_sentence(reviewer, article.sentences[1])
    row = triage_of(article.sentences[1])
    assert row is dismissed
    assert row.dismissed_by == reviewer


def test_scoring_skips_a_sentence_another_reader_stored_meanwhile(article):
    first = article.sentences[0]
    score_article(article)
    late = triage_values(article, first.id, first.start, first.end)
    db.session.execute(insert_unless_scored(), [late])  # would break the primary key
    assert stored_scores(article) == 3


def test_triage_list_puts_the_most_check_worthy_first(article):
    entries = triage_list(article)
    assert entries[0].sentence.index == 1
    assert entries[0].needs_checking
    assert "figures and quantities" in entries[0].reasons
    assert entries[-1].text == "The talks went well."


def test_triage_list_scores_an_article_imported_before_triage(article):
    db.session.execute(sa.delete(SentenceTriage))
    assert triage_of(article.sentences[0]).score == 0
    assert len(triage_list(article)) == 3
    assert score_article(article) == 0


def test_dismiss_sentence_hides_it_from_triage_and_records_it(article, make_member):
    reviewer = make_member(Role.reviewer)
    sentence = article.sentences[1]
    row = dismiss_sentence(reviewer, sentence)
    assert row.dismissed
    assert row.dismissed_by == reviewer
    assert sentence.id not in [e.sentence.id for e in triage_list(article)]
    assert sentence.id in [e.sentence.id for e in triage_list(article, include_dismissed=True)]
    event = db.session.scalars(sa.select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert (event.action, event.after) == ("triage.dismiss", {"not_a_claim": True})


def test_dismiss_sentence_twice_records_once(article, make_member):
    reviewer = make_member(Role.reviewer)
    dismiss_sentence(reviewer, article.sentences[1])
    dismiss_sentence(reviewer, article.sentences[1])
    actions = db.session.scalars(sa.select(AuditEvent.action)).all()
    assert actions.count("triage.dismiss") == 1


def test_restore_sentence_undoes_a_dismissal(article, make_member):
    reviewer = make_member(Role.reviewer)
    dismiss_sentence(reviewer, article.sentences[1])
    row = restore_sentence(reviewer, article.sentences[1])
    assert not row.dismissed
    assert row.dismissed_by is None
    assert len(triage_list(article)) == 3
    assert "triage.restore" in db.session.scalars(sa.select(AuditEvent.action)).all()


def test_restore_sentence_not_dismissed_changes_nothing(article, make_member):
    reviewer = make_member(Role.reviewer)
    restore_sentence(reviewer, article.sentences[1])
    assert "triage.restore" not in db.session.scalars(sa.select(AuditEvent.action)).all()


def test_dismiss_sentence_refuses_a_viewer(article, make_member):
    with pytest.raises(PermissionDenied):
        dismiss_sentence(make_member(Role.viewer), article.sentences[1])


def test_dismiss_sentence_hides_the_article_from_an_outsider(article, make_member):
    outsider = make_member(Role.admin, in_team=create_team("Elsewhere", "elsewhere"))
    with pytest.raises(NotFound):
        dismiss_sentence(outsider, article.sentences[1])
