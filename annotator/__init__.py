"""Annotator: a self-hosted server where fact-checkers review articles sentence by sentence."""

from pathlib import Path

from flask import Flask

from annotator.config import load_config

ROOT = Path(__file__).resolve().parent.parent


def create_app(test_config: dict | None = None) -> Flask:
    """Build the application: configuration, extensions, blueprints, error pages, commands."""
    app = Flask(
        __name__,
        instance_path=str(ROOT / "instance"),
        instance_relative_config=True,
        static_folder=str(ROOT / "static"),
        template_folder=str(ROOT / "templates"),
    )
    load_config(app, test_config)
    register_extensions(app)
    register_blueprints(app)
    register_error_handlers(app)
    register_template_helpers(app)
    register_security_headers(app)
    register_commands(app)
    return app


def register_extensions(app: Flask) -> None:
    from annotator.auth.session import register_session
    from annotator.extensions import csrf
    from annotator.input_checks import register_input_checks
    from annotator.ratelimits import register_rate_limits
    from annotator.storage.database import register_database
    from annotator.web.transactions import register_request_retry, request_takes_write_lock

    register_database(app, takes_write_lock=request_takes_write_lock)
    register_request_retry(app)
    csrf.init_app(app)
    register_session(app)
    register_rate_limits(app)
    register_input_checks(app)


def register_blueprints(app: Flask) -> None:
    from annotator.auth.views import bp as auth_bp
    from annotator.web import annotations as annotation_views
    from annotator.web import articles, exports, health, teams

    app.register_blueprint(auth_bp)
    app.register_blueprint(articles.bp)
    app.register_blueprint(annotation_views.bp)
    app.register_blueprint(teams.bp)
    app.register_blueprint(health.bp)
    from annotator.web import article_review, assignments, inbox, review, settle

    app.register_blueprint(review.bp)
    app.register_blueprint(settle.bp)
    app.register_blueprint(assignments.bp)
    app.register_blueprint(inbox.bp)
    app.register_blueprint(article_review.bp)
    app.register_blueprint(exports.bp)
    from annotator.web import revisions

    app.register_blueprint(revisions.bp)
    from annotator.web import memory, names, triage

    app.register_blueprint(triage.bp)
    app.register_blueprint(memory.bp)
    app.register_blueprint(names.bp)
    from annotator import api
    from annotator.extensions import csrf

    # Token requests carry no cookie to forge; session calls are checked in api.authenticate.
    app.register_blueprint(csrf.exempt(api.bp))
    from annotator.web import accounts, invitations, tokens

    app.register_blueprint(tokens.bp)
    app.register_blueprint(invitations.bp)
    app.register_blueprint(accounts.bp)
    from annotator.web import dashboard, reading, search

    app.register_blueprint(reading.bp)
    app.register_blueprint(search.bp)
    app.register_blueprint(dashboard.bp)


def register_error_handlers(app: Flask) -> None:
    from annotator.errors import register_error_handlers as register

    register(app)


def register_template_helpers(app: Flask) -> None:
    from annotator.web.templating import register_templating

    register_templating(app)


def register_security_headers(app: Flask) -> None:
    from annotator.web.headers import register_security_headers as register

    register(app)


def register_commands(app: Flask) -> None:
    from annotator.cli import register_cli

    register_cli(app)
