"""The search page: full-text search over what my teams wrote, grouped by article."""

import sqlalchemy as sa
from flask import Blueprint, render_template, request
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from markupsafe import Markup, escape
from wtforms import DateField, SearchField, SelectField
from wtforms.validators import Optional

from annotator import limits
from annotator.extensions import db
from annotator.models import ArticleState, Membership, User, Verdict
from annotator.services.fulltext import matching_spans
from annotator.services.search import SearchQuery, group_by_article, search_teams
from annotator.web.forms import Within
from annotator.web.refusals import refusals

bp = Blueprint("search", __name__)

ANY = [("", "Any")]


class SearchForm(FlaskForm):
    class Meta:
        csrf = False  # a GET form that changes nothing

    q = SearchField("Search for", validators=[Optional(), Within(limits.SEARCH_QUERY)])
    verdict = SelectField("A reviewer's verdict", validators=[Optional()])
    final_verdict = SelectField("Final verdict", validators=[Optional()])
    reviewer = SelectField("Reviewer", validators=[Optional()])
    state = SelectField("Workflow state", validators=[Optional()])
    since = DateField("Changed from", validators=[Optional()])
    until = DateField("Changed until", validators=[Optional()])


@bp.get("/search")
@login_required
def index():
    form = SearchForm(request.args)
    offer_choices(form)
    hits, searched = [], bool(request.args.get("q"))
    if searched and form.validate():
        with refusals(form):
            hits = search_teams(current_user, query_from(form))
    status = 422 if form.errors else 200
    return render_template(
        "search/index.html",
        form=form,
        hits=hits,
        groups=group_by_article(hits),
        searched=searched,
        mark=mark_terms,
    ), status


def offer_choices(form: SearchForm) -> None:
    verdicts = ANY + [(v.value, v.label) for v in Verdict]
    form.verdict.choices = form.final_verdict.choices = verdicts
    form.state.choices = ANY + [(s.value, s.label) for s in ArticleState]
    my_teams = sa.select(Membership.team_id).where(Membership.user_id == current_user.id)
    teammates = db.session.scalars(
        sa.select(User)
        .join(Membership, Membership.user_id == User.id)
        .where(Membership.team_id.in_(my_teams))
        .distinct()
        .order_by(User.name)
    )
    form.reviewer.choices = ANY + [(str(user.id), user.name) for user in teammates]


def query_from(form: SearchForm) -> SearchQuery:
    chosen = lambda field, kind: kind(field.data) if field.data else None  # noqa: E731
    return SearchQuery(
        text=form.q.data or "",
        verdict=chosen(form.verdict, Verdict),
        final_verdict=chosen(form.final_verdict, Verdict),
        reviewer_id=chosen(form.reviewer, int),
        state=chosen(form.state, ArticleState),
        since=form.since.data,
        until=form.until.data,
    )


def mark_terms(text: str, query: str) -> Markup:
    """Escape the text and wrap each word the query finds in <mark>: nothing else is markup."""
    pieces, last = [], 0
    for start, end in matching_spans(text, query):
        pieces += [escape(text[last:start]), Markup("<mark>"), escape(text[start:end])]
        pieces.append(Markup("</mark>"))
        last = end
    pieces.append(escape(text[last:]))
    return Markup("").join(pieces)
