"""Command line, `flask --app annotator ...`: thin adapters over the services, one module
per group of commands."""

import click
from flask import Flask, current_app


def register_cli(app: Flask) -> None:
    """Add the commands to `flask --app annotator`."""
    from annotator.cli.articles import article_cli
    from annotator.cli.audit import audit_cli
    from annotator.cli.exports import export
    from annotator.cli.instance import backup, restore, seed
    from annotator.cli.mail import mail_cli
    from annotator.cli.users import user_cli
    from annotator.cli.worker import worker

    app.cli.add_command(article_cli)
    app.cli.add_command(audit_cli)
    app.cli.add_command(backup)
    app.cli.add_command(DatabaseCommands("db", help="Perform database migrations."))
    app.cli.add_command(export)
    app.cli.add_command(mail_cli)
    app.cli.add_command(restore)
    app.cli.add_command(seed)
    app.cli.add_command(user_cli)
    app.cli.add_command(worker)


class DatabaseCommands(click.Group):
    """`flask db`: Flask-Migrate's commands and our `db copy`, loaded only when one runs
    (Flask-Migrate loads Alembic, which a web worker has no use for)."""

    def make_context(self, info_name, args, parent=None, **extra) -> click.Context:
        return migration_commands().make_context(info_name, args, parent=parent, **extra)


def migration_commands() -> click.Group:
    """Return Flask-Migrate's `db` group with `copy` beside its commands, bound to the app.

    A copy of the group, so that Flask-Migrate's own stays as it is; it keeps the group's
    options and callback, which leave `--directory` and `-x` where its commands read them.
    """
    from flask_migrate.cli import db as migrate_cli

    from annotator.cli.copy import copy_command
    from annotator.storage.database import bind_migrations

    if current_app:
        bind_migrations(current_app)
    return click.Group(
        migrate_cli.name,
        commands={**migrate_cli.commands, "copy": copy_command},
        params=migrate_cli.params,
        callback=migrate_cli.callback,
        help=migrate_cli.help,
    )
