"""`flask --app annotator article ...`: importing, revising and listing articles."""

import json
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from annotator.cli.common import fail, require_team
from annotator.errors import DomainError, ValidationError
from annotator.extensions import db
from annotator.models import Article
from annotator.services import progress
from annotator.services.articles import ArticleDraft, import_article
from annotator.services.documents import read_document
from annotator.services.interchange import import_article_json
from annotator.services.revisions import revise_article

article_cli = AppGroup("article", help="Import and list articles.")


@article_cli.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--team", "team_slug", required=True)
@click.option("--title", help="Title (default: the file's headline or name).")
@click.option("--language", default="en", show_default=True, help="BCP 47 tag, e.g. es or pt-BR.")
def import_articles(paths, team_slug, title, language):
    """Import article files (.txt, .md, .html) into a team; print the article ids."""
    team = require_team(team_slug)
    max_bytes = current_app.config["MAX_ARTICLE_BYTES"]
    for path in map(Path, paths):
        try:
            document = read_document(path.name, path.read_bytes())
            draft = ArticleDraft(title or document.title, document.text, language=language)
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
