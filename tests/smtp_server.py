"""A real SMTP server on 127.0.0.1 for the tests (aiosmtpd), keeping what it receives."""

import email
import socket
import ssl
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from email.message import EmailMessage
from email.policy import default
from pathlib import Path

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

LOGIN = ("mailer", "s3cret-pass")


def free_port() -> int:
    """Return a TCP port of 127.0.0.1 that nothing listens on (now)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Received:
    """The SMTP handler: every message accepted, parsed, in order."""

    def __init__(self):
        self.messages: list[EmailMessage] = []
        self.recipients: list[list[str]] = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(email.message_from_bytes(envelope.original_content, policy=default))
        self.recipients.append(list(envelope.rcpt_tos))
        return "250 Message accepted for delivery"


def check_login(server, session, envelope, mechanism, auth_data):
    ok = (auth_data.login, auth_data.password) == tuple(x.encode() for x in LOGIN)
    # handled=False: the server answers the refusal itself (535).
    return AuthResult(success=ok, handled=False)


@contextmanager
def smtp_server(port: int | None = None, **smtp_options) -> Iterator[tuple[Received, int]]:
    """Run an SMTP server on 127.0.0.1 for the block; yield what it receives and its port."""
    received, port = Received(), port or free_port()
    controller = Controller(received, hostname="127.0.0.1", port=port, **smtp_options)
    controller.start()
    try:
        yield received, port
    finally:
        controller.stop()


def self_signed_certificate(folder: Path) -> tuple[Path, Path]:
    """Write a certificate for 127.0.0.1 and its key; return their paths."""
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "2",
            "-keyout",
            str(key),
            "-out",
            str(cert),
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
        ],
        check=True,
        capture_output=True,
    )
    return cert, key


def server_context(cert: Path, key: Path) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    return context


def parts(message: EmailMessage) -> tuple[str, str]:
    """Return the message's text and HTML bodies."""
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    return text, html
