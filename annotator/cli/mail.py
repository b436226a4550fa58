"""`flask mail ...`: send the e-mail that is due, for cron until a task queue does it."""

import click
from flask import current_app
from flask.cli import AppGroup

from annotator.models import utcnow
from annotator.services.mail_delivery import mail_setup_from, send_daily_digests, send_due_mail

mail_cli = AppGroup("mail", help="Send e-mail notifications.")
OFF = "No e-mail is sent: ANNOTATOR_SMTP_HOST is not set."


@mail_cli.command("send-due")
def send_due() -> None:
    """Send every e-mail due now (and retries); run it every minute."""
    setup = mail_setup_from(current_app.config)
    if setup is None:
        click.echo(OFF)
        return
    sent = send_due_mail(utcnow(), setup)
    click.echo(f"{sent} e-mail{'' if sent == 1 else 's'} sent.")


@mail_cli.command("send-digests")
def send_digests() -> None:
    """Send every member's daily digest; run it once a day."""
    setup = mail_setup_from(current_app.config)
    if setup is None:
        click.echo(OFF)
        return
    sent = send_daily_digests(utcnow(), setup)
    click.echo(f"{sent} digest{'' if sent == 1 else 's'} sent.")
