"""E-mail through the real queue: a mention committed in a request reaches a real SMTP server
on 127.0.0.1 by a huey consumer's task; the sweep and the digest run as the worker runs them."""

from types import SimpleNamespace

import pytest
import sqlalchemy as sa

from annotator.extensions import db
from annotator.models import MailState, Notification, Role
from annotator.services import accounts, teams
from annotator.services.articles import ArticleDraft, import_article
from annotator.services.discussion import post_comment
from annotator.services.mail_preferences import set_mail_preferences
from annotator.tasks import queue
from annotator.tasks.mail import send_daily_digests, send_mail_message, sweep_mail
from tests.smtp_server import smtp_server
from tests.tasks.test_webhook_delivery import RunningConsumer, queue_app, wait_until

BASE = "https://annotator.example.org"


def mail_settings(port: int | None) -> dict:
    if port is None:
        return {"SMTP_HOST": None}
    return {
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": port,
        "SMTP_SECURITY": "none",
        "MAIL_SENDER": "desk@example.org",
        "BASE_URL": BASE,
    }


@pytest.fixture
def desk(database_url, tmp_path, engine_name, request):
    """An app whose queue is an SQLite file, mailing through a real SMTP server (or none)."""
    with smtp_server() as (received, port):
        chosen = None if getattr(request, "param", "smtp") == "none" else port
        queue_url = f"sqlite:///{tmp_path / 'queue.sqlite3'}"
        app = queue_app(database_url, queue_url, **mail_settings(chosen))
        with app.app_context():
            team = teams.create_team("Desk", "desk")
            editor = member(team, "eda", "Eda Editor", Role.editor)
            rita = member(team, "rita", "Rita Reviewer", Role.reviewer)
            article = import_article(
                team, editor, ArticleDraft("Bridge costs", "One. Two.")
            ).article
            db.session.commit()
            try:
                yield SimpleNamespace(received=received, editor=editor, rita=rita, article=article)
            finally:
                db.session.remove()
                if engine_name == "postgresql":
                    from tests.conftest import empty_all_tables

                    empty_all_tables()
                db.engine.dispose()
                queue.storage.close()


def member(team, login, name, role):
    user = accounts.create_user(f"{login}@example.org", name, "a long enough password")
    teams.set_membership(team, user, role)
    return user


def mail_states() -> list[MailState]:
    db.session.commit()
    return list(db.session.scalars(sa.select(Notification.mail_state).order_by(Notification.id)))


def test_a_mention_reaches_the_smtp_server_through_the_worker_once_committed(desk):
    consumer = RunningConsumer()
    try:
        post_comment(desk.editor, desk.article.sentences[1], "@Rita Reviewer which figure?")
        db.session.commit()
        wait_until(lambda: len(desk.received.messages) == 1)
    finally:
        consumer.stop()
    (mail,) = desk.received.messages
    assert desk.received.recipients == [["rita@example.org"]]
    assert "which figure?" in mail.get_body(("plain",)).get_content()
    assert f"{BASE}/articles/{desk.article.id}#s1" in mail.get_body(("plain",)).get_content()
    assert mail_states() == [MailState.sent]


def test_a_rolled_back_mention_queues_no_task(desk):
    post_comment(desk.editor, desk.article.sentences[1], "@Rita Reviewer which figure?")
    db.session.rollback()
    assert queue.pending_count() == 0


def test_the_sweep_sends_a_mail_whose_task_was_lost(desk):
    post_comment(desk.editor, desk.article.sentences[1], "@Rita Reviewer which figure?")
    db.session.commit()
    queue.flush()  # the task is lost: the worker never sees it
    assert sweep_mail.call_local() == 1
    assert len(desk.received.messages) == 1
    assert send_mail_message.call_local(1) is False  # sent already: claimed once


def test_the_daily_task_sends_the_digest_a_member_chose(desk):
    choices = {"mention": "daily", "response": "daily", "assignment": "daily", "published": "daily"}
    set_mail_preferences(desk.rita, choices)
    post_comment(desk.editor, desk.article.sentences[1], "@Rita Reviewer which figure?")
    db.session.commit()
    assert queue.pending_count() == 0  # a digest's news waits for the day's mail
    assert send_daily_digests.call_local() == 1
    assert "which figure?" in desk.received.messages[0].get_body(("plain",)).get_content()


@pytest.mark.parametrize("desk", ["none"], indirect=True)
def test_without_smtp_the_tasks_send_nothing_and_fail_nothing(desk):
    post_comment(desk.editor, desk.article.sentences[1], "@Rita Reviewer which figure?")
    db.session.commit()
    (note_id,) = db.session.scalars(sa.select(Notification.id))
    assert send_mail_message.call_local(note_id) is False
    assert sweep_mail.call_local() == 0
    assert send_daily_digests.call_local() == 0
    assert desk.received.messages == []
