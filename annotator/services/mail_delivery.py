"""Sending the outbox: one notification's e-mail, each member's daily digest, and the sweep.

These are the functions a worker, a task queue or `flask mail send-due` calls, outside any
request. Unlike the other services they commit, step by step: a claim (pending -> sending,
one conditional UPDATE) is committed before the SMTP server is called, so that two workers
never send one e-mail twice, and no lock is held while the network is slow.
"""

import secrets
import smtplib
from collections.abc import Mapping
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from annotator.extensions import db
from annotator.models import MailCadence, MailState, Notification, User
from annotator.services.access import role_in_team
from annotator.services.mail_compose import MailSetup, compose_digest, compose_notification_mail
from annotator.services.mail_preferences import mail_preferences_of
from annotator.services.smtp_transport import SmtpTransport
from annotator.storage.locks import take_write_lock

#: Minutes to wait after the 1st, 2nd, ... failed attempt; after the last, the mail failed.
BACKOFF_MINUTES = (1, 5, 30, 120, 720)
MAX_ATTEMPTS = len(BACKOFF_MINUTES) + 1
#: A claim older than this belongs to a worker that died: the mail goes back to pending.
STALE_CLAIM = timedelta(minutes=15)
#: Mail that could not go out for this long is dropped: news that old is no news, and turning
#: SMTP on at last must not flood anyone with the backlog.
TOO_LATE = timedelta(days=3)
DEFAULT_PORTS = {"starttls": 587, "ssl": 465, "none": 25}
SEND_ERRORS = (OSError, smtplib.SMTPException)
N = Notification


def mail_setup_from(config: Mapping, transport: object = None) -> MailSetup | None:
    """Return the sending set-up the settings describe, or None when no SMTP host is set
    (then nothing is sent; see the README's e-mail settings)."""
    host = config.get("SMTP_HOST")
    if not host:
        return None
    security = config.get("SMTP_SECURITY") or "starttls"
    transport = transport or SmtpTransport(
        host=host,
        port=config.get("SMTP_PORT") or DEFAULT_PORTS[security],
        username=config.get("SMTP_USERNAME") or "",
        password=config.get("SMTP_PASSWORD") or "",
        security=security,
    )
    return MailSetup(
        transport=transport,
        sender=config["MAIL_SENDER"],
        base_url=config.get("BASE_URL") or config["EXPORT_BASE_URL"],
        secret_key=config["SECRET_KEY"],
    )


def send_mail_message(notification_id: int, setup: MailSetup, now: datetime) -> bool:
    """Send one notification's own e-mail if it is due and nobody else claimed it; return
    whether it went out. Call it after the commit that created the notification."""
    token, claimed = claim_mail(sa.and_(N.id == notification_id, N.mail_digest.is_(False)), now)
    if not claimed:
        return False
    return deliver(
        claimed,
        token,
        setup,
        now,
        lambda recipient, wanted: compose_notification_mail(recipient, wanted[0], setup, now),
    )


def send_daily_digests(now: datetime, setup: MailSetup) -> int:
    """Send every member their digest of what is waiting for it; return how many went out.
    Call it once a day (the time of day is the digest's time)."""
    members = db.session.scalars(
        sa.select(N.user_id).distinct().where(*due(now), N.mail_digest.is_(True))
    ).all()
    return sum(send_digest(user_id, setup, now) for user_id in members)


def send_digest(user_id: int, setup: MailSetup, now: datetime) -> bool:
    """Send one member's digest of every news of theirs waiting for it."""
    token, claimed = claim_mail(sa.and_(N.user_id == user_id, N.mail_digest.is_(True)), now)
    if not claimed:
        return False
    return deliver(
        claimed,
        token,
        setup,
        now,
        lambda recipient, wanted: compose_digest(recipient, wanted, setup, now),
    )


def send_due_mail(now: datetime, setup: MailSetup) -> int:
    """The sweep: take back claims of dead workers, drop mail too old, send every e-mail due
    (those a worker missed, and retries, digests' too). Return how many went out. Call it
    every few minutes."""
    release_stale_claims(now)
    cancel_overdue(now)
    single = db.session.scalars(
        sa.select(N.id).where(*due(now), N.mail_digest.is_(False)).order_by(N.id)
    ).all()
    retried_digests = db.session.scalars(
        sa.select(N.user_id)
        .distinct()
        .where(*due(now), N.mail_digest.is_(True), N.mail_attempts > 0)
    ).all()
    sent = sum(send_mail_message(notification_id, setup, now) for notification_id in single)
    return sent + sum(send_digest(user_id, setup, now) for user_id in retried_digests)


def due(now: datetime) -> tuple:
    return (N.mail_state == MailState.pending, N.mail_due_at <= now)


def claim_mail(which, now: datetime) -> tuple[str, list[Notification]]:
    """Mark the due mail ``which`` selects as ours (pending -> sending) and commit; return our
    mark and what we got: nothing when another worker was first."""
    token = secrets.token_hex(16)
    lock_for_writing()
    claimed = db.session.execute(
        sa.update(N)
        .where(which, *due(now))
        .values(mail_state=MailState.sending, mail_claim=token, mail_claimed_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.commit()
    if not claimed:
        return token, []
    found = db.session.scalars(
        sa.select(N).where(N.mail_claim == token).options(selectinload(N.article)).order_by(N.id)
    )
    return token, list(found)


def deliver(claimed: list[Notification], token: str, setup: MailSetup, now, compose) -> bool:
    """Send what was claimed, to a recipient who may still read it and still wants it;
    ``compose`` writes the message from the recipient and the notifications to send."""
    recipient = db.session.get(User, claimed[0].user_id)
    wanted = [n for n in claimed if still_wanted(recipient, n)]
    lock_for_writing()
    finish([n for n in claimed if n not in wanted], token, MailState.cancelled, now)
    if not wanted:
        db.session.commit()
        return False
    message = compose(recipient, wanted)
    try:
        setup.transport.send(message)
    except SEND_ERRORS as error:
        lock_for_writing()
        retry_later(wanted, token, now, error)
        db.session.commit()
        return False
    lock_for_writing()
    finish(wanted, token, MailState.sent, now)
    db.session.commit()
    return True


def lock_for_writing() -> None:
    """SQLite: take the write lock before writing, in a transaction that may have read
    (upgrading a read transaction fails at once when another worker wrote since)."""
    take_write_lock(db.session.connection())


def still_wanted(recipient: User, notification: Notification) -> bool:
    """Tell whether the mail may go: the account is active, still in the article's team, and
    has not chosen "never" for this kind since."""
    return (
        recipient.active
        and role_in_team(recipient, notification.article.team_id) is not None
        and mail_preferences_of(recipient.id)[notification.kind] is not MailCadence.never
    )


def finish(notifications: list[Notification], token: str, state: MailState, now) -> None:
    if notifications:
        db.session.execute(
            sa.update(N)
            .where(N.id.in_([n.id for n in notifications]), N.mail_claim == token)
            .values(mail_state=state, mail_sent_at=now if state is MailState.sent else None)
            .execution_options(synchronize_session=False)
        )


def retry_later(notifications: list[Notification], token: str, now, error: Exception) -> None:
    """Put the mail back for a later attempt, or give up after the last one."""
    for notification in notifications:
        attempts = notification.mail_attempts + 1
        gave_up = attempts >= MAX_ATTEMPTS
        db.session.execute(
            sa.update(N)
            .where(N.id == notification.id, N.mail_claim == token)
            .values(
                mail_attempts=attempts,
                mail_state=MailState.failed if gave_up else MailState.pending,
                mail_due_at=None if gave_up else now + backoff(attempts),
                mail_claim=None,
                mail_error=f"{type(error).__name__}: {error}"[:500],
            )
            .execution_options(synchronize_session=False)
        )


def backoff(attempts: int) -> timedelta:
    """Return how long to wait after that many failed attempts."""
    return timedelta(minutes=BACKOFF_MINUTES[min(attempts, len(BACKOFF_MINUTES)) - 1])


def release_stale_claims(now: datetime) -> None:
    """Give back to pending the mail claimed by a worker that has not finished in time."""
    lock_for_writing()
    db.session.execute(
        sa.update(N)
        .where(N.mail_state == MailState.sending, N.mail_claimed_at < now - STALE_CLAIM)
        .values(mail_state=MailState.pending, mail_claim=None)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()


def cancel_overdue(now: datetime) -> None:
    """Drop the mail that should have gone out long ago."""
    lock_for_writing()
    db.session.execute(
        sa.update(N)
        .where(N.mail_state == MailState.pending, N.mail_due_at < now - TOO_LATE)
        .values(mail_state=MailState.cancelled)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
