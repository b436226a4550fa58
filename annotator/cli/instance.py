"""`flask --app annotator seed|backup|restore`: the instance's data as a whole."""

from importlib import resources
from pathlib import Path

import click
from flask import current_app

from annotator.cli.common import fail
from annotator.errors import ValidationError
from annotator.extensions import db
from annotator.services import team_settings, teams
from annotator.services.seeds import DEMO_SEEDS, seed_team


@click.command("seed")
@click.option(
    "--directory",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder of seed articles (default: the demo articles shipped with the package).",
)
def seed(directory):
    """Import seeds/ into the demo team (created if missing, labelled a demo); safe to run again."""
    config = current_app.config
    team = teams.ensure_team(config["SEED_TEAM_SLUG"], config["SEED_TEAM_NAME"])
    team_settings.mark_demo(team)
    with resources.as_file(DEMO_SEEDS) as demo:
        report = seed_team(team, directory or demo)
    db.session.commit()
    click.echo(
        f"Seeded {team.name}: {report.articles_created} new articles, "
        f"{report.annotations_created} new annotations."
    )


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
def backup(path):
    """Copy the SQLite database to PATH while the server runs (PostgreSQL: pg_dump)."""
    from annotator.services import backups  # it loads Alembic, as migrations do

    try:
        check = backups.back_up(db.engine.url, path)
    except ValidationError as error:
        fail(error.message)
    click.echo(f"Backed up to {path} (migration {check.revision}, integrity ok).")


@click.command("restore")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.confirmation_option(prompt="Replace every record of the database with this backup?")
def restore(path):
    """Put a checked backup back in place of the SQLite database; keep the old one."""
    from annotator.services import backups  # it loads Alembic, as migrations do

    db.session.remove()
    db.engine.dispose()
    try:
        kept = backups.restore(db.engine.url, path)
    except ValidationError as error:
        fail(error.message)
    replaced = f"; the database it replaced is kept in {kept}" if kept else ""
    click.echo(f"Restored {path}{replaced}.")
