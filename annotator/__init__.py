"""Annotator: a self-hosted server where fact-checkers review articles sentence by sentence."""

from flask import Flask

from annotator.config import load_config


def create_app(test_config: dict | None = None) -> Flask:
    """Build the application: configuration, then what serves a request, in the order a
    request meets it (proxy, extensions, request hooks, pages and API, error answers,
    templates), then the command line.

    Templates and static files are the package's own (annotator/templates and
    annotator/static: links to the top-level folders in a checkout, files in a wheel).
    Flask finds the instance folder: instance/ beside the package in a checkout, and
    <prefix>/var/annotator-instance when the package is installed.
    """
    app = Flask(__name__, instance_relative_config=True)
    load_config(app, test_config)
    register_proxy(app)
    register_extensions(app)
    register_request_hooks(app)
    register_blueprints(app)
    register_error_handlers(app)
    register_template_helpers(app)
    register_commands(app)
    register_tasks(app)
    app.extensions["warm_up"] = warm_up
    return app


def warm_up() -> None:
    """Do now what every worker does on its first requests: map the models, build the API's
    body checks and the Markdown parser. Gunicorn's master calls it before it forks the
    workers (annotator.web.serving), so that this is done once and its memory shared."""
    from sqlalchemy.orm import configure_mappers

    from annotator.api import bodies, inputs
    from annotator.api.schema import Shape
    from annotator.text.markdown import render_markdown

    configure_mappers()
    for shape in vars(bodies).values():
        if isinstance(shape, Shape):
            inputs.validator(shape)
    render_markdown("*warm*")


def register_proxy(app: Flask) -> None:
    from annotator.web.proxy import register_proxy as register

    register(app)


def register_extensions(app: Flask) -> None:
    from annotator.extensions import csrf
    from annotator.storage.database import register_database
    from annotator.web.ratelimits import register_rate_limits
    from annotator.web.transactions import request_takes_write_lock

    register_database(app, takes_write_lock=request_takes_write_lock)
    csrf.init_app(app)
    register_rate_limits(app)


def register_request_hooks(app: Flask) -> None:
    from annotator.auth.session import register_session
    from annotator.web.headers import register_security_headers
    from annotator.web.input_checks import register_input_checks
    from annotator.web.transactions import register_request_retry

    register_request_retry(app)
    register_session(app)
    register_input_checks(app)
    register_security_headers(app)


def register_blueprints(app: Flask) -> None:
    from annotator import api, web

    web.register(app)
    api.register(app)


def register_error_handlers(app: Flask) -> None:
    from annotator.errors import register_error_handlers as register

    register(app)


def register_template_helpers(app: Flask) -> None:
    from annotator.web.templating import register_templating

    register_templating(app)


def register_commands(app: Flask) -> None:
    from annotator.cli import register_cli

    register_cli(app)


def register_tasks(app: Flask) -> None:
    from annotator.tasks import configure_tasks

    configure_tasks(app)
