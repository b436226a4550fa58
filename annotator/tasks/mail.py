"""The e-mail tasks: send one notification's mail, sweep up what is due, and the daily digest."""

import logging

from flask import current_app
from huey import crontab

from annotator.extensions import db
from annotator.models import utcnow
from annotator.services import mail_delivery
from annotator.tasks.queue import queue, run_in_app

log = logging.getLogger(__name__)


@queue.task(name="send_mail_message")
@run_in_app
def send_mail_message(notification_id: int) -> bool:
    """Send one notification's mail, if SMTP is set and this worker claims it."""
    setup = mail_delivery.mail_setup_from(current_app.config)
    if setup is None:
        return False
    sent = mail_delivery.send_mail_message(notification_id, setup, utcnow())
    db.session.commit()
    return sent


@queue.periodic_task(crontab(minute="*"), name="sweep_mail")
@run_in_app
def sweep_mail() -> int:
    """Send what is due and no task is bringing: retries, a lost enqueue, a dead worker's."""
    setup = mail_delivery.mail_setup_from(current_app.config)
    if setup is None:
        return 0
    sent = mail_delivery.send_due_mail(utcnow(), setup)
    db.session.commit()
    if sent:
        log.info("Swept %d e-mail(s)", sent)
    return sent


@queue.periodic_task(crontab(minute="0", hour="7"), name="send_daily_digests")
@run_in_app
def send_daily_digests() -> int:
    """Send each member the day's news they chose to read in one mail (07:00 UTC)."""
    setup = mail_delivery.mail_setup_from(current_app.config)
    if setup is None:
        return 0
    sent = mail_delivery.send_daily_digests(utcnow(), setup)
    db.session.commit()
    return sent
