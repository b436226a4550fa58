"""`flask --app annotator db copy --to URL`: move an instance to another database engine."""

import click
import sqlalchemy as sa
from flask import current_app
from flask.cli import with_appcontext

from annotator.errors import ValidationError
from annotator.extensions import db
from annotator.services.copying import (
    BATCH_SIZE,
    TableCopy,
    check_target_empty,
    copy_database,
    schema_revision,
)

#: Settings the target's throwaway app needs besides its database URL.
KEPT_SETTINGS = ("SECRET_KEY", "TESTING", "DEBUG")


def migrate_target(url: sa.URL) -> None:
    """Create the schema on the target with Alembic, unless it has one already."""
    from flask_migrate import upgrade

    from annotator import create_app

    settings = {key: current_app.config[key] for key in KEPT_SETTINGS}
    uri = url.render_as_string(hide_password=False)
    target_app = create_app({**settings, "SQLALCHEMY_DATABASE_URI": uri})
    with target_app.app_context():
        if schema_revision(db.engine) is None:
            upgrade()
        db.engine.dispose()


def copy_into(target: sa.Engine, batch: int) -> list[TableCopy]:
    """Check the target is empty, give it the schema, copy; refusals become CLI errors."""
    try:
        check_target_empty(target)
        migrate_target(target.url)
        return copy_database(db.engine, target, batch, progress=report)
    except ValidationError as error:
        raise click.ClickException(error.message) from None
    except sa.exc.OperationalError as error:
        raise click.ClickException(f"Cannot use the target database: {error.orig}") from None


def same_database(first: sa.URL, second: sa.URL) -> bool:
    return first.render_as_string() == second.render_as_string()


def report(copy: TableCopy) -> None:
    click.echo(f"  {copy.table:<22} {copy.rows:>9} rows")


@click.command("copy")
@click.option("--to", "target_url", required=True, help="SQLAlchemy URL of an empty database.")
@click.option("--batch", default=BATCH_SIZE, show_default=True, help="Rows per round trip.")
@with_appcontext
def copy_command(target_url: str, batch: int) -> None:
    """Copy this instance's data into an empty database (e.g. PostgreSQL)."""
    try:
        url = sa.make_url(target_url)
    except sa.exc.ArgumentError as error:
        raise click.BadParameter(str(error), param_hint="--to") from None
    if same_database(url, db.engine.url):
        raise click.BadParameter("The target is this instance's own database.", param_hint="--to")
    click.echo(f"Copying {db.engine.url.render_as_string()} to {url.render_as_string()}:")
    target = sa.create_engine(url)
    try:
        copies = copy_into(target, batch)
    finally:
        target.dispose()
    click.echo(f"Copied {sum(c.rows for c in copies)} rows; every table's count matches.")
