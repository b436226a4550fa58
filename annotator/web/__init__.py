"""HTML pages: thin views over the services."""

from importlib import import_module

from flask import Flask

#: Every module that serves pages, in alphabetical order; each holds one blueprint, `bp`.
#: (Modules are named rather than imported here: importing a form or helper of this
#: package must not load every view.)
BLUEPRINTS = (
    "annotator.auth.views",
    "annotator.web.accounts",
    "annotator.web.annotation_history",
    "annotator.web.annotations",
    "annotator.web.articles",
    "annotator.web.assignments",
    "annotator.web.dashboard",
    "annotator.web.exports",
    "annotator.web.health",
    "annotator.web.icons",
    "annotator.web.inbox",
    "annotator.web.invitations",
    "annotator.web.mail",
    "annotator.web.memory",
    "annotator.web.names",
    "annotator.web.public",
    "annotator.web.rating_scale",
    "annotator.web.reading",
    "annotator.web.review",
    "annotator.web.revisions",
    "annotator.web.search",
    "annotator.web.settle",
    "annotator.web.team_settings",
    "annotator.web.teams",
    "annotator.web.tokens",
    "annotator.web.triage",
    "annotator.web.webhooks",
)


def register(app: Flask) -> None:
    """Register every page's blueprint."""
    for module in BLUEPRINTS:
        app.register_blueprint(import_module(module).bp)
