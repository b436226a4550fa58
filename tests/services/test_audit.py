"""The append-only history: every change recorded, hash-chained, tampering detected."""

import pytest
import sqlalchemy as sa

from annotator.extensions import db
from annotator.models import ArticleState, AuditEvent, Role, Stance, Verdict
from annotator.models.audit import GENESIS_HASH
from annotator.services.accounts import create_first_admin
from annotator.services.annotations import AnnotationEntry, annotate_sentence, clear_verdict
from annotator.services.articles import ArticleDraft, import_article
from annotator.services.audit import (
    article_history,
    record_event,
    record_event_in,
    record_setting_change,
    sentence_history,
    verify_chain,
)
from annotator.services.discussion import post_comment
from annotator.services.reviews import respond_to_annotation
from annotator.services.settling import reopen_sentence, settle_sentence
from annotator.services.teams import remove_membership, set_membership
from annotator.services.workflow import move_article

TEXT = "Officials met in Geneva. They reported to the International Narcotics Control."


@pytest.fixture
def article(team):
    return import_article(team, None, ArticleDraft("Talks", TEXT)).article


def actions(events):
    return [event.action for event in events]


def test_every_review_step_is_recorded_with_before_and_after(article, make_member):
    ada, ben = make_member(Role.reviewer, name="Ada"), make_member(Role.reviewer, name="Ben")
    editor = make_member(Role.editor, name="Edna")
    sentence = article.sentences[1]
    flag = annotate_sentence(ada, sentence, AnnotationEntry(Verdict.unverified, "check"))
    annotate_sentence(ada, sentence, AnnotationEntry(Verdict.unverified, "check"))
    annotate_sentence(ada, sentence, AnnotationEntry(Verdict.disputed, "wrong"))
    annotate_sentence(ben, sentence, AnnotationEntry(Verdict.verified))
    respond_to_annotation(ben, flag, Stance.disagree, "It exists.")
    post_comment(editor, sentence, "Let us check.")
    settle_sentence(editor, sentence, Verdict.disputed, "No such body.")
    reopen_sentence(editor, sentence)
    clear_verdict(ben, sentence)
    assert actions(reversed(sentence_history(sentence.id))) == [
        "annotation.set",
        "annotation.change",
        "annotation.set",
        "response.set",
        "comment.post",
        "sentence.settle",
        "sentence.reopen",
        "annotation.clear",
    ]
    change = sentence_history(sentence.id)[-2]
    assert (change.before["verdict"], change.after["verdict"]) == ("unverified", "disputed")
    assert change.actor_name == "Ada"


def place(event):
    return (event.team_id, event.subject, event.article_id, event.sentence_id)


def test_event_in_a_sentence_is_placed_in_its_sentence_article_and_team(article, make_member):
    editor, sentence = make_member(Role.editor), article.sentences[1]
    own = record_event_in(editor, sentence, "sentence.check", after={"ok": True})
    other = record_event_in(editor, sentence, "comment.check", subject="comment:7")
    where = (article.team_id, article.id, sentence.id)
    assert (place(own), own.after) == (
        (where[0], f"sentence:{sentence.id}", *where[1:]),
        {"ok": True},
    )
    assert place(other) == (where[0], "comment:7", *where[1:])


def test_event_in_an_article_names_the_article_unless_told_otherwise(article, make_member):
    editor = make_member(Role.editor)
    own = record_event_in(editor, article, "article.check")
    other = record_event_in(editor, article, "assignment.check", subject="assignment:3")
    assert place(own) == (article.team_id, f"article:{article.id}", article.id, None)
    assert place(other) == (article.team_id, "assignment:3", article.id, None)


def test_setting_change_is_recorded_under_the_setting_name(article, make_member):
    record_setting_change(make_member(Role.editor), article, "blind_review", False, True)
    event = article_history(article.id)[0]
    assert (event.action, event.before, event.after) == (
        "article.blind_review",
        {"blind_review": False},
        {"blind_review": True},
    )


def test_article_history_holds_import_and_transitions(article, make_member):
    move_article(make_member(Role.editor), article, ArticleState.in_review)
    assert actions(article_history(article.id)) == ["article.transition", "article.import"]


def test_membership_and_role_changes_are_recorded(team, make_member):
    admin = make_member(Role.admin, name="Ann")
    user = make_member(Role.viewer, name="Vic")
    set_membership(team, user, Role.editor, actor=admin)
    set_membership(team, user, Role.editor, actor=admin)
    remove_membership(team, user, actor=admin)
    events = db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.subject == f"user:{user.id}")
    ).all()
    assert actions(events) == ["membership.add", "membership.role", "membership.remove"]
    assert (events[1].before["role"], events[1].after["role"]) == ("viewer", "editor")


def test_first_admin_membership_is_recorded(team):
    user = create_first_admin("first@example.org", "First", "a long enough password")
    event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.actor_id == user.id))
    assert event.action == "membership.add"


def test_events_form_a_hash_chain_from_genesis(app):
    first = record_event(None, None, "test.one", after={"n": 1})
    second = record_event(None, None, "test.two", before={"n": 1}, after={"n": 2})
    assert first.previous_hash == GENESIS_HASH
    assert second.previous_hash == first.hash
    db.session.commit()
    check = verify_chain()
    assert (check.intact, check.checked) == (True, 2)


@pytest.mark.parametrize(
    ("column", "value", "problem"),
    [
        ("after", '{"n": 3}', "changed"),
        ("actor_name", "Mallory", "changed"),
        ("previous_hash", "f" * 64, "does not follow"),
    ],
)
def test_verify_chain_reports_the_first_tampered_event(app, column, value, problem):
    record_event(None, None, "test.one", after={"n": 1})
    second = record_event(None, None, "test.two", after={"n": 2})
    record_event(None, None, "test.three", after={"n": 3})
    db.session.commit()
    with db.engine.begin() as connection:
        connection.execute(
            sa.text(f"UPDATE audit_event SET {column} = :value WHERE id = :id"),  # noqa: S608
            {"value": value, "id": second.id},
        )
    db.session.rollback()  # end the read snapshot taken before the tampering
    check = verify_chain()
    assert check.first_tampered.id == second.id
    assert problem in check.problem
    assert check.checked == 1


def test_verify_chain_notices_a_deleted_event(app):
    record_event(None, None, "test.one")
    second = record_event(None, None, "test.two")
    third = record_event(None, None, "test.three")
    db.session.commit()
    with db.engine.begin() as connection:
        connection.execute(sa.text("DELETE FROM audit_event WHERE id = :id"), {"id": second.id})
    db.session.rollback()  # end the read snapshot taken before the tampering
    assert verify_chain().first_tampered.id == third.id


def test_audit_verify_command_passes_then_fails_after_tampering(runner, article):
    db.session.commit()
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 0
    assert "hash chain intact" in result.output
    with db.engine.begin() as connection:
        connection.execute(sa.text("UPDATE audit_event SET action = 'article.delete'"))
    db.session.rollback()  # end the read snapshot taken before the tampering
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 1
    assert "was changed after it was recorded" in result.output
