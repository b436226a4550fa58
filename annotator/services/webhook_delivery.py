"""Sending webhook messages: claim, sign, post, log, and schedule the next try.

The queue may hand one message to two workers (a sweep and a scheduled retry, two servers'
sweeps): ``claim_delivery`` is a conditional UPDATE (pending and due, or sending with an
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
from annotator.storage.after_commit import after_commit
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


def claim_delivery(delivery_id: int, now: datetime) -> bool:
    """Take the message for this worker if it is due and nobody holds it; tell whether it
    was taken. The caller commits before sending."""
    take_write_lock(db.session.connection())
    due = sa.or_(
        sa.and_(
            WebhookDelivery.state == DeliveryState.pending,
            WebhookDelivery.next_attempt_at <= now,
        ),
        sa.and_(WebhookDelivery.state == DeliveryState.sending, WebhookDelivery.lease_until < now),
    )
    result = db.session.execute(
        sa.update(WebhookDelivery)
        .where(WebhookDelivery.id == delivery_id, due)
        .values(state=DeliveryState.sending, lease_until=now + LEASE)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


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


def message_of(delivery_id: int) -> Message:
    delivery = db.session.get(WebhookDelivery, delivery_id)
    endpoint = delivery.endpoint
    return Message(
        delivery.id,
        delivery.message_id,
        delivery.body,
        endpoint.url,
        endpoint.secret,
        endpoint.active,
    )


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


def record_outcome(
    delivery_id: int, outcome: Outcome, started_at: datetime, policy: Policy
) -> datetime | None:
    """Log the try and move the message on; return when to try again (None: no more)."""
    take_write_lock(db.session.connection())
    delivery = db.session.get(WebhookDelivery, delivery_id)
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
        db.session.flush()
        return None
    endpoint.failing_since = endpoint.failing_since or started_at
    retry = next_retry(delivery.round_attempts, now, policy)
    delivery.next_attempt_at = retry
    delivery.state = DeliveryState.pending if retry else DeliveryState.failed
    if retry is None:
        disable_if_failing_long(endpoint, now, policy)
    db.session.flush()
    return retry


def record_skipped(delivery_id: int) -> None:
    """Leave a claimed message of a switched-off endpoint failed, without sending it."""
    take_write_lock(db.session.connection())
    delivery = db.session.get(WebhookDelivery, delivery_id)
    delivery.state, delivery.lease_until, delivery.next_attempt_at = (
        DeliveryState.failed,
        None,
        None,
    )
    db.session.add(
        WebhookAttempt(delivery_id=delivery.id, error="Not sent: the endpoint is switched off.")
    )
    db.session.flush()


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
    after_commit("deliver_webhook", delivery.id)
    return delivery
