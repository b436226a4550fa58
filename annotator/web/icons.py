"""The site's icon at /favicon.ico, where browsers ask for it whatever the page links."""

from datetime import timedelta

from flask import Blueprint, current_app, send_from_directory

bp = Blueprint("icons", __name__)

#: The icon changes with a release at most: browsers keep it for a year.
ICON_MAX_AGE = int(timedelta(days=365).total_seconds())


@bp.get("/favicon.ico")
def favicon():
    return send_from_directory(
        current_app.static_folder,
        "favicon.ico",
        mimetype="image/vnd.microsoft.icon",
        max_age=ICON_MAX_AGE,
    )
