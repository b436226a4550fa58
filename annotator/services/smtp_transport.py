"""Handing a message to an SMTP server: plain, STARTTLS or implicit TLS, with a login."""

import smtplib
import ssl
from dataclasses import dataclass, field
from email.message import EmailMessage

SECURITIES = ("starttls", "ssl", "none")


@dataclass
class SmtpTransport:
    """One SMTP server; each ``send`` opens a connection, sends one message, and quits."""

    host: str
    port: int = 587
    username: str = ""
    password: str = field(default="", repr=False)
    #: "starttls" (port 587), "ssl" (implicit TLS, port 465) or "none" (a local relay).
    security: str = "starttls"
    timeout: float = 30.0
    #: Which certificates to trust; None: the system's, with host names checked.
    ssl_context: ssl.SSLContext | None = field(default=None, repr=False)

    def connect(self) -> smtplib.SMTP:
        context = self.ssl_context or ssl.create_default_context()
        if self.security == "ssl":
            return smtplib.SMTP_SSL(self.host, self.port, timeout=self.timeout, context=context)
        server = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
        if self.security == "starttls":
            server.starttls(context=context)
        return server

    def send(self, message: EmailMessage) -> None:
        """Send the message, or raise OSError / smtplib.SMTPException."""
        with self.connect() as server:
            if self.username:
                server.login(self.username, self.password)
            server.send_message(message)
