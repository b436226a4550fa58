"""Sending one message: Standard Webhooks' signature, the addresses a server may reach (SSRF),
what a failure is logged as, switching a failing endpoint off, and sending again."""

import socket
from datetime import timedelta

import pytest
import sqlalchemy as sa

from annotator.errors import NotFound, ValidationError
from annotator.extensions import db
from annotator.models import (
    DeliveryState,
    Role,
    WebhookAttempt,
    WebhookDelivery,
    WebhookEvent,
    utcnow,
)
from annotator.services import teams, webhook_delivery, webhooks
from annotator.services.webhook_delivery import Message, Outcome, Policy, send_message
from tests.webhook_receiver import Receiver, start_receiver

LOCAL = Policy(timeout=2, allow_local=True)
PRODUCTION = Policy(timeout=2)
ALL = [event.value for event in WebhookEvent]


def test_the_signature_matches_the_specifications_example():
    """The example of the Standard Webhooks specification (its reference libraries' test)."""
    signature = webhook_delivery.sign(
        "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
        "msg_p5jXN8AQM9LWM0D4loKWxJek",
        1614265330,
        '{"test": 2432232314}',
    )
    assert signature == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="


@pytest.fixture
def receiver():
    receiver = Receiver(secret=webhooks.new_secret())
    server = start_receiver(receiver)
    yield receiver
    server.shutdown()
    server.server_close()


def message_to(url: str, secret: str) -> Message:
    return Message(1, "msg_test", '{"type":"ping"}', url, secret, True)


def test_a_message_goes_out_signed_with_the_standard_headers(receiver):
    outcome = send_message(message_to(receiver.url + "?team=1", receiver.secret), LOCAL)
    assert outcome == Outcome(200, outcome.duration_ms, "", "ok")
    (got,) = receiver.received
    assert got.valid
    assert got.headers["webhook-id"] == "msg_test"
    assert got.headers["content-type"] == "application/json"
    assert got.body == b'{"type":"ping"}'


def test_a_wrong_secret_does_not_verify(receiver):
    send_message(message_to(receiver.url, webhooks.new_secret()), LOCAL)
    assert not receiver.received[0].valid


def test_production_refuses_this_machine_and_the_intranet_at_send_time(receiver):
    """A name may resolve to a private address after it was registered: the address is
    checked when the message goes, and the connection goes to the address checked."""
    outcome = send_message(message_to(receiver.url, receiver.secret), PRODUCTION)
    assert outcome.status_code is None
    assert "may not reach" in outcome.error
    intranet = Policy(timeout=2, allow_intranet=True)
    assert "may not reach" in send_message(message_to(receiver.url, "whsec_"), intranet).error
    assert receiver.received == []


@pytest.mark.parametrize(
    ("address", "policy", "allowed"),
    [
        ("93.184.216.34", PRODUCTION, True),
        ("10.1.2.3", PRODUCTION, False),
        ("10.1.2.3", Policy(allow_intranet=True), True),
        ("192.168.0.7", Policy(allow_intranet=True), True),
        ("127.0.0.1", Policy(allow_intranet=True), False),
        ("169.254.169.254", PRODUCTION, False),  # a cloud's metadata service
        ("::1", PRODUCTION, False),
        ("127.0.0.1", LOCAL, True),
    ],
)
def test_which_addresses_a_server_may_reach(address, policy, allowed):
    if allowed:
        assert webhook_delivery.vetted_address(address, 443, policy) == address
    else:
        with pytest.raises(webhook_delivery.RefusedAddress):
            webhook_delivery.vetted_address(address, 443, policy)


def test_a_refused_connection_and_a_failed_handshake_are_logged_as_errors(receiver):
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    refused = send_message(message_to(f"http://127.0.0.1:{port}/", "whsec_"), LOCAL)
    assert refused.status_code is None
    assert "refused" in refused.error.lower()
    https = receiver.url.replace("http://", "https://")
    handshake = send_message(message_to(https, receiver.secret), LOCAL)
    assert handshake.status_code is None
    assert handshake.error
    assert not handshake.succeeded


def test_an_error_without_words_is_named_by_its_kind():
    assert webhook_delivery.describe(ConnectionResetError()) == "ConnectionResetError"
    assert len(webhook_delivery.describe(OSError("x" * 999))) == 300


def test_the_retry_schedule_waits_longer_each_time_give_or_take_a_tenth():
    now = utcnow()
    policy = Policy(retry_delays=(5, 300, 1800))
    for attempts, delay in ((1, 5), (2, 300), (3, 1800)):
        wait = (webhook_delivery.next_retry(attempts, now, policy) - now).total_seconds()
        assert delay * 0.9 <= wait <= delay * 1.1
    assert webhook_delivery.next_retry(4, now, policy) is None


@pytest.fixture
def owed(app, make_member, team):
    """An endpoint of the team with one message owed to it."""
    admin = make_member(Role.admin)
    endpoint = webhooks.create_endpoint(admin, team, "https://example.org/", "", ALL, False)
    delivery = WebhookDelivery(
        endpoint_id=endpoint.id,
        message_id="msg_owed",
        event_type="article.published",
        body="{}",
        next_attempt_at=utcnow(),
    )
    db.session.add(delivery)
    db.session.commit()
    return admin, endpoint, delivery


def test_an_endpoint_failing_for_too_long_is_switched_off_when_a_message_fails(owed):
    _, endpoint, delivery = owed
    policy = Policy(retry_delays=(), disable_after=timedelta(days=5))
    endpoint.failing_since = utcnow() - timedelta(days=1)
    failure = {delivery.id: Outcome(500, 10, "", "down")}
    assert webhook_delivery.record_outcomes(failure, utcnow(), policy) == {}  # no more tries
    assert delivery.state == DeliveryState.failed
    assert endpoint.active  # one day is not long enough
    endpoint.failing_since = utcnow() - timedelta(days=6)
    webhook_delivery.record_outcomes(failure, utcnow(), policy)
    assert not endpoint.active
    assert endpoint.disabled_reason.startswith("Switched off on ")
    never = Policy(retry_delays=(), disable_after=None)
    endpoint.active = True
    webhook_delivery.record_outcomes(failure, utcnow(), never)
    assert endpoint.active


def test_a_failure_with_tries_left_is_tried_again_on_its_schedule(owed):
    _, endpoint, delivery = owed
    started = utcnow()
    policy = Policy(retry_delays=(300,))
    retries = webhook_delivery.record_outcomes({delivery.id: Outcome(503, 9)}, started, policy)
    assert retries == {delivery.id: delivery.next_attempt_at}
    assert 270 <= (delivery.next_attempt_at - started).total_seconds() <= 331
    assert (delivery.state, endpoint.failing_since) == (DeliveryState.pending, started)


def test_a_message_not_sent_to_a_switched_off_endpoint_fails_with_the_reason(owed):
    _, _, delivery = owed
    assert webhook_delivery.record_outcomes({delivery.id: None}, utcnow(), Policy()) == {}
    assert delivery.state == DeliveryState.failed
    assert [attempt.error for attempt in delivery.attempts] == [
        "Not sent: the endpoint is switched off."
    ]


def test_a_success_ends_the_endpoints_run_of_failures(owed):
    _, endpoint, delivery = owed
    endpoint.failing_since = utcnow() - timedelta(hours=3)
    success = {delivery.id: Outcome(204, 12)}
    assert webhook_delivery.record_outcomes(success, utcnow(), Policy()) == {}
    assert (delivery.state, endpoint.failing_since) == (DeliveryState.delivered, None)
    assert [attempt.status_code for attempt in delivery.attempts] == [204]


def test_sending_again_starts_the_schedule_anew_under_the_same_id(owed):
    admin, endpoint, delivery = owed
    delivery.state, delivery.round_attempts = DeliveryState.failed, 7
    webhook_delivery.redeliver(admin, endpoint, delivery.id)
    assert (delivery.state, delivery.round_attempts) == (DeliveryState.pending, 0)
    assert delivery.message_id == "msg_owed"
    assert webhook_delivery.delivery_log(endpoint) == [delivery]


def test_sending_again_is_refused_while_sending_or_switched_off(owed):
    admin, endpoint, delivery = owed
    delivery.state = DeliveryState.sending
    with pytest.raises(ValidationError, match="being sent"):
        webhook_delivery.redeliver(admin, endpoint, delivery.id)
    delivery.state, endpoint.active = DeliveryState.failed, False
    with pytest.raises(ValidationError, match="Switch the endpoint on"):
        webhook_delivery.redeliver(admin, endpoint, delivery.id)


def test_a_message_of_another_endpoint_is_not_found_through_this_one(owed, team):
    admin, endpoint, delivery = owed
    other = webhooks.create_endpoint(admin, team, "https://example.com/", "", ALL, False)
    with pytest.raises(NotFound):
        webhook_delivery.redeliver(admin, other, delivery.id)
    with pytest.raises(NotFound):
        webhook_delivery.redeliver(admin, endpoint, 99_999)


def test_an_event_of_a_team_without_endpoints_writes_nothing(app, team):
    from annotator.services.articles import ArticleDraft, import_article

    import_article(team, None, ArticleDraft("Alone", "One."))
    other = teams.create_team("Other", "other")
    assert other.id != team.id
    assert db.session.query(WebhookDelivery).count() == 0


def finished(owed, state: DeliveryState, days_ago: float) -> WebhookDelivery:
    """A message of the owed one's endpoint that finished (or was written) days ago, tried once."""
    _, endpoint, _ = owed
    when = utcnow() - timedelta(days=days_ago)
    message = WebhookDelivery(
        endpoint_id=endpoint.id,
        message_id=f"msg_{state.value}_{days_ago}",
        event_type="article.published",
        body="{}",
        state=state,
        created_at=when,
        delivered_at=when if state is DeliveryState.delivered else None,
    )
    db.session.add(message)
    db.session.flush()
    db.session.add(WebhookAttempt(delivery_id=message.id, started_at=when, status_code=500))
    return message


def test_the_log_forgets_finished_messages_past_the_limit_and_never_one_still_owed(owed):
    _, endpoint, pending = owed
    pending.created_at = utcnow() - timedelta(days=400)
    kept = [finished(owed, DeliveryState.delivered, 10), finished(owed, DeliveryState.failed, 10)]
    gone = [finished(owed, DeliveryState.delivered, 100), finished(owed, DeliveryState.failed, 100)]
    old_ids = [message.id for message in gone]
    db.session.commit()
    before = utcnow() - timedelta(days=90)
    assert webhook_delivery.prune_delivery_log(before, limit=1) == 1  # a batch at a time
    assert webhook_delivery.prune_delivery_log(before) == 1
    assert webhook_delivery.prune_delivery_log(before) == 0
    db.session.commit()
    db.session.expire_all()
    assert set(webhook_delivery.delivery_log(endpoint)) == {pending, *kept}
    left = db.session.scalars(sa.select(WebhookAttempt.delivery_id)).all()
    assert sorted(left) == sorted(message.id for message in kept)
    assert not set(left) & set(old_ids)
