"""Sending webhook messages: claim, sign, post, log, and schedule the next try.

A task delivers the messages one transaction owed (one per endpoint and event), or a
sweep's handful: claimed in one statement, read in one query, sent one after the other,
and recorded in one transaction, so a busy desk's webhooks cost the database few writes.
The queue may hand one message to two workers (a sweep and a scheduled retry, two servers'
sweeps): ``claim_deliveries`` is a conditional UPDATE (pending and due, or sending with an
expired lease, becomes sending with a new lease), so exactly one of them sends it. The
caller commits the claim before it sends, and sends with no transaction open.

Messages follow Standard Webhooks: ``webhook-id`` (the message's id, the same on every
try), ``webhook-timestamp`` (Unix seconds of this try) and ``webhook-signature``: ``v1,``
and the base64 HMAC-SHA256 of ``id.timestamp.body`` keyed with the secret's bytes.
"""

import base64
import hashlib
import hmac
import http.client
import ipaddress
import random
import socket
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlsplit

import sqlalchemy as sa

from annotator.auth.permissions import Action
from annotator.errors import NotFound, ValidationError
from annotator.extensions import db
from annotator.models import User, utcnow
from annotator.models.webhook import (
    DeliveryState,
    WebhookAttempt,
    WebhookDelivery,
    WebhookEndpoint,
)
from annotator.services.access import require
from annotator.storage.after_commit import after_commit_batch
from annotator.storage.locks import take_write_lock

#: How long a worker owns a claimed message: longer than any try can take.
LEASE = timedelta(minutes=2)
#: How late a due message must be before the sweep sends it (its own task comes first).
SWEEP_GRACE = timedelta(seconds=30)
USER_AGENT = "Annotator-Webhooks/1"


@dataclass(frozen=True)
class Policy:
    """How messages are sent: from the app's settings."""

    timeout: float = 10.0
    #: Seconds to wait after the 1st, 2nd, ... failed try; after the last, the message fails.
    retry_delays: tuple[float, ...] = (5, 300, 1800, 7200, 18000, 36000)
    allow_local: bool = False
    allow_intranet: bool = False
    #: Switch an endpoint off when it has failed for this long (None: never).
    disable_after: timedelta | None = timedelta(days=5)


@dataclass(frozen=True)
class Outcome:
    """What one try came to."""

    status_code: int | None
    duration_ms: int
    error: str = ""
    response_body: str = ""

    @property
    def succeeded(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


def sign(secret: str, message_id: str, timestamp: int, body: str) -> str:
    """Return the ``webhook-signature`` header of a message."""
    key = base64.b64decode(secret.removeprefix("whsec_"))
    signed = f"{message_id}.{timestamp}.{body}".encode()
    digest = hmac.new(key, signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


# -- Claiming -----------------------------------------------------------------------------


def claim_deliveries(
    delivery_ids: list[int], now: datetime, lease: timedelta, limit: int
) -> list[int]:
    """Take for this worker these messages, and other due ones up to the limit, of those
    that are due and that nobody holds; return those taken. A worker that fell behind so
    takes many at once, and the tasks of what it took find nothing left to do.

    The due ones are found by reading, without the write lock (a task that finds nothing
    writes nothing); one conditional UPDATE then takes them, so that two workers handed
    one message never both take it. The caller commits before sending.
    """
    due = sa.or_(
        sa.and_(
            WebhookDelivery.state == DeliveryState.pending,
            WebhookDelivery.next_attempt_at <= now,
        ),
        sa.and_(WebhookDelivery.state == DeliveryState.sending, WebhookDelivery.lease_until < now),
    )
    wanted_first = sa.case((WebhookDelivery.id.in_(delivery_ids), 0), else_=1)
    chosen = list(
        db.session.scalars(
            sa.select(WebhookDelivery.id)
            .where(due)
            .order_by(wanted_first, WebhookDelivery.next_attempt_at, WebhookDelivery.id)
            .limit(limit)
        )
    )
    if not chosen:
        return []
    take_write_lock(db.session.connection())
    taken = db.session.scalars(
        sa.update(WebhookDelivery)
        .where(WebhookDelivery.id.in_(chosen), due)
        .values(state=DeliveryState.sending, lease_until=now + lease)
        .returning(WebhookDelivery.id)
        .execution_options(synchronize_session=False)
    )
    return sorted(taken)


def lease_for(count: int, policy: Policy) -> timedelta:
    """How long a worker holds this many messages: longer than sending all of them can take
    (one after the other, each up to the timeout), so no other worker sends one twice."""
    return LEASE + timedelta(seconds=count * policy.timeout)


def prune_delivery_log(before: datetime, limit: int = 500) -> int:
    """Delete up to ``limit`` messages that were delivered, or failed for good, before this
    time, with their tries; a message still owed is never deleted. Return how many went."""
    finished = sa.or_(
        sa.and_(
            WebhookDelivery.state == DeliveryState.delivered,
            WebhookDelivery.delivered_at < before,
        ),
        sa.and_(
            WebhookDelivery.state == DeliveryState.failed,
            WebhookDelivery.created_at < before,
        ),
    )
    ids = list(db.session.scalars(sa.select(WebhookDelivery.id).where(finished).limit(limit)))
    if ids:
        db.session.execute(sa.delete(WebhookAttempt).where(WebhookAttempt.delivery_id.in_(ids)))
        db.session.execute(sa.delete(WebhookDelivery).where(WebhookDelivery.id.in_(ids)))
    return len(ids)


def due_deliveries(now: datetime, limit: int = 500) -> list[int]:
    """Return messages whose time has passed without a worker taking them (an enqueue lost
    between commit and queue, a worker that died holding one), oldest first."""
    late = now - SWEEP_GRACE
    query = (
        sa.select(WebhookDelivery.id)
        .where(
            sa.or_(
                sa.and_(
                    WebhookDelivery.state == DeliveryState.pending,
                    WebhookDelivery.next_attempt_at <= late,
                ),
                sa.and_(
                    WebhookDelivery.state == DeliveryState.sending,
                    WebhookDelivery.lease_until < now,
                ),
            )
        )
        .order_by(WebhookDelivery.next_attempt_at, WebhookDelivery.id)
        .limit(limit)
    )
    return list(db.session.scalars(query))


# -- Sending ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Message:
    """What a try needs, read before the network is touched."""

    delivery_id: int
    message_id: str
    body: str
    url: str
    secret: str
    active: bool


def messages_of(delivery_ids: list[int]) -> list[Message]:
    """Read what sending these messages needs, in one query, in the order given."""
    rows = db.session.execute(
        sa.select(
            WebhookDelivery.id,
            WebhookDelivery.message_id,
            WebhookDelivery.body,
            WebhookEndpoint.url,
            WebhookEndpoint.secret,
            WebhookEndpoint.active,
        )
        .join(WebhookDelivery.endpoint)
        .where(WebhookDelivery.id.in_(delivery_ids))
        .order_by(WebhookDelivery.id)
    )
    return [Message(*row) for row in rows]


def send_message(message: Message, policy: Policy, now: float | None = None) -> Outcome:
    """Post the message once (no transaction may be open: this waits on the network)."""
    timestamp = int(now if now is not None else time.time())
    headers = {
        "content-type": "application/json",
        "user-agent": USER_AGENT,
        "webhook-id": message.message_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": sign(message.secret, message.message_id, timestamp, message.body),
    }
    started = time.monotonic()

    def elapsed() -> int:
        return round((time.monotonic() - started) * 1000)

    try:
        connection = open_connection(message.url, policy)
        try:
            parts = urlsplit(message.url)
            target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
            connection.request("POST", target, body=message.body.encode(), headers=headers)
            response = connection.getresponse()
            answer = response.read(500).decode("utf-8", "replace")
            return Outcome(response.status, elapsed(), "", answer)
        finally:
            connection.close()
    except TimeoutError:
        return Outcome(None, elapsed(), f"No answer within {policy.timeout:g} s.")
    except (OSError, http.client.HTTPException, ValueError) as error:
        return Outcome(None, elapsed(), describe(error))


def describe(error: Exception) -> str:
    text = str(error) or type(error).__name__
    return text[:300]


class RefusedAddress(ValueError):
    """The endpoint's host resolves to an address the server may not reach."""


def open_connection(url: str, policy: Policy) -> http.client.HTTPConnection:
    """Return a connection to the endpoint, to an address checked here and used as is (so
    a name cannot resolve to a public address when checked and a private one when used)."""
    parts = urlsplit(url)
    https = parts.scheme.lower() == "https"
    port = parts.port or (443 if https else 80)
    address = vetted_address(parts.hostname or "", port, policy)
    cls = http.client.HTTPSConnection if https else http.client.HTTPConnection
    connection = cls(parts.hostname, port, timeout=policy.timeout)

    def connect_to_vetted(_where, timeout=None, source_address=None):
        return socket.create_connection((address, port), timeout, source_address)

    connection._create_connection = connect_to_vetted  # type: ignore[attr-defined]
    return connection


def vetted_address(host: str, port: int, policy: Policy) -> str:
    """Resolve the host and return its first address the policy lets the server reach."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    for *_, sockaddr in infos:
        address = ipaddress.ip_address(sockaddr[0])
        if policy.allow_local or address.is_global:
            return str(address)
        if policy.allow_intranet and address.is_private and not address.is_loopback:
            return str(address)
    raise RefusedAddress(f"{host} resolves to an address this server may not reach.")


# -- Recording ----------------------------------------------------------------------------


def record_outcomes(
    outcomes: dict[int, Outcome | None], started_at: datetime, policy: Policy
) -> dict[int, datetime]:
    """Log each try and move each message on, in one transaction; a message whose outcome
    is None was not sent (its endpoint is switched off) and fails. Return the messages to
    try again, with when."""
    take_write_lock(db.session.connection())
    deliveries = db.session.scalars(
        sa.select(WebhookDelivery)
        .where(WebhookDelivery.id.in_(list(outcomes)))
        .options(sa.orm.joinedload(WebhookDelivery.endpoint))
    )
    retries = {}
    for delivery in deliveries:
        outcome = outcomes[delivery.id]
        if outcome is None:
            record_skipped(delivery)
        elif retry := record_outcome(delivery, outcome, started_at, policy):
            retries[delivery.id] = retry
    db.session.flush()
    return retries


def record_outcome(
    delivery: WebhookDelivery, outcome: Outcome, started_at: datetime, policy: Policy
) -> datetime | None:
    """Log the try and move the message on; return when to try again (None: no more)."""
    endpoint = delivery.endpoint
    db.session.add(
        WebhookAttempt(
            delivery_id=delivery.id,
            started_at=started_at,
            duration_ms=outcome.duration_ms,
            status_code=outcome.status_code,
            error=outcome.error[:300],
            response_body=outcome.response_body[:500],
        )
    )
    delivery.round_attempts += 1
    delivery.lease_until = None
    now = utcnow()
    if outcome.succeeded:
        delivery.state, delivery.delivered_at, delivery.next_attempt_at = (
            DeliveryState.delivered,
            now,
            None,
        )
        endpoint.failing_since = None
        return None
    endpoint.failing_since = endpoint.failing_since or started_at
    retry = next_retry(delivery.round_attempts, now, policy)
    delivery.next_attempt_at = retry
    delivery.state = DeliveryState.pending if retry else DeliveryState.failed
    if retry is None:
        disable_if_failing_long(endpoint, now, policy)
    return retry


def record_skipped(delivery: WebhookDelivery) -> None:
    """Leave a claimed message of a switched-off endpoint failed, without sending it."""
    delivery.state, delivery.lease_until, delivery.next_attempt_at = (
        DeliveryState.failed,
        None,
        None,
    )
    db.session.add(
        WebhookAttempt(delivery_id=delivery.id, error="Not sent: the endpoint is switched off.")
    )


def next_retry(attempts: int, now: datetime, policy: Policy) -> datetime | None:
    """Return when to try again after this many failed tries: the schedule's delay, give or
    take a tenth (jitter, so endpoints that came back are not hit all at once)."""
    if attempts > len(policy.retry_delays):
        return None
    delay = policy.retry_delays[attempts - 1]
    jitter = random.uniform(-0.1, 0.1) * delay  # noqa: S311 - spreading load, not a secret
    return now + timedelta(seconds=delay + jitter)


def disable_if_failing_long(endpoint: WebhookEndpoint, now: datetime, policy: Policy) -> None:
    """Switch the endpoint off when it has failed, with no success, for too long."""
    since = endpoint.failing_since
    if policy.disable_after is None or since is None or now - since < policy.disable_after:
        return
    endpoint.active = False
    endpoint.disabled_reason = (
        f"Switched off on {now:%Y-%m-%d}: every try failed since {since:%Y-%m-%d %H:%M} UTC."
    )


# -- The log, and sending again -----------------------------------------------------------


def delivery_log(endpoint: WebhookEndpoint, limit: int = 50) -> list[WebhookDelivery]:
    """Return the endpoint's latest messages, newest first, with their tries."""
    query = (
        sa.select(WebhookDelivery)
        .where(WebhookDelivery.endpoint_id == endpoint.id)
        .order_by(WebhookDelivery.id.desc())
        .limit(limit)
        .options(sa.orm.selectinload(WebhookDelivery.attempts))
    )
    return list(db.session.scalars(query))


def redeliver(actor: User, endpoint: WebhookEndpoint, delivery_id: int) -> WebhookDelivery:
    """Send a message again, under its own id, as soon as a worker can."""
    require(actor, endpoint.team_id, Action.manage_members)
    delivery = db.session.get(WebhookDelivery, delivery_id)
    if delivery is None or delivery.endpoint_id != endpoint.id:
        raise NotFound("No such message.")
    if delivery.state == DeliveryState.sending:
        raise ValidationError("This message is being sent right now.")
    if not endpoint.active:
        raise ValidationError("Switch the endpoint on before sending to it again.")
    delivery.state, delivery.next_attempt_at = DeliveryState.pending, utcnow()
    delivery.round_attempts = 0
    db.session.flush()
    after_commit_batch("deliver_webhooks", delivery.id)
    return delivery
