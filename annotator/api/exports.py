"""API: an article's exports, in every format of the shared registry."""

from flask import Response, current_app, jsonify, request, stream_with_context, url_for

from annotator.api import actor, bp
from annotator.auth.permissions import Action
from annotator.exports import registry
from annotator.exports.bundle import context_for
from annotator.exports.readmodel import load_export
from annotator.services.access import get_article_for, require
from annotator.services.visibility import visibility_for


@bp.get("/articles/<int:article_id>/exports")
def list_exports(article_id: int):
    article = get_article_for(actor(), article_id)
    require(actor(), article.team_id, Action.export)
    return jsonify(
        {
            "items": [
                {
                    "format": entry.name,
                    "label": entry.label,
                    "media_type": entry.media_type,
                    "available": entry.available,
                    "url": url_for(
                        "api.export", article_id=article.id, format_name=entry.name, _external=True
                    ),
                }
                for entry in registry.FORMATS.values()
            ]
        }
    )


@bp.get("/articles/<int:article_id>/exports/<format_name>")
def export(article_id: int, format_name: str):
    article = get_article_for(actor(), article_id)
    require(actor(), article.team_id, Action.export)
    entry = registry.usable_format(format_name)
    base_url = current_app.config.get("EXPORT_BASE_URL") or request.url_root
    visibility = visibility_for(actor(), article)
    document = load_export(article, context_for(article, base_url), visibility)
    return Response(
        stream_with_context(entry.chunks(document)),
        content_type=entry.media_type,
        headers={"Content-Disposition": f'attachment; filename="{entry.filename(article.id)}"'},
    )
