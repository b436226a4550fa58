"""`flask worker` as `make run` starts it: a process of its own that delivers what the web
process committed, and stops cleanly on Ctrl-C (SIGINT) or SIGTERM."""

import os
import signal
import subprocess
import sys
import time

import pytest

from annotator import create_app
from annotator.extensions import db
from annotator.models import Role
from annotator.services import accounts, teams, webhooks
from annotator.services.articles import ArticleDraft, import_article
from tests.conftest import REPOSITORY, base_config, empty_all_tables
from tests.webhook_receiver import Receiver, start_receiver


@pytest.mark.parametrize("stop_with", [signal.SIGINT, signal.SIGTERM])
def test_the_worker_delivers_what_the_web_process_committed_then_stops(
    database_url, engine_name, tmp_path, stop_with
):
    queue_url = f"sqlite:///{tmp_path / 'queue.sqlite3'}"
    receiver = Receiver()
    server = start_receiver(receiver)
    env = {
        **os.environ,
        "ANNOTATOR_DATABASE_URL": database_url,
        "ANNOTATOR_QUEUE_URL": queue_url,
        "ANNOTATOR_SECRET_KEY": "worker test key",
        "ANNOTATOR_WEBHOOK_ALLOW_LOCAL": "1",
        "ANNOTATOR_WORKER_THREADS": "1",
    }
    worker = subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "annotator", "worker"],
        cwd=REPOSITORY,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        # As a terminal's foreground job: Ctrl-C's SIGINT is not ignored.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    app = create_app(base_config(database_url) | {"QUEUE_URL": queue_url})
    try:
        with app.app_context():
            team = teams.create_team("Desk", "desk")
            admin = accounts.create_user("ada@example.org", "Ada", "a long enough password")
            teams.set_membership(team, admin, Role.admin)
            endpoint = webhooks.create_endpoint(
                admin, team, receiver.url, "", ["article.imported"], True
            )
            receiver.secret = endpoint.secret
            import_article(team, admin, ArticleDraft("Bridges", "One. Two."))
            db.session.commit()
            (got,) = receiver.wait_for(1, timeout=30)
            assert got.valid
            assert got.payload["data"]["article"]["title"] == "Bridges"
        started = time.monotonic()
        worker.send_signal(stop_with)
        output, _ = worker.communicate(timeout=20)
        assert worker.returncode == 0, output
        assert time.monotonic() - started < 10
        assert "Worker: 1 thread(s) on sqlite:///" in output
        assert "worker test key" not in output
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.communicate()
        server.shutdown()
        server.server_close()
        with app.app_context():
            db.session.remove()
            if engine_name == "postgresql":
                empty_all_tables()  # the run's database is shared by its tests
            db.engine.dispose()


def test_the_worker_names_its_queue_without_the_password():
    from annotator.cli.worker import describe_queue

    assert describe_queue("redis://:s3cret@queue:6379/0") == "redis://queue:6379/0"
    assert describe_queue("postgresql://app:s3cret@db/annotator") == "postgresql://db/annotator"
