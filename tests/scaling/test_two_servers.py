"""Two app servers on one PostgreSQL database: what one writes, the other serves at once."""

import http.cookiejar
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from flask_migrate import upgrade

from annotator import create_app
from annotator.extensions import db
from annotator.models import Role
from annotator.services import teams
from annotator.services.articles import ArticleDraft, import_article
from bench.workload import add_member
from tests.conftest import PASSWORD

ROOT = Path(__file__).resolve().parents[2]
CSRF = re.compile(r'name="csrf-token" content="([^"]+)"')
NOTE = "Budget line 14 shows 4.2 million, not 42."


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def prepared(url: str) -> tuple[int, str]:
    """Migrate the database, add a team, a reviewer and an article; return ids."""
    app = create_app({"TESTING": True, "SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        upgrade()
        team = teams.create_team("Two servers", "two-servers")
        reviewer = add_member(team, "Rita Reviewer", Role.reviewer, PASSWORD)
        draft = ArticleDraft(title="Roads", text="The council spent 42 million on roads.")
        article = import_article(team, None, draft).article
        db.session.commit()
        found = article.id, reviewer.email
        db.session.remove()
        db.engine.dispose()
    return found


def start_server(url: str, port: int) -> subprocess.Popen:
    """Start one gunicorn app server on the loopback address."""
    env = {
        **os.environ,
        "ANNOTATOR_DATABASE_URL": url,
        # Every server must sign cookies with the same key, or a login holds on one only.
        "ANNOTATOR_SECRET_KEY": "one key shared by every app server",
    }
    command = [sys.executable, "-m", "gunicorn", "annotator:create_app()"]
    command += ["--config", "python:annotator.web.serving"]
    command += ["--bind", f"127.0.0.1:{port}", "--workers", "1", "--log-level", "warning"]
    return subprocess.Popen(command, cwd=ROOT, env=env)


def wait_until_answering(port: int) -> None:
    for _ in range(300):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"the app server on port {port} did not start")


@pytest.fixture
def two_servers(empty_postgres):
    article_id, email = prepared(empty_postgres)
    ports = [free_port(), free_port()]
    servers = [start_server(empty_postgres, port) for port in ports]
    try:
        for port in ports:
            wait_until_answering(port)
        yield [f"http://127.0.0.1:{port}" for port in ports], article_id, email
    finally:
        for server in servers:
            server.send_signal(signal.SIGINT)  # gunicorn's quick shutdown
            try:
                server.wait(timeout=60)
            except subprocess.TimeoutExpired:  # a loaded machine: stop it the hard way
                server.kill()
                server.wait()


class Browser:
    """Keeps one cookie jar, whichever server it talks to, like a proxy's clients."""

    def __init__(self):
        jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))

    def get(self, url: str) -> str:
        with self.opener.open(url, timeout=60) as response:
            return response.read().decode()

    def post(self, url: str, form: dict, page: str) -> int:
        """Post a form with the CSRF token of the page it is on."""
        data = urllib.parse.urlencode({**form, "csrf_token": CSRF.search(page).group(1)})
        with self.opener.open(url, data.encode(), timeout=60) as response:
            return response.status


def test_flag_set_through_one_server_shows_through_the_other_at_once(two_servers):
    (first, second), article_id, email = two_servers
    browser = Browser()
    browser.post(
        f"{first}/login", {"email": email, "password": PASSWORD}, browser.get(f"{first}/login")
    )
    sentence = f"/articles/{article_id}/sentences/0"
    form = {"verdict": "disputed", "note": NOTE, "version": "0"}
    browser.post(f"{first}{sentence}/annotation", form, browser.get(f"{first}{sentence}"))
    seen = browser.get(f"{second}{sentence}")
    assert "Budget line 14 shows 4.2 million" in seen
    assert 'value="disputed"' in seen or "Disputed" in seen
