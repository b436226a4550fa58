"""Nothing secret is logged: passwords, token and invitation secrets, cookies, CSRF tokens, the key.

A real HTTP server on a loopback port (so the access log is written as a deployment's would
be) serves the whole account life: first administrator, a wrong and a right login, a
password change, a new access token and an API call with it, invitations by page and API, a
newcomer signing up with the link, and an instance administrator's reset of their password.
Every logger is captured at DEBUG (SQL with its parameters included), and so is everything
written to stdout/stderr.
"""

import logging
import re
import secrets
import threading
from contextlib import contextmanager

import pytest
import requests
from werkzeug.serving import make_server

from annotator import create_app
from annotator.extensions import db
from annotator.services.teams import create_team
from tests.conftest import base_config

FIRST_PASSWORD = "first password " + secrets.token_hex(6)
NEW_PASSWORD = "second password " + secrets.token_hex(6)
WRONG_PASSWORD = "wrong password " + secrets.token_hex(6)
SECRET_KEY = "key-" + secrets.token_hex(24)
CSRF_FIELD = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
NEWCOMER_PASSWORD = "newcomer password " + secrets.token_hex(6)
RESET_PASSWORD = "reset password " + secrets.token_hex(6)
INVITATION_LINK = re.compile(
    r'id="invitation-link" class="token-secret" type="text" value="([^"]+)"'
)
TOKEN_SECRET = re.compile(r'id="new-token" class="token-secret" type="text" value="([^"]+)"')


@pytest.fixture
def served_app(database_url, engine_name):
    """The app as deployed: CSRF on, a real secret key, logging nothing on purpose."""
    if engine_name != "sqlite":
        pytest.skip("what is logged does not depend on the database engine")
    config = base_config(database_url) | {"WTF_CSRF_ENABLED": True, "SECRET_KEY": SECRET_KEY}
    app = create_app(config)
    with app.app_context():
        create_team("Desk", "desk")  # the first administrator administers it
        db.session.commit()
        yield app
        db.session.remove()
        db.engine.dispose()


@contextmanager
def serving(app):
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=5)


class Visitor:
    """A browser-like session that keeps every secret it is given, to look for them later."""

    def __init__(self, base: str):
        self.base, self.http, self.secrets = base, requests.Session(), set()

    def form(self, path: str, fields: dict, action: str | None = None) -> requests.Response:
        """Open the page, then send its form (to ``action``, if another route takes it)."""
        page = self.http.get(self.base + path)
        token = CSRF_FIELD.search(page.text).group(1)
        self.secrets.add(token)
        answer = self.http.post(self.base + (action or path), data={"csrf_token": token, **fields})
        self.secrets.update(cookie.value for cookie in self.http.cookies)
        return answer


def account_life(visitor: Visitor) -> None:
    email = "ada@example.org"
    new = {"password": FIRST_PASSWORD, "confirm": FIRST_PASSWORD}
    visitor.form("/setup", {"newsroom": "Harbour Herald", "name": "Ada", "email": email, **new})
    visitor.http.post(visitor.base + "/logout", data={"csrf_token": next(iter(visitor.secrets))})
    visitor.http.cookies.clear()
    wrong = visitor.form("/login", {"email": email, "password": WRONG_PASSWORD})
    assert wrong.status_code == 401
    right = visitor.form("/login", {"email": email, "password": FIRST_PASSWORD, "remember": "y"})
    assert [step.status_code for step in right.history] == [302]
    change = {"current_password": FIRST_PASSWORD, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD}
    visitor.form("/account/password", change)
    created = visitor.form("/account/tokens/", {"name": "CMS plugin"})
    assert created.status_code == 201
    token = TOKEN_SECRET.search(created.text).group(1)
    visitor.secrets.add(token)
    bearer = {"Authorization": f"Bearer {token}"}
    api = requests.get(visitor.base + "/api/v1/me", headers=bearer, timeout=30)
    assert api.status_code == 200
    invitation_life(visitor, bearer)


def invitation_life(admin: Visitor, bearer: dict) -> None:
    """Invite by page and API; a newcomer opens the link and signs up; the admin resets them."""
    invited = admin.form("/teams/desk/members", {"email": "bo@example.org", "role": "reviewer"})
    assert invited.status_code == 201
    link = INVITATION_LINK.search(invited.text).group(1)
    code = link.partition("#")[2]
    by_api = requests.post(
        admin.base + "/api/v1/teams/desk/invitations",
        json={"email": "cy@example.org", "role": "viewer"},
        headers=bearer,
        timeout=30,
    )
    admin.secrets.update({code, by_api.json()["code"], NEWCOMER_PASSWORD, RESET_PASSWORD})
    newcomer = Visitor(admin.base)
    opened = newcomer.form("/invitations/open", {"code": link})  # as the page's script sends it
    assert "Create account and join" in opened.text
    joined = newcomer.form(
        "/invitations/open",
        {"code": code, "name": "Bo", "password": NEWCOMER_PASSWORD, "confirm": NEWCOMER_PASSWORD},
        action="/invitations/join",
    )
    assert [step.status_code for step in joined.history] == [302]
    admin.secrets |= newcomer.secrets
    accounts_page = admin.http.get(admin.base + "/accounts/").text
    bo = re.search(r'action="(/accounts/\d+/password)"', accounts_page).group(1)
    # Any page's form gives the session's CSRF token; this one renders it as WTForms does.
    reset = admin.form("/account/tokens/", {"password": RESET_PASSWORD}, action=bo)
    assert "has a new password" in reset.text


def test_account_life_logs_no_secret(served_app, caplog, capfd):
    # Libraries set their own levels (SQLAlchemy's is WARNING): open every one of them.
    for name in ["", "sqlalchemy", *logging.root.manager.loggerDict]:
        caplog.set_level(logging.DEBUG, logger=name)
    with serving(served_app) as base:
        visitor = Visitor(base)
        account_life(visitor)
    written = capfd.readouterr()
    logged = "\n".join(
        [record.getMessage() for record in caplog.records] + [written.out, written.err]
    )
    assert "POST /login" in logged  # the access log was captured
    assert "SELECT" in logged  # and the SQL with its parameters
    secret_values = {FIRST_PASSWORD, NEW_PASSWORD, WRONG_PASSWORD, SECRET_KEY} | visitor.secrets
    leaked = sorted(value[:12] for value in secret_values if value in logged)
    assert leaked == []
