"""Template filters and globals: Markdown, dates, the current team."""

from flask import Flask
from flask_login import current_user

from annotator import limits
from annotator.models import Role, Verdict
from annotator.services.sources import web_link
from annotator.text.markdown import render_markdown
from annotator.text.spans import split_by_spans
from annotator.web.current import current_team, my_teams

VERDICT_ICONS = {Verdict.verified: "✓", Verdict.unverified: "?", Verdict.disputed: "✗"}


def highlight(sentence, annotations) -> list[tuple[int, int, bool]]:
    """Cut a sentence into pieces, marking the words any annotation highlights."""
    spans = [(a.span_start, a.span_end) for a in annotations if a.span_start is not None]
    return split_by_spans(sentence.start, sentence.end, spans)


def register_templating(app: Flask) -> None:
    """Make helpers available to every template."""
    app.jinja_env.filters["markdown"] = render_markdown
    app.jinja_env.filters["web_link"] = web_link
    app.jinja_env.filters["when"] = lambda moment: moment.strftime("%d %b %Y, %H:%M UTC")
    app.jinja_env.globals.update(
        Verdict=Verdict, Role=Role, verdict_icons=VERDICT_ICONS, highlight=highlight, limits=limits
    )

    @app.context_processor
    def team_context():
        if not current_user.is_authenticated:
            return {}
        team, role = current_team()
        return {"current_team": team, "current_role": role, "my_teams": my_teams()}
