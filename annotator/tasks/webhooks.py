"""The webhook tasks: deliver one message, and sweep up messages whose task was lost."""

import logging
from datetime import timedelta

from flask import current_app
from huey import crontab

from annotator.extensions import db
from annotator.models import utcnow
from annotator.services import webhook_delivery as delivery
from annotator.tasks.queue import queue, run_in_app

log = logging.getLogger(__name__)


def policy() -> delivery.Policy:
    """Read how to send from the app's settings."""
    config = current_app.config
    days = float(config["WEBHOOK_DISABLE_AFTER_DAYS"] or 0)
    return delivery.Policy(
        timeout=float(config["WEBHOOK_TIMEOUT_SECONDS"]),
        retry_delays=retry_delays(config["WEBHOOK_RETRY_DELAYS"]),
        allow_local=bool(config["WEBHOOK_ALLOW_LOCAL"]),
        allow_intranet=bool(config["WEBHOOK_ALLOW_INTRANET"]),
        disable_after=timedelta(days=days) if days > 0 else None,
    )


def retry_delays(setting) -> tuple[float, ...]:
    if isinstance(setting, str):
        return tuple(float(part) for part in setting.split(",") if part.strip())
    return tuple(float(value) for value in setting)


@queue.task(name="deliver_webhook")
@run_in_app
def deliver_webhook(delivery_id: int) -> None:
    """Try to send one message, if this worker is the one that claims it."""
    started = utcnow()
    claimed = delivery.claim_delivery(delivery_id, started)
    db.session.commit()
    if not claimed:
        return  # sent already, not due yet, or another worker holds it
    message = delivery.message_of(delivery_id)
    db.session.commit()  # no transaction stays open while the network is waited on
    if not message.active:
        delivery.record_skipped(delivery_id)
        db.session.commit()
        return
    rules = policy()
    outcome = delivery.send_message(message, rules)
    retry = delivery.record_outcome(delivery_id, outcome, started, rules)
    db.session.commit()
    if retry is not None:
        deliver_webhook.schedule(args=(delivery_id,), eta=retry)


@queue.periodic_task(crontab(minute="*"), name="sweep_webhooks")
@run_in_app
def sweep_webhooks() -> int:
    """Queue every message that is due and that no task is bringing (lost enqueue, a worker
    that died holding one). Claims make a message queued twice go out once."""
    due = delivery.due_deliveries(utcnow())
    db.session.commit()
    for delivery_id in due:
        deliver_webhook(delivery_id)
    if due:
        log.info("Swept %d webhook message(s) into the queue", len(due))
    return len(due)
