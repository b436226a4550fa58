"""Command line, `flask --app annotator ...`: thin adapters over the services, one module
per group of commands."""

import click
from flask import Flask, current_app
from flask.cli import AppGroup


def register_cli(app: Flask) -> None:
    """Give `flask --app annotator` our commands, imported when the command line first asks.

    A web worker builds the app too, and never runs a command: importing the commands' modules
    with it loaded services it has no use for (the JSON import's schema checker among them).
    """
    commands = LazyCommands(app.cli.name)
    commands.commands.update(app.cli.commands)
    app.cli = commands


class LazyCommands(AppGroup):
    """The app's command group: its commands are added on the first lookup or listing."""

    loaded = False

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        self.load()
        return super().get_command(ctx, cmd_name)

    def list_commands(self, ctx: click.Context) -> list[str]:
        self.load()
        return super().list_commands(ctx)

    def load(self) -> None:
        if not self.loaded:
            self.loaded = True
            add_commands(self)


def add_commands(group: click.Group) -> None:
    """Add every command of the package to the group."""
    from annotator.cli.articles import article_cli
    from annotator.cli.audit import audit_cli
    from annotator.cli.exports import export
    from annotator.cli.instance import backup, restore, seed
    from annotator.cli.mail import mail_cli
    from annotator.cli.users import user_cli
    from annotator.cli.worker import worker

    group.add_command(article_cli)
    group.add_command(audit_cli)
    group.add_command(backup)
    group.add_command(DatabaseCommands("db", help="Perform database migrations."))
    group.add_command(export)
    group.add_command(mail_cli)
    group.add_command(restore)
    group.add_command(seed)
    group.add_command(user_cli)
    group.add_command(worker)


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
