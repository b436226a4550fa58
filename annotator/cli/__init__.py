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
    from annotator.cli.users import user_cli

    app.cli.add_command(article_cli)
    app.cli.add_command(audit_cli)
    app.cli.add_command(backup)
    app.cli.add_command(DatabaseCommands("db", help="Perform database migrations."))
    app.cli.add_command(export)
    app.cli.add_command(restore)
    app.cli.add_command(seed)
    app.cli.add_command(user_cli)


class DatabaseCommands(click.Group):
    """`flask db`: Flask-Migrate's commands and our `db copy`, loaded only when one runs
    (Flask-Migrate loads Alembic, which a web worker has no use for)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*migration_commands().list_commands(ctx), "copy"])

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name == "copy":
            from annotator.cli.copy import copy_command

            return copy_command
        return migration_commands().get_command(ctx, name)


def migration_commands() -> click.Group:
    """Return Flask-Migrate's `db` group, bound to the app being run."""
    from flask_migrate.cli import db as migrate_cli

    from annotator.storage.database import bind_migrations

    if current_app:
        bind_migrations(current_app)
    return migrate_cli
