"""The SMTP transport against real local servers: STARTTLS with a login, implicit TLS, plain."""

import smtplib
import ssl
from email.message import EmailMessage

import pytest

from annotator.services.smtp_transport import SmtpTransport
from tests.smtp_server import (
    LOGIN,
    check_login,
    self_signed_certificate,
    server_context,
    smtp_server,
)


@pytest.fixture(scope="module")
def certificate(tmp_path_factory):
    return self_signed_certificate(tmp_path_factory.mktemp("tls"))


def client_context(certificate) -> ssl.SSLContext:
    return ssl.create_default_context(cafile=str(certificate[0]))


def letter() -> EmailMessage:
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = "a@example.org", "b@example.org", "Hi"
    message.set_content("Hello")
    return message


def test_starttls_with_a_login_delivers(certificate):
    options = {
        "tls_context": server_context(*certificate),
        "require_starttls": True,
        "authenticator": check_login,
        "auth_required": True,
    }
    with smtp_server(**options) as (received, port):
        transport = SmtpTransport(
            "127.0.0.1", port, *LOGIN, security="starttls", ssl_context=client_context(certificate)
        )
        transport.send(letter())
    assert [m["Subject"] for m in received.messages] == ["Hi"]


def test_a_wrong_password_is_an_smtp_error(certificate):
    options = {
        "tls_context": server_context(*certificate),
        "authenticator": check_login,
        "auth_required": True,
    }
    with smtp_server(**options) as (received, port):
        transport = SmtpTransport(
            "127.0.0.1",
            port,
            "mailer",
            "wrong",
            "starttls",
            ssl_context=client_context(certificate),
        )
        with pytest.raises(smtplib.SMTPAuthenticationError):
            transport.send(letter())
    assert received.messages == []


def test_an_untrusted_certificate_is_refused(certificate):
    with smtp_server(tls_context=server_context(*certificate)) as (received, port):
        transport = SmtpTransport("127.0.0.1", port, security="starttls", timeout=5)
        with pytest.raises(ssl.SSLError):
            transport.send(letter())
    assert received.messages == []


def test_implicit_tls_delivers(certificate):
    with smtp_server(ssl_context=server_context(*certificate)) as (received, port):
        transport = SmtpTransport(
            "127.0.0.1", port, security="ssl", ssl_context=client_context(certificate)
        )
        transport.send(letter())
    assert len(received.messages) == 1


def test_the_password_is_not_in_the_transports_repr():
    assert "s3cret" not in repr(SmtpTransport("h", 1, "u", "s3cret"))
