"""Downloads of an article's exports, in every format of the registry."""

from flask import Blueprint, Response, abort, current_app, request, stream_with_context
from flask_login import current_user, login_required

from annotator.auth.permissions import Action
from annotator.exports import registry
from annotator.exports.bundle import context_for
from annotator.exports.readmodel import load_export
from annotator.services.access import get_article_for, require
from annotator.services.visibility import visibility_for

bp = Blueprint("exports", __name__)


@bp.get("/articles/<int:article_id>/export/<format_name>")
@login_required
def download(article_id: int, format_name: str) -> Response:
    """Stream one article's export in the chosen format, as a download or inline."""
    article = get_article_for(current_user, article_id)
    require(current_user, article.team_id, Action.export)
    entry = registry.find_format(format_name)
    if reason := entry.unavailable():
        abort(503, description=reason)
    base_url = current_app.config.get("EXPORT_BASE_URL") or request.url_root
    export = load_export(
        article, context_for(article, base_url), visibility_for(current_user, article)
    )
    inline = request.args.get("inline") == "1" and format_name in {"html", "pdf"}
    disposition = "inline" if inline else "attachment"
    return Response(
        stream_with_context(entry.chunks(export)),
        content_type=entry.media_type,
        headers={
            "Content-Disposition": f'{disposition}; filename="{entry.filename(article.id)}"',
            "X-Content-Type-Options": "nosniff",
        },
    )
