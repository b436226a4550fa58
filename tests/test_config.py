"""Configuration layers and the secret key guard."""

import pytest

from annotator import create_app


def test_env_setting_overrides_default(monkeypatch, tmp_path):
    monkeypatch.setenv("ANNOTATOR_MAX_ARTICLE_BYTES", "1234")
    monkeypatch.setenv("ANNOTATOR_DATABASE_URL", f"sqlite:///{tmp_path / 'x.sqlite3'}")
    app = create_app({"TESTING": True})
    assert app.config["MAX_ARTICLE_BYTES"] == 1234
    assert app.config["MAX_CONTENT_LENGTH"] > 1234


def test_production_refuses_missing_secret_key(monkeypatch, tmp_path):
    monkeypatch.setenv("ANNOTATOR_SECRET_KEY_FILE", str(tmp_path / "absent"))
    monkeypatch.setenv("ANNOTATOR_DATABASE_URL", f"sqlite:///{tmp_path / 'x.sqlite3'}")
    with pytest.raises(RuntimeError, match="No secret key"):
        create_app()


def test_production_refuses_development_key(monkeypatch, tmp_path):
    monkeypatch.setenv("ANNOTATOR_SECRET_KEY", "dev")
    monkeypatch.setenv("ANNOTATOR_DATABASE_URL", f"sqlite:///{tmp_path / 'x.sqlite3'}")
    with pytest.raises(RuntimeError):
        create_app()


def test_secret_key_read_from_file(monkeypatch, tmp_path):
    key_file = tmp_path / "key"
    key_file.write_text("a-real-key-from-a-file\n")
    monkeypatch.setenv("ANNOTATOR_SECRET_KEY_FILE", str(key_file))
    monkeypatch.setenv("ANNOTATOR_DATABASE_URL", f"sqlite:///{tmp_path / 'x.sqlite3'}")
    assert create_app().config["SECRET_KEY"] == "a-real-key-from-a-file"


def test_secure_cookies_setting(monkeypatch, tmp_path):
    monkeypatch.setenv("ANNOTATOR_SECURE_COOKIES", "true")
    monkeypatch.setenv("ANNOTATOR_DATABASE_URL", f"sqlite:///{tmp_path / 'x.sqlite3'}")
    app = create_app({"TESTING": True})
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_readme_documents_every_setting():
    from pathlib import Path

    from annotator.config import ENV_SETTINGS

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    missing = [name for name, *_ in ENV_SETTINGS if f"`ANNOTATOR_{name}`" not in readme]
    assert missing == []


def test_mail_settings_are_read_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("ANNOTATOR_DATABASE_URL", f"sqlite:///{tmp_path / 'x.sqlite3'}")
    for name, value in {
        "SMTP_HOST": "smtp.example.org",
        "SMTP_PORT": "2525",
        "SMTP_SECURITY": " SSL ",
        "MAIL_SENDER": "desk@example.org",
        "BASE_URL": "https://annotator.example.org",
    }.items():
        monkeypatch.setenv(f"ANNOTATOR_{name}", value)
    config = create_app({"TESTING": True}).config
    assert (config["SMTP_PORT"], config["SMTP_SECURITY"]) == (2525, "ssl")


@pytest.mark.parametrize(
    ("settings", "problem"),
    [
        ({"SMTP_SECURITY": "tls"}, "must be one of starttls, ssl, none"),
        ({"MAIL_SENDER": None}, "ANNOTATOR_MAIL_SENDER"),
        ({"BASE_URL": None}, "ANNOTATOR_BASE_URL"),
    ],
)
def test_an_smtp_host_without_what_mail_needs_is_refused(tmp_path, settings, problem):
    config = {
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'x.sqlite3'}",
        "SMTP_HOST": "smtp.example.org",
        "MAIL_SENDER": "desk@example.org",
        "BASE_URL": "https://annotator.example.org",
        **settings,
    }
    with pytest.raises(RuntimeError, match=problem):
        create_app(config)


def test_no_smtp_host_needs_nothing_else(tmp_path):
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert app.config["SMTP_HOST"] is None


def test_a_bad_security_in_the_environment_is_refused(monkeypatch):
    monkeypatch.setenv("ANNOTATOR_SMTP_SECURITY", "tls")
    with pytest.raises(RuntimeError, match="ANNOTATOR_SMTP_SECURITY"):
        create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://"})


@pytest.mark.parametrize("delays", ["5,five", "5,-1", "nan", "5,inf"])
def test_a_mistyped_retry_schedule_stops_the_start(delays):
    config = {"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://"}
    with pytest.raises(RuntimeError, match="ANNOTATOR_WEBHOOK_RETRY_DELAYS must be seconds"):
        create_app(config | {"WEBHOOK_RETRY_DELAYS": delays})


def test_a_retry_schedule_may_be_empty_or_spaced():
    for delays in ("", " 5, 60 ", [1, 2.5]):
        create_app(
            {"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://"}
            | {"WEBHOOK_RETRY_DELAYS": delays}
        )
