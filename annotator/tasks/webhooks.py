"""The webhook tasks: deliver messages, sweep up those whose task was lost, and prune the log."""

import logging
from datetime import timedelta

from flask import current_app
from huey import crontab

from annotator.config import retry_delays
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


#: How many messages one task takes at most: few enough that a slow endpoint delays few.
BATCH = 20


@queue.task(name="deliver_webhooks")
@run_in_app
def deliver_webhooks(delivery_ids: list[int]) -> int:
    """Send the messages this worker claims among these (one transaction's, or a sweep's
    batch), and others that are due, up to a batch; return how many went out. Each
    failure is tried again on its own schedule."""
    rules = policy()
    started = utcnow()
    claimed = delivery.claim_deliveries(
        delivery_ids, started, delivery.lease_for(BATCH, rules), BATCH
    )
    db.session.commit()
    if not claimed:
        return 0  # sent already, not due yet, or another worker holds them
    messages = delivery.messages_of(claimed)
    db.session.commit()  # no transaction stays open while the network is waited on
    outcomes = {
        message.delivery_id: delivery.send_message(message, rules) if message.active else None
        for message in messages
    }
    retries = delivery.record_outcomes(outcomes, started, rules)
    db.session.commit()
    for delivery_id, retry in retries.items():
        deliver_webhooks.schedule(args=([delivery_id],), eta=retry)
    return sum(1 for outcome in outcomes.values() if outcome is not None and outcome.succeeded)


def queue_deliveries(delivery_ids: list[int]) -> None:
    """Queue tasks for these messages (a transaction's, or the sweep's), a batch each.

    They wait a moment first (WEBHOOK_GATHER_SECONDS): by then the messages of the next
    transactions are due too, and the first task takes them all, so that a busy desk's
    webhooks cost the database a few claims a second, not one per change.
    """
    gather = float(current_app.config["WEBHOOK_GATHER_SECONDS"])
    for start in range(0, len(delivery_ids), BATCH):
        batch = delivery_ids[start : start + BATCH]
        if gather > 0:
            deliver_webhooks.schedule(args=(batch,), delay=gather)
        else:
            deliver_webhooks(batch)


@queue.periodic_task(crontab(minute="*"), name="sweep_webhooks")
@run_in_app
def sweep_webhooks() -> int:
    """Queue every message that is due and that no task is bringing (lost enqueue, a worker
    that died holding one). Claims make a message queued twice go out once."""
    due = delivery.due_deliveries(utcnow())
    db.session.commit()
    queue_deliveries(due)
    if due:
        log.info("Swept %d webhook message(s) into the queue", len(due))
    return len(due)


@queue.periodic_task(crontab(minute="23", hour="3"), name="prune_webhook_log")
@run_in_app
def prune_webhook_log() -> int:
    """Delete the log of messages finished more than WEBHOOK_LOG_DAYS ago (0: keep all), a
    batch per transaction, so that SQLite's write lock is never held for long."""
    days = float(current_app.config["WEBHOOK_LOG_DAYS"] or 0)
    if days <= 0:
        return 0
    before = utcnow() - timedelta(days=days)
    pruned = 0
    while batch := delivery.prune_delivery_log(before):
        db.session.commit()
        pruned += batch
    db.session.commit()
    return pruned
