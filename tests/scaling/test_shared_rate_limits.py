"""Several app servers count failed logins together in one Redis, not each on its own."""

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
import redis

from annotator import create_app
from annotator.extensions import db
from annotator.models import Role
from tests.conftest import PASSWORD, base_config, unavailable

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("ANNOTATOR_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")

# A second app server: its own process, its own app and limiter, one failed login.
SECOND_SERVER = """
import json, sys
from annotator import create_app
app = create_app(json.loads(sys.argv[1]))
answer = app.test_client().post("/login", data={"email": sys.argv[2], "password": sys.argv[3]})
print(answer.status_code)
"""


@pytest.fixture
def redis_url() -> str:
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.exceptions.ConnectionError as error:
        unavailable(f"Redis is not reachable at {REDIS_URL}: {error}")
    finally:
        client.close()
    return REDIS_URL


def fail_on_second_server(config: dict, email: str, redis_url: str) -> int:
    """Fail one login on a second server, configured as documented: by the environment."""
    config = {key: value for key, value in config.items() if key != "RATELIMIT_STORAGE_URI"}
    env = {**os.environ, "ANNOTATOR_RATELIMIT_STORAGE_URL": redis_url}
    command = [sys.executable, "-c", SECOND_SERVER, json.dumps(config), email, "wrong password!"]
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return int(done.stdout.split()[-1])


def test_two_app_servers_share_the_failed_login_count(database_url, make_member, redis_url):
    user = make_member(Role.reviewer)
    email = f"{uuid.uuid4().hex}.{user.email}"  # a fresh account key: Redis outlives the test
    user.email = email
    db.session.commit()
    config = base_config(database_url) | {
        "RATE_LIMITS_ENABLED": True,
        "RATELIMIT_STORAGE_URI": redis_url,
        "LOGIN_RATE_LIMIT": "2 per minute",
        "LOGIN_ADDRESS_RATE_LIMIT": "1000 per minute",
    }
    first = create_app(config)
    client = first.test_client()
    assert client.post("/login", data={"email": email, "password": "wrong"}).status_code == 401
    assert fail_on_second_server(config, email, redis_url) == 401
    # Two failures in all, one on each server: the first server now refuses even the password.
    assert client.post("/login", data={"email": email, "password": PASSWORD}).status_code == 429
    with first.app_context():
        db.engine.dispose()
