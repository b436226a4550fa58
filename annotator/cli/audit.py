"""`flask --app annotator audit ...`: checking the append-only history."""

import click
from flask.cli import AppGroup

from annotator.services.audit import verify_chain

audit_cli = AppGroup("audit", help="Check the append-only history.")


@audit_cli.command("verify")
def verify():
    """Recompute the history's hash chain and report the first tampered entry."""
    check = verify_chain()
    if check.intact:
        click.echo(f"OK: {check.checked} history entries, hash chain intact.")
        return
    event = check.first_tampered
    raise click.ClickException(
        f"Entry {event.id} ({event.action} by {event.actor_name or 'the server'}, "
        f"{event.created_at.isoformat()}) {check.problem}; "
        f"{check.checked} entries before it are intact."
    )
