"""Command-line interface: thin adapters over the services."""

import json
import sys
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from annotator.errors import DomainError, ValidationError
from annotator.exports import bundle, registry
from annotator.extensions import db
from annotator.models import Article, ArticleState, Role
from annotator.services import account_admin, accounts, progress, teams
from annotator.services.articles import ArticleDraft, import_article
from annotator.services.documents import read_document
from annotator.services.interchange import import_article_json
from annotator.services.revisions import revise_article
from annotator.services.seeds import seed_team
from annotator.services.visibility import host_visibility

user_cli = AppGroup("user", help="Manage accounts.")
article_cli = AppGroup("article", help="Import and list articles.")
ROLE_NAMES = [role.value for role in Role]


def fail(message: str) -> None:
    db.session.rollback()
    raise click.ClickException(message)


def read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    return click.prompt("Password", hide_input=True, confirmation_prompt=True)


@user_cli.command("create")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--team", "team_slug", required=True, help="Team slug; created if missing.")
@click.option("--role", type=click.Choice(ROLE_NAMES), default="reviewer", show_default=True)
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
def create_user(email, name, team_slug, role, password_stdin):
    """Create an account and make it a member of a team."""
    first = accounts.user_count() == 0
    try:
        team = teams.ensure_team(team_slug)
        password = read_password(password_stdin)
        if first:
            user = accounts.create_first_admin(email, name, password)
        else:
            user = accounts.create_user(email, name, password)
        teams.set_membership(team, user, Role(role) if not first else Role.admin)
    except ValidationError as error:
        fail(error.message)
    db.session.commit()
    click.echo(
        f"Created user {user.id} <{user.email}>, {role if not first else 'admin'} "
        f"of {team.slug}" + (" (first user: admin of every team)" if first else "")
    )


@user_cli.command("set-password")
@click.option("--email", required=True)
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
def set_password(email, password_stdin):
    """Set a user's password, ending their sessions and revoking their access tokens."""
    user = find_user(email)
    try:
        revoked = account_admin.reset_password_as_host(user, read_password(password_stdin))
    except ValidationError as error:
        fail(error.message)
    db.session.commit()
    click.echo(
        f"Password set for {user.email}; their sessions ended and {revoked} access token(s) "
        "were revoked."
    )


@user_cli.command("instance-admin")
@click.option("--email", required=True)
@click.option("--remove", is_flag=True, help="Take the power away instead.")
def instance_admin(email, remove):
    """Make an account an instance administrator (resets any password), or no longer."""
    user = find_user(email)
    try:
        account_admin.set_instance_admin(user, not remove, actor=None)
    except ValidationError as error:
        fail(error.message)
    db.session.commit()
    now = "no longer an" if remove else "an"
    click.echo(f"{user.email} is {now} instance administrator.")


def find_user(email: str):
    user = accounts.find_user_by_email(email)
    if user is None:
        fail(f"No user with e-mail {email}.")
    return user


def require_team(slug: str):
    team = teams.find_team(slug)
    if team is None:
        fail(f"No team with slug {slug!r}.")
    return team


@article_cli.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--team", "team_slug", required=True)
@click.option("--title", help="Title (default: the file's headline or name).")
def import_articles(paths, team_slug, title):
    """Import article files (.txt, .md, .html) into a team; print the article ids."""
    team = require_team(team_slug)
    max_bytes = current_app.config["MAX_ARTICLE_BYTES"]
    for path in map(Path, paths):
        try:
            document = read_document(path.name, path.read_bytes())
            draft = ArticleDraft(title or document.title, document.text)
            result = import_article(team, None, draft, max_bytes)
        except ValidationError as error:
            fail(f"{path}: {error.message}")
        db.session.commit()
        note = "" if result.created else "\t(already imported)"
        click.echo(f"{result.article.id}{note}")


@article_cli.command("revise")
@click.argument("article_id", type=int)
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--title", help="New title (default: the article's current title).")
def revise(article_id, path, title):
    """Import a new version of an article from a file; reviewers' work follows its sentences."""
    article = db.session.get(Article, article_id)
    if article is None:
        fail(f"No article with id {article_id}.")
    try:
        document = read_document(path.name, path.read_bytes())
        draft = ArticleDraft(title or article.title, document.text)
        report = revise_article(article, None, draft, current_app.config["MAX_ARTICLE_BYTES"])
    except DomainError as error:
        fail(f"{path}: {error.message}")
    db.session.commit()
    click.echo(
        f"Article {article.id} is now version {article.version}: {report.kept} sentences kept "
        f"({report.changed} changed), {report.added} new, {report.unplaced_count} unplaced."
    )


@article_cli.command("import-json")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--team", "team_slug", required=True)
def import_json(path, team_slug):
    """Import an article's canonical JSON export (from any server) into a team."""
    team = require_team(team_slug)
    try:
        article = import_article_json(None, team, json.loads(path.read_bytes()))
    except json.JSONDecodeError as error:
        fail(f"{path}: not JSON ({error}).")
    except ValidationError as error:
        fail(f"{path}: {error.message}")
    db.session.commit()
    click.echo(f"{article.id}")


@article_cli.command("list")
@click.option("--team", "team_slug", required=True)
def list_articles(team_slug):
    """Print one line per article: id, title, then review progress."""
    team = require_team(team_slug)
    articles = progress.team_articles(team.id)
    figures = progress.article_progress([a.id for a in articles], None)
    for article in articles:
        figure = figures[article.id]
        click.echo(
            f"{article.id}\t{article.title}\t"
            f"{figure.with_any_verdict}/{figure.total} sentences with a verdict"
        )


def open_output(path: str | None):
    """Return a binary file for the export: the named file, or standard output."""
    return click.open_file(path or "-", "wb")


def export_team(team_slug, entry, output, selection, base_url) -> None:
    """Stream every selected article of the team into a zip file."""
    team = require_team(team_slug)
    if not output or not output.endswith(".zip"):
        fail("Exporting a team needs -o FILE.zip.")
    say_host_sees_everything()
    with open(output, "wb") as target:
        count = bundle.write_team_bundle(team, entry, target, selection, base_url, host_visibility)
    click.echo(f"Wrote {count} articles to {output}.", err=True)


@click.command("export")
@click.argument("article_id", type=int, required=False)
@click.option("--format", "format_name", type=click.Choice(list(registry.FORMATS)), required=True)
@click.option("-o", "--output", help="File to write (default: standard output).")
@click.option("--team", "team_slug", help="Export every article of this team into a zip.")
@click.option(
    "--state",
    "states",
    multiple=True,
    type=click.Choice([state.value for state in ArticleState]),
    help="With --team: only articles in this workflow state (repeatable).",
)
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), help="With --team: imported from.")
@click.option("--until", type=click.DateTime(["%Y-%m-%d"]), help="With --team: imported until.")
def export(article_id, format_name, output, team_slug, states, since, until):
    """Export an article (ARTICLE_ID), or with --team SLUG -o FILE.zip all of a team's."""
    try:
        entry = registry.usable_format(format_name)
    except DomainError as error:
        fail(error.message)
    base_url = current_app.config.get("EXPORT_BASE_URL")
    if team_slug:
        dates = (since.date() if since else None, until.date() if until else None)
        selection = bundle.TeamFilter(tuple(map(ArticleState, states)), *dates)
        export_team(team_slug, entry, output, selection, base_url)
        return
    article = db.session.get(Article, article_id) if article_id is not None else None
    if article is None:
        fail("Give the id of an existing article, or --team SLUG.")
    say_host_sees_everything()
    with open_output(output) as target:
        for chunk in bundle.export_article(article, entry, base_url, host_visibility(article)):
            target.write(chunk)


def say_host_sees_everything() -> None:
    """Tell whoever runs an export that blind review, which binds members, does not apply."""
    click.echo(
        "Exporting as the host: blind review does not apply here, so every reviewer's "
        "verdicts, notes and final verdicts are included.",
        err=True,
    )


@click.command("seed")
@click.option(
    "--directory",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder of seed articles (default: seeds/ beside the package).",
)
def seed(directory):
    """Import seeds/ into the demo team (created if missing); safe to run again."""
    from annotator import ROOT

    config = current_app.config
    team = teams.ensure_team(config["SEED_TEAM_SLUG"], config["SEED_TEAM_NAME"])
    report = seed_team(team, directory or ROOT / "seeds")
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
    click.echo(f"Restored {path}; the database it replaced is kept in {kept}.")


def register_cli(app: Flask) -> None:
    """Add the command groups to `flask --app annotator`."""
    from annotator.audit_cli import audit_cli

    app.cli.add_command(MigrationCommands("db", help="Perform database migrations."))
    app.cli.add_command(audit_cli)
    app.cli.add_command(user_cli)
    app.cli.add_command(article_cli)
    app.cli.add_command(seed)
    app.cli.add_command(export)
    app.cli.add_command(backup)
    app.cli.add_command(restore)


class MigrationCommands(click.Group):
    """`flask db`: Flask-Migrate's group, with `db copy`, loaded only when it runs (it loads
    Alembic, which a web worker has no use for); its context is Flask-Migrate's own."""

    def make_context(self, info_name, args, parent=None, **extra) -> click.Context:
        from flask_migrate.cli import db as migrate_cli

        from annotator.copy_cli import copy_command
        from annotator.database import bind_migrations

        if current_app:
            bind_migrations(current_app)
        migrate_cli.add_command(copy_command)  # `flask db copy`, beside upgrade and downgrade
        return migrate_cli.make_context(info_name, args, parent=parent, **extra)
