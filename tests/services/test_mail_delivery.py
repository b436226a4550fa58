"""Sending notification e-mails to a real SMTP server on 127.0.0.1: content, links, headers,
digests, retries, claims, and what a mail may say."""

import re
import threading
from datetime import timedelta

import pytest
import sqlalchemy as sa

from annotator.extensions import db
from annotator.models import (
    MailCadence,
    MailState,
    Notification,
    NotificationKind,
    Role,
    Stance,
    Verdict,
    utcnow,
)
from annotator.services.annotations import AnnotationEntry, annotate_sentence
from annotator.services.articles import ArticleDraft, import_article
from annotator.services.assignments import assign_article
from annotator.services.discussion import post_comment
from annotator.services.inbox import notify
from annotator.services.mail_compose import MailSetup, one_line
from annotator.services.mail_delivery import (
    MAX_ATTEMPTS,
    STALE_CLAIM,
    TOO_LATE,
    backoff,
    mail_setup_from,
    send_daily_digests,
    send_digest,
    send_due_mail,
    send_mail_message,
)
from annotator.services.mail_preferences import set_cadence
from annotator.services.reviews import respond_to_annotation
from annotator.services.smtp_transport import SmtpTransport
from annotator.services.teams import create_team, remove_membership
from annotator.services.workflow import set_blind_review
from annotator.storage.after_commit import WAITING
from tests.smtp_server import free_port, parts, smtp_server

BASE = "https://annotator.example.org"
TEXT = "The bridge cost 4 million euros. The council disputes that figure. Work starts in May."


def setup_for(port: int) -> MailSetup:
    transport = SmtpTransport("127.0.0.1", port, security="none", timeout=5)
    return MailSetup(transport, "annotator@example.org", BASE, "test-secret")


@pytest.fixture
def mailbox(app):
    with smtp_server() as (received, port):
        yield received, setup_for(port)


@pytest.fixture
def editor(make_member):
    return make_member(Role.editor, name="Eda Editor")


@pytest.fixture
def rita(make_member):
    return make_member(Role.reviewer, name="Rita Reviewer")


@pytest.fixture
def article(team, editor):
    article = import_article(team, editor, ArticleDraft("Bridge costs", TEXT)).article
    db.session.commit()
    return article


def mention(author, article, index=1, body="@Rita Reviewer which figure?"):
    post_comment(author, article.sentences[index], body)
    db.session.commit()
    return db.session.scalars(sa.select(Notification).order_by(Notification.id.desc())).first()


def test_mention_is_mailed_with_its_words_a_link_to_the_sentence_and_headers(
    mailbox, editor, rita, article, client, login
):
    received, setup = mailbox
    note = mention(editor, article)
    assert note.mail_state is MailState.pending
    assert not note.mail_digest
    assert send_mail_message(note.id, setup, utcnow()) is True
    (message,) = received.messages
    assert received.recipients == [[rita.email]]
    assert message["Subject"] == "Eda Editor mentioned you on sentence 2 of “Bridge costs”."
    assert message["To"] == f"Rita Reviewer <{rita.email}>"
    assert message["From"] == "Annotator <annotator@example.org>"
    assert message["Message-ID"].endswith("@annotator.example.org>")
    assert message["Date"]
    assert message["Auto-Submitted"] == "auto-generated"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe = re.fullmatch(r"<(.+)>", message["List-Unsubscribe"]).group(1)
    assert unsubscribe.startswith(f"{BASE}/unsubscribe/")
    text, html = parts(message)
    link = f"{BASE}/articles/{article.id}#s1"
    assert "which figure?" in text
    assert link in text
    assert unsubscribe in text
    assert "which figure?" in html
    assert f'href="{link}"' in html
    login(rita)
    page = client.get(link.removeprefix(BASE).split("#")[0])
    assert page.status_code == 200
    assert 'id="s1"' in page.text
    db.session.expire_all()
    assert note.mail_state is MailState.sent
    assert note.mail_sent_at is not None


def test_a_second_send_of_the_same_mail_sends_nothing(mailbox, editor, rita, article):
    received, setup = mailbox
    note = mention(editor, article)
    assert send_mail_message(note.id, setup, utcnow())
    assert not send_mail_message(note.id, setup, utcnow())
    assert len(received.messages) == 1


def test_the_link_names_the_part_holding_a_sentence_far_down(app):
    setup = setup_for(25)
    note = Notification(article_id=7, sentence_index=450)
    assert setup.sentence_link(note) == f"{BASE}/articles/7?part=3#s450"
    assert setup.sentence_link(Notification(article_id=7)) == f"{BASE}/articles/7"


def test_a_rolled_back_request_leaves_no_mail(mailbox, editor, rita, article):
    received, setup = mailbox
    post_comment(editor, article.sentences[1], "@Rita Reviewer look")
    assert db.session.info[WAITING]  # queued in the session...
    db.session.rollback()  # ...but the request failed
    assert db.session.scalar(sa.select(sa.func.count(Notification.id))) == 0
    assert send_due_mail(utcnow(), setup) == 0
    assert received.messages == []


def test_a_mail_of_its_own_is_queued_for_after_the_commit(editor, rita, article, app):
    post_comment(editor, article.sentences[1], "@Rita Reviewer which figure?")
    (note_id,) = db.session.scalars(sa.select(Notification.id))
    assert ("send_mail_message", (note_id,)) in db.session.info[WAITING]


def test_never_queues_no_mail_and_a_kind_never_mailed_neither(mailbox, editor, rita, article):
    received, setup = mailbox
    set_cadence(rita.id, NotificationKind.mention, MailCadence.never)
    note = mention(editor, article)
    assert note.mail_state is None
    # A settled verdict is told in the inbox only.
    told = notify(rita.id, NotificationKind.settled, editor, article, "Settled", 1)
    assert told.mail_state is None
    db.session.commit()
    assert send_due_mail(utcnow(), setup) == 0
    assert received.messages == []


def test_assignment_is_mailed_and_the_reviewer_follows_the_article(mailbox, editor, rita, article):
    received, setup = mailbox
    assign_article(editor, article, rita)
    db.session.commit()
    assert send_due_mail(utcnow(), setup) == 1
    (message,) = received.messages
    assert message["Subject"] == "Eda Editor asked you to review “Bridge costs”."
    text, _ = parts(message)
    assert f"{BASE}/articles/{article.id}\r\n" in text


def test_response_mail_quotes_the_comment(mailbox, editor, rita, article, make_member):
    received, setup = mailbox
    flag = annotate_sentence(rita, article.sentences[0], AnnotationEntry(Verdict.disputed, "No"))
    otto = make_member(Role.reviewer, name="Otto Other")
    annotate_sentence(otto, article.sentences[0], AnnotationEntry(Verdict.verified, "Yes"))
    respond_to_annotation(otto, flag, Stance.disagree, "The budget says 4 million.")
    db.session.commit()
    assert send_due_mail(utcnow(), setup) == 1
    assert received.messages[0]["Subject"] == (
        "Otto Other disagrees with your flag on sentence 1 of “Bridge costs”."
    )
    text, html = parts(received.messages[0])
    assert "> The budget says 4 million." in text
    assert "The budget says 4 million." in html
    assert f"{BASE}/articles/{article.id}#s0" in text


def test_blind_review_keeps_the_words_out_of_the_mail(mailbox, editor, rita, article, make_member):
    """A mention in a response on a blind article, to a member who has not judged the
    sentence: the mail, like the inbox, does not quote the judgement."""
    received, setup = mailbox
    set_blind_review(editor, article, True)
    otto = make_member(Role.reviewer, name="Otto Other")
    flag = annotate_sentence(otto, article.sentences[0], AnnotationEntry(Verdict.disputed, "No"))
    ada = make_member(Role.reviewer, name="Ada Author")
    annotate_sentence(ada, article.sentences[0], AnnotationEntry(Verdict.verified, "Yes"))
    respond_to_annotation(ada, flag, Stance.disagree, "Secret judgement, ask @Rita Reviewer")
    db.session.commit()
    send_due_mail(utcnow(), setup)
    to_rita = [
        m for m, r in zip(received.messages, received.recipients, strict=True) if r == [rita.email]
    ]
    (message,) = to_rita
    text, html = parts(message)
    assert "Secret judgement" not in text
    assert "Secret judgement" not in html
    assert "mentioned you on sentence 1" in text


def test_hostile_titles_and_comments_are_escaped_in_the_html(mailbox, editor, rita, team):
    received, setup = mailbox
    title = '<img src=x onerror=alert(1)>"Bridge"</title><script>alert(2)</script>'
    article = import_article(team, editor, ArticleDraft(title, TEXT)).article
    mention(
        editor, article, body="@Rita Reviewer <script>alert(3)</script> [x](javascript:alert(4))"
    )
    send_due_mail(utcnow(), setup)
    _, html = parts(received.messages[0])
    assert "<script>" not in html
    assert "<img" not in html
    assert 'href="javascript' not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "&lt;script&gt;alert(3)&lt;/script&gt;" in html
    assert "\n" not in received.messages[0]["Subject"]


def test_digest_groups_the_days_news_by_article(mailbox, editor, rita, article, team):
    received, setup = mailbox
    set_cadence(rita.id, NotificationKind.mention, MailCadence.daily)
    other = import_article(
        team, editor, ArticleDraft("Airport delays", "Flights left late. Very.")
    ).article
    first = mention(editor, article, 1, "@Rita Reviewer one")
    mention(editor, other, 0, "@Rita Reviewer two")
    mention(editor, article, 2, "@Rita Reviewer three")
    assert first.mail_digest
    assert send_mail_message(first.id, setup, utcnow()) is False  # digests wait for the day
    assert send_due_mail(utcnow(), setup) == 0
    assert send_daily_digests(utcnow(), setup) == 1
    (message,) = received.messages
    assert message["Subject"] == "Your daily digest: 3 messages"
    text, html = parts(message)
    assert text.index("== Airport delays ==") < text.index("== Bridge costs ==")
    assert text.index("one") < text.index("three")
    assert html.count("<h2") == 2
    assert f"{BASE}/articles/{article.id}#s2" in text
    assert "/unsubscribe/" in message["List-Unsubscribe"]
    assert send_daily_digests(utcnow(), setup) == 0
    # A worker handed the same member afterwards (two sweeps) finds nothing left to send.
    assert send_digest(rita.id, setup, utcnow()) is False
    assert len(received.messages) == 1


def test_digest_of_one_says_message(mailbox, editor, rita, article):
    received, setup = mailbox
    set_cadence(rita.id, NotificationKind.mention, MailCadence.daily)
    mention(editor, article)
    send_daily_digests(utcnow(), setup)
    assert received.messages[0]["Subject"] == "Your daily digest: 1 message"


def test_smtp_down_is_retried_later_with_backoff_then_sent(app, editor, rita, article):
    port = free_port()
    setup = setup_for(port)
    note = mention(editor, article)
    now = utcnow()
    assert send_mail_message(note.id, setup, now) is False
    db.session.expire_all()
    assert note.mail_state is MailState.pending
    assert note.mail_attempts == 1
    assert note.mail_due_at == now + backoff(1)
    assert "ConnectionRefusedError" in note.mail_error
    with smtp_server(port) as (received, _):
        assert send_due_mail(now + timedelta(seconds=30), setup) == 0  # not yet due
        assert send_due_mail(now + timedelta(minutes=2), setup) == 1
    assert len(received.messages) == 1


def test_mail_fails_for_good_after_the_last_attempt(app, editor, rita, article):
    setup = setup_for(free_port())
    note = mention(editor, article)
    now = utcnow()
    for _ in range(MAX_ATTEMPTS):
        send_due_mail(now, setup)
        now += timedelta(days=1)
        db.session.execute(
            sa.update(Notification)
            .values(mail_due_at=now - timedelta(seconds=1))
            .where(Notification.mail_state == MailState.pending)
        )
        db.session.commit()
    db.session.expire_all()
    assert note.mail_state is MailState.failed
    assert note.mail_attempts == MAX_ATTEMPTS
    assert backoff(99) == backoff(len([1, 5, 30, 120, 720]))


def test_failed_digest_is_retried_by_the_sweep(app, editor, rita, article):
    port = free_port()
    setup = setup_for(port)
    set_cadence(rita.id, NotificationKind.mention, MailCadence.daily)
    mention(editor, article)
    now = utcnow()
    assert send_daily_digests(now, setup) == 0
    with smtp_server(port) as (received, _):
        assert send_due_mail(now + timedelta(minutes=2), setup) == 1
    assert received.messages[0]["Subject"].startswith("Your daily digest")


def test_two_workers_sending_at_once_send_one_mail(mailbox, editor, rita, article, app):
    received, setup = mailbox
    note = mention(editor, article)
    now = utcnow()
    start, results = threading.Barrier(2), []

    def worker():
        with app.app_context():
            start.wait()
            results.append(send_mail_message(note.id, setup, now))
            db.session.remove()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [False, True]
    assert len(received.messages) == 1


def test_two_sweeps_at_once_send_each_digest_once(mailbox, editor, rita, article, app):
    received, setup = mailbox
    set_cadence(rita.id, NotificationKind.mention, MailCadence.daily)
    for index in range(3):
        mention(editor, article, index % 3, f"@Rita Reviewer {index}")
    start, results = threading.Barrier(2), []
    now = utcnow()

    def worker():
        with app.app_context():
            start.wait()
            results.append(send_daily_digests(now, setup))
            db.session.remove()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [0, 1]
    assert len(received.messages) == 1


def test_a_dead_workers_claim_is_taken_back_by_the_sweep(mailbox, editor, rita, article):
    received, setup = mailbox
    note = mention(editor, article)
    now = utcnow()
    note.mail_state, note.mail_claim, note.mail_claimed_at = MailState.sending, "dead", now
    db.session.commit()
    assert send_due_mail(now + timedelta(minutes=1), setup) == 0  # maybe still at work
    assert send_due_mail(now + STALE_CLAIM + timedelta(minutes=1), setup) == 1
    assert len(received.messages) == 1


def test_mail_too_late_is_dropped_not_sent(mailbox, editor, rita, article):
    received, setup = mailbox
    note = mention(editor, article)
    assert send_due_mail(utcnow() + TOO_LATE + timedelta(minutes=1), setup) == 0
    db.session.expire_all()
    assert note.mail_state is MailState.cancelled
    assert received.messages == []


def test_mail_to_a_member_who_left_the_team_or_chose_never_is_cancelled(
    mailbox, editor, rita, article, team, make_member
):
    received, setup = mailbox
    note = mention(editor, article)
    remove_membership(team, rita)
    otto = make_member(Role.reviewer, name="Otto Other")
    second = mention(editor, article, body="@Otto Other see")
    set_cadence(otto.id, NotificationKind.mention, MailCadence.never)
    db.session.commit()
    assert send_due_mail(utcnow(), setup) == 0
    db.session.expire_all()
    assert note.mail_state is MailState.cancelled
    assert second.mail_state is MailState.cancelled
    assert received.messages == []


def test_another_teams_member_gets_only_their_own_teams_news(mailbox, make_member, app):
    """Isolation: a member of team B is mailed about team B's article only; nothing of team A
    (its title, its comment) reaches them, even when A's comment names them."""
    received, setup = mailbox
    team_a = create_team("Team A", "team-a")
    team_b = create_team("Team B", "team-b")
    editor_a = make_member(Role.editor, name="Editor A", in_team=team_a)
    editor_b = make_member(Role.editor, name="Editor B", in_team=team_b)
    bob = make_member(Role.reviewer, name="Bob B", in_team=team_b)
    article_a = import_article(team_a, editor_a, ArticleDraft("Secret A title", TEXT)).article
    article_b = import_article(team_b, editor_b, ArticleDraft("B story", TEXT)).article
    post_comment(editor_a, article_a.sentences[0], "@Bob B words of team A")
    post_comment(editor_b, article_b.sentences[0], "@Bob B words of team B")
    db.session.commit()
    send_due_mail(utcnow(), setup)
    (message,) = received.messages
    text, html = parts(message)
    assert received.recipients == [[bob.email]]
    for body in (text, html, message["Subject"]):
        assert "team A" not in body
        assert "Secret A title" not in body
        assert "Team A" not in body


def test_setup_is_none_without_an_smtp_host_and_complete_with_one():
    assert mail_setup_from({"SMTP_HOST": None}) is None
    config = {
        "SMTP_HOST": "smtp.example.org",
        "SMTP_SECURITY": "ssl",
        "MAIL_SENDER": "a@example.org",
        "BASE_URL": None,
        "EXPORT_BASE_URL": "https://x.example",
        "SECRET_KEY": "k",
    }
    setup = mail_setup_from(config)
    assert setup.transport.port == 465
    assert setup.base_url == "https://x.example"
    assert mail_setup_from({**config, "SMTP_SECURITY": None}).transport.port == 587


def test_subjects_are_one_line_and_cut():
    assert one_line("a\r\nb\tc") == "a b c"
    assert one_line("x" * 200, 10) == "x" * 9 + "…"
