"""Webhook deliveries through the real queue: a huey consumer in threads of this process, its
queue in an SQLite file, Redis or PostgreSQL, posting to a real receiver on 127.0.0.1 that
checks every signature with its own code."""

import os
import signal
import threading
import time
from datetime import timedelta
from itertools import pairwise
from types import SimpleNamespace

import pytest
import redis
import sqlalchemy as sa
from flask import current_app

from annotator import create_app
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
from annotator.services.articles import ArticleDraft, import_article
from annotator.storage import after_commit
from annotator.tasks import queue
from annotator.tasks.webhooks import (
    BATCH,
    deliver_webhooks,
    policy,
    prune_webhook_log,
    sweep_webhooks,
)
from tests.conftest import base_config, unavailable
from tests.webhook_receiver import Receiver, start_receiver

REDIS_SERVER = os.environ.get("ANNOTATOR_TEST_REDIS_SERVER", "redis://127.0.0.1:6379")
#: A database of Redis per engine: `make test` runs both engines' tests at once, and each
#: run empties its queue.
REDIS_DATABASES = {"sqlite": 15, "postgresql": 14}
ALL = [event.value for event in WebhookEvent]


@pytest.fixture(params=["sqlite", "redis", "postgresql"])
def queue_url(request, tmp_path, engine_name, database_url):
    """Each kind of queue the app runs on; PostgreSQL's only in the PostgreSQL run."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'queue.sqlite3'}"
    if request.param == "redis":
        url = f"{REDIS_SERVER}/{REDIS_DATABASES[engine_name]}"
        client = redis.Redis.from_url(url, socket_connect_timeout=1)
        try:
            client.flushdb()
        except redis.exceptions.ConnectionError as error:
            unavailable(f"Redis is not reachable at {url}: {error}")
        finally:
            client.close()
        return url
    if engine_name != "postgresql":
        pytest.skip("the PostgreSQL queue runs in the PostgreSQL run (--db=postgresql)")
    return database_url


def queue_app(database_url, queue_url, **settings):
    config = base_config(database_url) | {
        "QUEUE_URL": queue_url,
        "WEBHOOK_RETRY_DELAYS": "1,1",
        "WEBHOOK_GATHER_SECONDS": 0,
        "WEBHOOK_TIMEOUT_SECONDS": 0.5,
        **settings,
    }
    return create_app(config)


class RunningConsumer:
    """A huey consumer with worker threads in this process, as `flask worker` runs one."""

    def __init__(self, workers=2):
        self.handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
        self.consumer = queue.create_consumer(
            workers=workers,
            worker_type="thread",
            periodic=False,
            initial_delay=0.02,
            max_delay=0.1,
            check_worker_health=False,
        )
        self.consumer.start()

    def stop(self):
        self.consumer.stop(graceful=True)
        for sig, handler in self.handlers.items():
            signal.signal(sig, handler)


@pytest.fixture
def world(database_url, queue_url, engine_name):
    """An app on the test's database and queue, a running consumer, a team with an admin,
    a receiver and an endpoint that posts to it."""
    app = queue_app(database_url, queue_url)
    with app.app_context():
        queue.flush()  # no task left by an earlier test (it would take what is due)
        team = teams.create_team("Desk", "desk")
        admin = make_admin(team)
        receiver = Receiver()
        server = start_receiver(receiver)
        endpoint = webhooks.create_endpoint(admin, team, receiver.url, "", ALL, True)
        receiver.secret = endpoint.secret
        db.session.commit()
        consumer = RunningConsumer()
        try:
            yield SimpleNamespace(team=team, endpoint=endpoint, receiver=receiver)
        finally:
            consumer.stop()
            server.shutdown()
            server.server_close()
            db.session.remove()
            if engine_name == "postgresql":
                from tests.conftest import empty_all_tables

                empty_all_tables()
            db.engine.dispose()
            queue.storage.close()


def make_admin(team):
    from annotator.services import accounts

    user = accounts.create_user(f"admin{team.id}@example.org", "Ada", "a long enough password")
    teams.set_membership(team, user, Role.admin)
    return user


def deliveries() -> list[WebhookDelivery]:
    db.session.commit()  # a new snapshot: the workers committed in their own sessions
    return list(db.session.scalars(sa.select(WebhookDelivery).order_by(WebhookDelivery.id)))


def wait_until(check, timeout=15.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        db.session.rollback()
        if check():
            return
        time.sleep(0.05)
    raise AssertionError("the condition never held")


def test_a_committed_change_reaches_the_endpoint_once_and_signed(world):
    team = world.team
    receiver = world.receiver
    article = import_article(team, None, ArticleDraft("Bridges", "One. Two.")).article
    db.session.commit()
    (got,) = receiver.wait_for(1)
    assert got.valid
    assert got.payload["type"] == "article.imported"
    assert got.payload["data"]["article"] == {
        "id": article.id,
        "title": "Bridges",
        "state": "draft",
    }
    wait_until(lambda: deliveries()[0].state == DeliveryState.delivered)
    (delivery,) = deliveries()
    assert got.headers["webhook-id"] == delivery.message_id
    assert got.body.decode() == delivery.body
    assert [attempt.status_code for attempt in delivery.attempts] == [200]
    assert delivery.delivered_at is not None


def test_a_failing_endpoint_is_tried_again_later_then_the_message_fails(world):
    team = world.team
    endpoint = world.endpoint
    receiver = world.receiver
    receiver.mode = "fail"
    import_article(team, None, ArticleDraft("Bridges", "One."))
    db.session.commit()
    tries = receiver.wait_for(3)
    assert len({got.headers["webhook-id"] for got in tries}) == 1  # the same message
    assert all(got.valid for got in tries)
    wait_until(lambda: deliveries()[0].state == DeliveryState.failed)
    (delivery,) = deliveries()
    attempts = sorted(delivery.attempts, key=lambda attempt: attempt.id)
    assert [attempt.status_code for attempt in attempts] == [500, 500, 500]
    assert "<script>" in attempts[0].response_body
    gaps = [b.started_at - a.started_at for a, b in pairwise(attempts)]
    assert all(gap >= timedelta(seconds=0.85) for gap in gaps)  # 1 s, less a tenth of jitter
    time.sleep(1.5)
    assert len(receiver.received) == 3  # no fourth try: the schedule had two retries

    receiver.mode = "ok"
    admin = db.session.scalars(sa.select(webhooks.User)).first()
    webhook_delivery.redeliver(admin, endpoint, delivery.id)
    db.session.commit()
    again = receiver.wait_for(4)[-1]
    assert again.headers["webhook-id"] == delivery.message_id
    wait_until(lambda: deliveries()[0].state == DeliveryState.delivered)


def test_an_endpoint_that_never_answers_is_given_up_on_after_the_timeout(world):
    team = world.team
    receiver = world.receiver
    receiver.mode, receiver.hang_seconds = "hang", 2
    import_article(team, None, ArticleDraft("Bridges", "One."))
    db.session.commit()
    started = time.monotonic()
    wait_until(lambda: any(d.attempts for d in deliveries()))
    assert time.monotonic() - started < 1.9  # the worker did not wait for the answer
    attempt = deliveries()[0].attempts[-1]
    assert attempt.status_code is None
    assert attempt.error == "No answer within 0.5 s."
    assert 450 <= attempt.duration_ms < 1900


def test_the_sweep_sends_a_message_whose_enqueue_was_lost(world, monkeypatch):
    team = world.team
    receiver = world.receiver
    monkeypatch.delitem(after_commit.HANDLERS, "deliver_webhooks")  # the process died here
    import_article(team, None, ArticleDraft("Bridges", "One."))
    db.session.commit()
    time.sleep(0.3)
    assert receiver.received == []
    (delivery,) = deliveries()
    assert sweep_webhooks.call_local() == 0  # not late yet: its own task may still come
    delivery.next_attempt_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    assert sweep_webhooks.call_local() == 1
    receiver.wait_for(1)
    wait_until(lambda: deliveries()[0].state == DeliveryState.delivered)


def test_messages_of_transactions_close_together_go_out_in_one_task(world):
    """With a moment to gather (the default), the first task takes what the next
    transactions owe too: one claim, one record for all of them."""
    current_app.config["WEBHOOK_GATHER_SECONDS"] = 0.5
    for number in range(3):
        import_article(world.team, None, ArticleDraft(f"Article {number}", f"Text {number}."))
        db.session.commit()
    world.receiver.wait_for(3)
    wait_until(lambda: {d.state for d in deliveries()} == {DeliveryState.delivered})
    tries = [delivery.attempts[0] for delivery in deliveries()]
    assert len({attempt.started_at for attempt in tries}) == 1  # one task sent them
    assert set(world.receiver.ids.values()) == {1}


def test_two_workers_handed_the_same_messages_send_each_once(world, monkeypatch):
    """The queue may hand a message to two workers (a sweep and a retry, two servers): the
    conditional claim lets exactly one of them send it."""
    team = world.team
    receiver = world.receiver
    monkeypatch.delitem(after_commit.HANDLERS, "deliver_webhooks")
    for number in range(10):
        import_article(team, None, ArticleDraft(f"Article {number}", f"Text {number}."))
    db.session.commit()
    ids = [delivery.id for delivery in deliveries()]
    assert len(ids) == 10
    start = threading.Barrier(2)
    errors = []

    def worker():
        try:
            start.wait()
            for delivery_id in ids:
                deliver_webhooks.call_local([delivery_id])
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    receiver.wait_for(10)
    time.sleep(0.2)
    assert len(receiver.received) == 10
    assert set(receiver.ids.values()) == {1}
    assert {d.state for d in deliveries()} == {DeliveryState.delivered}
    attempts = db.session.scalar(sa.select(sa.func.count(WebhookAttempt.id)))
    assert attempts == 10


def test_a_claim_is_taken_once_and_again_only_when_its_lease_ran_out(world, monkeypatch):
    team = world.team
    monkeypatch.delitem(after_commit.HANDLERS, "deliver_webhooks")
    import_article(team, None, ArticleDraft("Bridges", "One."))
    db.session.commit()
    (delivery,) = deliveries()
    now = utcnow()
    lease = webhook_delivery.LEASE
    assert webhook_delivery.claim_deliveries([delivery.id], now, lease, BATCH) == [delivery.id]
    assert webhook_delivery.claim_deliveries([delivery.id], now, lease, BATCH) == []
    db.session.commit()
    assert webhook_delivery.due_deliveries(now) == []
    later = now + lease + timedelta(seconds=1)
    assert webhook_delivery.due_deliveries(later) == [delivery.id]  # its worker died
    assert webhook_delivery.claim_deliveries([delivery.id], later, lease, BATCH) == [delivery.id]
    db.session.rollback()


def test_a_worker_takes_its_messages_first_then_others_due_up_to_a_batch(world, monkeypatch):
    """A worker that fell behind takes what is due with its own: their tasks find nothing."""
    monkeypatch.delitem(after_commit.HANDLERS, "deliver_webhooks")
    for number in range(4):
        import_article(world.team, None, ArticleDraft(f"Article {number}", f"Text {number}."))
    db.session.commit()
    ids = [delivery.id for delivery in deliveries()]
    now, lease = utcnow(), webhook_delivery.LEASE
    assert webhook_delivery.claim_deliveries([ids[3]], now, lease, 2) == [ids[0], ids[3]]
    assert webhook_delivery.claim_deliveries([ids[3]], now, lease, 5) == [ids[1], ids[2]]
    db.session.rollback()


def test_a_worker_holds_a_batch_longer_than_sending_all_of_it_can_take():
    rules = webhook_delivery.Policy(timeout=10)
    assert webhook_delivery.lease_for(20, rules) == webhook_delivery.LEASE + timedelta(seconds=200)


def test_a_switched_off_endpoint_is_not_sent_to(world, monkeypatch):
    team = world.team
    endpoint = world.endpoint
    receiver = world.receiver
    monkeypatch.delitem(after_commit.HANDLERS, "deliver_webhooks")
    import_article(team, None, ArticleDraft("Bridges", "One."))
    db.session.commit()
    endpoint.active = False
    db.session.commit()
    (delivery,) = deliveries()
    assert deliver_webhooks.call_local([delivery.id]) == 0
    (delivery,) = deliveries()
    assert delivery.state == DeliveryState.failed
    assert "switched off" in delivery.attempts[0].error
    assert receiver.received == []


def test_the_policy_comes_from_the_settings():
    app = create_app(
        base_config("sqlite://")
        | {"WEBHOOK_RETRY_DELAYS": "5, 60", "WEBHOOK_DISABLE_AFTER_DAYS": 0}
    )
    with app.app_context():
        rules = policy()
        assert rules.retry_delays == (5.0, 60.0)
        assert rules.disable_after is None
        assert rules.allow_local  # testing
        app.config["WEBHOOK_RETRY_DELAYS"] = [1, 2]
        assert policy().retry_delays == (1.0, 2.0)
    production = create_app(base_config("sqlite://") | {"TESTING": False, "QUEUE_URL": "memory://"})
    with production.app_context():
        assert not policy().allow_local
        assert policy().disable_after == timedelta(days=5)


def test_the_queue_is_a_file_in_the_instance_folder_unless_a_url_is_given(tmp_path):
    from flask import Flask

    from annotator.config import load_config

    app = Flask("annotator", instance_path=str(tmp_path))
    load_config(app, {"SECRET_KEY": "a real key"})
    assert app.config["QUEUE_URL"] == f"sqlite:///{tmp_path / 'queue.sqlite3'}"
    assert not app.config["WEBHOOK_ALLOW_LOCAL"]
    shared = Flask("annotator", instance_path=str(tmp_path))
    load_config(shared, {"SECRET_KEY": "a real key", "QUEUE_URL": "redis://queue:6379/0"})
    assert shared.config["QUEUE_URL"] == "redis://queue:6379/0"


@pytest.mark.parametrize(
    ("url", "storage"),
    [
        ("sqlite:///{tmp}/q.sqlite3", "SqliteStorage"),
        ("redis://127.0.0.1:6379/15", "RedisStorage"),  # connects on first use
        ("memory://", "MemoryStorage"),
    ],
)
def test_the_queue_url_chooses_the_storage(url, storage, tmp_path):
    from annotator.tasks.queue import storage_for

    chosen = storage_for(url.format(tmp=tmp_path))
    assert type(chosen).__name__ == storage
    chosen.close()


def test_an_sqlite_queue_does_not_wait_for_the_disk_on_each_enqueue(tmp_path):
    # The outbox rows in the app's database are the durable record (the sweep re-queues).
    from annotator.tasks.queue import storage_for

    chosen = storage_for(f"sqlite:///{tmp_path / 'q.sqlite3'}")
    assert chosen.conn.execute("pragma synchronous").fetchone()[0] == 0
    chosen.close()


def test_the_database_url_of_postgresql_is_given_to_the_queue_as_libpq_reads_it():
    # The PostgreSQL queue itself runs in test_..._send_each_once[postgresql] and the others.
    from annotator.tasks.queue import libpq_url

    assert libpq_url("postgresql+psycopg://u:p@db/annotator") == "postgresql://u:p@db/annotator"
    assert libpq_url("postgres://db/annotator") == "postgresql://db/annotator"


def test_an_unknown_queue_url_is_refused():
    from annotator.tasks.queue import storage_for

    with pytest.raises(ValueError, match="QUEUE_URL"):
        storage_for("amqp://rabbit/")


def test_the_nightly_task_prunes_the_log_as_the_setting_says(app, make_member, team):
    admin = make_member(Role.admin)
    endpoint = webhooks.create_endpoint(admin, team, "https://example.org/", "", ALL, False)
    for days_ago in (100, 10):
        when = utcnow() - timedelta(days=days_ago)
        db.session.add(
            WebhookDelivery(
                endpoint_id=endpoint.id,
                message_id=f"msg_{days_ago}",
                event_type="article.published",
                body="{}",
                state=DeliveryState.delivered,
                created_at=when,
                delivered_at=when,
            )
        )
    db.session.commit()
    app.config["WEBHOOK_LOG_DAYS"] = 0  # keep everything
    assert prune_webhook_log.call_local() == 0
    app.config["WEBHOOK_LOG_DAYS"] = 30
    assert prune_webhook_log.call_local() == 1
    db.session.expire_all()
    assert [d.message_id for d in webhook_delivery.delivery_log(endpoint)] == ["msg_10"]
