"""The team dashboard page, and the chart helpers its templates and the article page use."""

from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user, login_required

from annotator.models import Verdict, utcnow
from annotator.services.dashboard import team_dashboard
from annotator.web.charts import Bar, bar_chart, column_chart, stacked_bar
from annotator.web.current import current_team

bp = Blueprint("dashboard", __name__)


@bp.get("/dashboard")
@login_required
def index():
    team, _ = current_team()
    if team is None:
        return redirect(url_for("articles.index"))
    figures = team_dashboard(current_user, team, utcnow().date())
    return render_template("dashboard/index.html", team=team, figures=figures)


def verdict_bars(counts: dict) -> list[Bar]:
    """Turn verdict counts into bars coloured by verdict."""
    return [Bar(verdict.label, counts.get(verdict, 0), verdict.value) for verdict in Verdict]


def sentence_verdict_bar(annotations) -> str:
    """Draw the verdicts on one sentence as a compact stacked bar."""
    counts = {verdict: 0 for verdict in Verdict}
    for annotation in annotations:
        if annotation.verdict is not None:
            counts[annotation.verdict] += 1
    return stacked_bar(verdict_bars(counts), "Verdicts on this sentence", "sentence-verdicts")


def chart(kind: str, *args, **kwargs):
    """Draw a named chart from the template: ``bar`` or ``column``."""
    return {"bar": bar_chart, "column": column_chart}[kind](*args, **kwargs)


def chart_bar(label: str, value: float, key: str = "default") -> Bar:
    return Bar(label, value, key)
