"""Every state-changing route refuses a request without a valid CSRF token."""

import re

import pytest
import sqlalchemy as sa

from annotator import create_app
from annotator.extensions import db
from annotator.models import AuditEvent
from tests.conftest import PASSWORD, base_config
from tests.security.matrix import ROUTES
from tests.security.test_authorization_matrix import url_map_rules

#: CSRF checks do not depend on the database engine (guarded_app skips them elsewhere too).
pytestmark = pytest.mark.sqlite_only

UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}
CSRF_META = re.compile(r'name="csrf-token" content="([^"]+)"')
#: Routes whose proof is a signed token in the URL, not a session: RFC 8058 has mail programs
#: POST the one-click unsubscribe link with no cookie and no CSRF token.
TOKEN_IN_URL = {"mail.unsubscribe"}


def unsafe_rules() -> list:
    app = create_app({"TESTING": True, "SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    return [
        pytest.param(endpoint, method, rule, id=f"{endpoint}-{method}")
        for endpoint, method, rule in url_map_rules(app)
        if method in UNSAFE and endpoint in ROUTES and endpoint not in TOKEN_IN_URL
    ]


@pytest.fixture
def guarded_app(database_url, engine_name, own_world):
    """The app as served: CSRF protection on."""
    if engine_name != "sqlite":
        pytest.skip("CSRF checks do not depend on the database engine")
    app = create_app(base_config(database_url) | {"WTF_CSRF_ENABLED": True})
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


def fill(rule: str, values: dict) -> str:
    for name, value in values.items():
        for pattern in (f"<{name}>", f"<int:{name}>", f"<path:{name}>"):
            rule = rule.replace(pattern, str(value))
    return rule


def logged_in_admin(app, world):
    client = app.test_client()
    token = CSRF_META.search(client.get("/login").text).group(1)
    data = {"email": world.members["admin"].email, "password": PASSWORD, "csrf_token": token}
    assert client.post("/login", data=data).status_code == 302
    return client


def event_count() -> int:
    return db.session.scalar(sa.select(sa.func.count(AuditEvent.id)))


@pytest.mark.parametrize(("endpoint", "method", "rule"), unsafe_rules())
def test_state_change_without_csrf_token_is_refused(guarded_app, own_world, endpoint, method, rule):
    route = ROUTES[endpoint]
    client = logged_in_admin(guarded_app, own_world)
    before = event_count()
    body = {"json": {}} if route.csrf_exempt else {"data": {}}
    # The API is exempt only with a bearer token: riding on the session cookie, it is not.
    response = client.open(fill(rule, own_world.values), method=method, **body)
    assert response.status_code == 400
    assert "CSRF" in response.text
    db.session.expire_all()
    assert event_count() == before


def test_bearer_token_api_needs_no_csrf_token(guarded_app, own_world):
    token = own_world.tokens["reviewer"]
    response = guarded_app.test_client().put(
        f"/api/v1/articles/{own_world.values['article_id']}/sentences/0/annotation",
        json={"verdict": "verified", "note": "Checked."},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code < 300, response.text


def test_one_click_unsubscribe_needs_no_csrf_token_and_no_session(guarded_app, own_world):
    from annotator.models import MailCadence, NotificationKind
    from annotator.services.mail_preferences import mail_preferences_of

    response = guarded_app.test_client().post(
        f"/unsubscribe/{own_world.values['token']}",
        data="List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200, response.text
    admin = own_world.members["admin"]
    db.session.expire_all()
    assert mail_preferences_of(admin.id)[NotificationKind.mention] is MailCadence.never
