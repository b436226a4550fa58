"""Configuration: defaults, then instance/config.py, then ANNOTATOR_* variables, then tests."""

import math
import os
from collections.abc import Iterable
from pathlib import Path

from flask import Flask

DEV_SECRET_KEY = "dev"  # noqa: S105 - refused outside debug and testing, see check_secret_key

DEFAULTS = {
    "SECRET_KEY": None,
    "SQLALCHEMY_DATABASE_URI": None,
    "MAX_ARTICLE_BYTES": 2 * 1024 * 1024,
    "SECURE_COOKIES": False,
    "REGISTRATION_OPEN": False,
    "SEED_TEAM_NAME": "Demo newsroom",
    "SEED_TEAM_SLUG": "demo-newsroom",
    "SQLITE_BUSY_TIMEOUT_MS": 5000,
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "REMEMBER_COOKIE_HTTPONLY": True,
    "REMEMBER_COOKIE_SAMESITE": "Lax",
    "WTF_CSRF_TIME_LIMIT": None,
    # None: on, except under TESTING (tests that check a limit switch it on themselves).
    "RATE_LIMITS_ENABLED": None,
    "RATELIMIT_STORAGE_URI": "memory://",
    "LOGIN_RATE_LIMIT": "5 per 15 minutes",
    "LOGIN_ADDRESS_RATE_LIMIT": "50 per 15 minutes",
    "API_RATE_LIMIT": "300 per minute",
    "PROXY_COUNT": 0,
    # None: an SQLite file in the instance folder (one machine, no other service).
    "QUEUE_URL": None,
    "WORKER_THREADS": 2,
    "WEBHOOK_TIMEOUT_SECONDS": 10.0,
    "WEBHOOK_GATHER_SECONDS": 1.0,
    "WEBHOOK_RETRY_DELAYS": "5,300,1800,7200,18000,36000",
    # None: only under debug or testing. Off: https:// only, and no private or loopback address.
    "WEBHOOK_ALLOW_LOCAL": None,
    "WEBHOOK_ALLOW_INTRANET": False,
    "WEBHOOK_DISABLE_AFTER_DAYS": 5,
    "WEBHOOK_LOG_DAYS": 90,
    # E-mail: nothing is sent while SMTP_HOST is empty.
    "SMTP_HOST": None,
    "SMTP_PORT": None,
    "SMTP_USERNAME": None,
    "SMTP_PASSWORD": None,
    "SMTP_SECURITY": "starttls",
    "MAIL_SENDER": None,
    "BASE_URL": None,
}

SMTP_SECURITIES = ("starttls", "ssl", "none")


def parse_flag(value: str) -> bool:
    return value.lower() in {"1", "true", "yes", "on"}


def parse_security(value: str) -> str:
    value = value.strip().lower()
    if value not in SMTP_SECURITIES:
        raise RuntimeError(
            f"ANNOTATOR_SMTP_SECURITY must be one of {', '.join(SMTP_SECURITIES)}, not {value!r}."
        )
    return value


#: Settings read from ANNOTATOR_<NAME>; (name, config key, parser, description).
ENV_SETTINGS = [
    (
        "DATABASE_URL",
        "SQLALCHEMY_DATABASE_URI",
        str,
        "SQLAlchemy database URL (default: SQLite file instance/annotator.sqlite3)",
    ),
    ("SECRET_KEY", "SECRET_KEY", str, "key that signs sessions and CSRF tokens"),
    (
        "SECRET_KEY_FILE",
        "SECRET_KEY_FILE",
        str,
        "file holding the secret key (default: instance/secret_key)",
    ),
    ("MAX_ARTICLE_BYTES", "MAX_ARTICLE_BYTES", int, "largest article text or upload, in bytes"),
    (
        "SECURE_COOKIES",
        "SECURE_COOKIES",
        parse_flag,
        "send cookies over HTTPS only",
    ),
    (
        "EXPORT_BASE_URL",
        "EXPORT_BASE_URL",
        str,
        "public address of the server, used in exported annotation ids",
    ),
    ("SEED_TEAM_NAME", "SEED_TEAM_NAME", str, "team that `make run` imports seeds/ into"),
    ("SEED_TEAM_SLUG", "SEED_TEAM_SLUG", str, "slug of that team"),
    (
        "SQLITE_BUSY_TIMEOUT_MS",
        "SQLITE_BUSY_TIMEOUT_MS",
        int,
        "how long an SQLite writer waits for a lock",
    ),
    ("RATE_LIMITS_ENABLED", "RATE_LIMITS_ENABLED", parse_flag, "apply the rate limits below"),
    (
        "RATELIMIT_STORAGE_URL",
        "RATELIMIT_STORAGE_URI",
        str,
        "where rate limits count: memory:// (each process alone) or a Redis URL shared by servers",
    ),
    (
        "LOGIN_RATE_LIMIT",
        "LOGIN_RATE_LIMIT",
        str,
        "failed logins allowed per account (e-mail address)",
    ),
    (
        "LOGIN_ADDRESS_RATE_LIMIT",
        "LOGIN_ADDRESS_RATE_LIMIT",
        str,
        "failed logins allowed per client address",
    ),
    ("API_RATE_LIMIT", "API_RATE_LIMIT", str, "API calls allowed per token or logged-in user"),
    (
        "PROXY_COUNT",
        "PROXY_COUNT",
        int,
        "reverse proxies in front of the app whose X-Forwarded-For/-Proto are trusted",
    ),
    (
        "QUEUE_URL",
        "QUEUE_URL",
        str,
        "task queue of webhook deliveries: redis://..., postgresql://... shared by every "
        "server (default: SQLite file instance/queue.sqlite3)",
    ),
    ("WORKER_THREADS", "WORKER_THREADS", int, "threads of `flask worker` that run tasks"),
    (
        "WEBHOOK_TIMEOUT_SECONDS",
        "WEBHOOK_TIMEOUT_SECONDS",
        float,
        "how long a webhook endpoint may take to connect or answer",
    ),
    (
        "WEBHOOK_GATHER_SECONDS",
        "WEBHOOK_GATHER_SECONDS",
        float,
        "how long new webhook messages wait, so that a worker sends many at once (0: none)",
    ),
    (
        "WEBHOOK_RETRY_DELAYS",
        "WEBHOOK_RETRY_DELAYS",
        str,
        "seconds between a failed webhook attempt and the next, comma separated",
    ),
    (
        "WEBHOOK_ALLOW_LOCAL",
        "WEBHOOK_ALLOW_LOCAL",
        parse_flag,
        "development: let webhooks use http:// and reach any address, loopback too "
        "(default: on only under debug or testing)",
    ),
    (
        "WEBHOOK_ALLOW_INTRANET",
        "WEBHOOK_ALLOW_INTRANET",
        parse_flag,
        "let webhooks reach private addresses (10.x, 192.168.x, ...); never loopback",
    ),
    (
        "WEBHOOK_DISABLE_AFTER_DAYS",
        "WEBHOOK_DISABLE_AFTER_DAYS",
        float,
        "switch an endpoint off after it has failed for this many days (0: never)",
    ),
    (
        "WEBHOOK_LOG_DAYS",
        "WEBHOOK_LOG_DAYS",
        float,
        "days a delivered or failed webhook message stays in the delivery log (0: for ever)",
    ),
    (
        "BASE_URL",
        "BASE_URL",
        str,
        "public address of the server (https://annotator.example.org), for links in e-mails "
        "(default: EXPORT_BASE_URL)",
    ),
    ("SMTP_HOST", "SMTP_HOST", str, "SMTP server that sends e-mail; unset: no e-mail is sent"),
    ("SMTP_PORT", "SMTP_PORT", int, "its port (default: 587 starttls, 465 ssl, 25 none)"),
    ("SMTP_USERNAME", "SMTP_USERNAME", str, "login at the SMTP server (unset: no login)"),
    ("SMTP_PASSWORD", "SMTP_PASSWORD", str, "password of that login"),
    (
        "SMTP_SECURITY",
        "SMTP_SECURITY",
        parse_security,
        "starttls (default), ssl (implicit TLS) or none (a relay on the same machine)",
    ),
    ("MAIL_SENDER", "MAIL_SENDER", str, "From address of the e-mails (needed with SMTP_HOST)"),
]


def load_config(app: Flask, test_config: dict | None) -> None:
    """Fill app.config from every layer, later layers winning."""
    app.config.from_mapping(DEFAULTS)
    app.config.from_pyfile("config.py", silent=True)
    for name, key, parse, _ in ENV_SETTINGS:
        value = os.environ.get(f"ANNOTATOR_{name}")
        if value is not None:
            app.config[key] = parse(value)
    if test_config:
        app.config.from_mapping(test_config)
    finish_config(app)


def finish_config(app: Flask) -> None:
    """Derive the settings that depend on others."""
    instance = Path(app.instance_path)
    if not app.config["SQLALCHEMY_DATABASE_URI"]:
        app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{instance / 'annotator.sqlite3'}"
    if not app.config["SECRET_KEY"]:
        app.config["SECRET_KEY"] = read_secret_key(
            Path(app.config.get("SECRET_KEY_FILE") or instance / "secret_key")
        )
    # Leave room for the multipart envelope around the largest allowed article.
    app.config["MAX_CONTENT_LENGTH"] = app.config["MAX_ARTICLE_BYTES"] + 64 * 1024
    secure = app.config["SECURE_COOKIES"]
    app.config["SESSION_COOKIE_SECURE"] = secure
    app.config["REMEMBER_COOKIE_SECURE"] = secure
    if app.config["WEBHOOK_ALLOW_LOCAL"] is None:
        app.config["WEBHOOK_ALLOW_LOCAL"] = app.debug or app.testing
    if not app.config["QUEUE_URL"]:
        # Tests that run the queue name their own file or server; the others keep none.
        queue_file = f"sqlite:///{instance / 'queue.sqlite3'}"
        app.config["QUEUE_URL"] = "memory://" if app.testing else queue_file
    if app.config["RATE_LIMITS_ENABLED"] is None:
        app.config["RATE_LIMITS_ENABLED"] = not app.testing
    check_secret_key(app)
    check_mail_settings(app)
    check_retry_delays(app)


def retry_delays(setting: str | Iterable[float]) -> tuple[float, ...]:
    """Read a retry schedule: seconds, comma separated ("5,300,1800"), or numbers.
    Raise ValueError for anything but non-negative, finite numbers."""
    parts = setting.split(",") if isinstance(setting, str) else setting
    delays = tuple(float(part) for part in parts if str(part).strip())
    if not all(0 <= delay < math.inf for delay in delays):
        raise ValueError("a delay is negative or not a number")
    return delays


def check_retry_delays(app: Flask) -> None:
    """Refuse a mistyped webhook retry schedule when the server starts, not when the worker
    first needs it (nor on the page that states it)."""
    try:
        retry_delays(app.config["WEBHOOK_RETRY_DELAYS"])
    except (TypeError, ValueError):
        raise RuntimeError(
            "ANNOTATOR_WEBHOOK_RETRY_DELAYS must be seconds, comma separated "
            f"(5,300,1800), not {app.config['WEBHOOK_RETRY_DELAYS']!r}."
        ) from None


def check_mail_settings(app: Flask) -> None:
    """Refuse an SMTP server without a sender or an address for the links in the mails."""
    if not app.config["SMTP_HOST"]:
        return
    parse_security(app.config["SMTP_SECURITY"] or "starttls")
    if not app.config["MAIL_SENDER"]:
        raise RuntimeError("ANNOTATOR_SMTP_HOST is set: set ANNOTATOR_MAIL_SENDER too.")
    if not (app.config["BASE_URL"] or app.config.get("EXPORT_BASE_URL")):
        raise RuntimeError(
            "ANNOTATOR_SMTP_HOST is set: set ANNOTATOR_BASE_URL too, the server's public "
            "address, for the links in the e-mails."
        )


def read_secret_key(path: Path) -> str | None:
    """Return the key stored in a file, or None when there is no such file."""
    try:
        return path.read_text(encoding="utf-8").strip() or None
    except FileNotFoundError:
        return None


def check_secret_key(app: Flask) -> None:
    """Refuse to run a real server with no key or with the development key."""
    key = app.config["SECRET_KEY"]
    if app.debug or app.testing:
        app.config["SECRET_KEY"] = key or DEV_SECRET_KEY
        return
    if not key or key == DEV_SECRET_KEY:
        raise RuntimeError(
            "No secret key: set ANNOTATOR_SECRET_KEY, or write one to instance/secret_key "
            "(`make run` does this for you)."
        )
