"""`flask --app annotator export ...`: one article, or a team's articles in a zip."""

import click
from flask import current_app

from annotator.cli.common import fail, require_team
from annotator.errors import DomainError
from annotator.exports import bundle, registry
from annotator.extensions import db
from annotator.models import Article, ArticleState
from annotator.services.visibility import host_visibility


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
