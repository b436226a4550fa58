"""A team's rating scale, for its admins: add, change, reorder and remove textual ratings."""

from functools import partial

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from annotator.errors import NotFound
from annotator.extensions import db
from annotator.models import RatingEntry, Team
from annotator.services import rating_scale
from annotator.web.forms import check_posted, validate_all
from annotator.web.refusals import refusals
from annotator.web.team_forms import MoveForm, NewRatingForm, RatingForm
from annotator.web.team_settings import load_team

bp = Blueprint("rating_scale", __name__, url_prefix="/teams/<slug>/rating-scale")


def load_scale(slug: str) -> Team:
    team = load_team(slug)
    rating_scale.require_scale_admin(current_user, team)
    return team


def load_entry(team: Team, rating_id: int) -> RatingEntry:
    entry = rating_scale.find_rating(team.id, rating_id)
    if entry is None:
        raise NotFound("No such rating in this team's scale.")
    return entry


def render_scale(team: Team, adding: NewRatingForm | None = None, editing=None, status=200):
    """Render the scale; ``editing`` is (entry id, form) when a change was refused."""
    scale = rating_scale.scale_with_uses(team.id)
    forms = {
        entry.id: RatingForm(formdata=None, obj=entry, prefix=f"r{entry.id}") for entry, _ in scale
    }
    if editing:
        forms[editing[0]] = editing[1]
    adding = adding or NewRatingForm(formdata=None)
    return render_template(
        "teams/rating_scale.html", team=team, scale=scale, forms=forms, adding=adding
    ), status


@bp.get("/")
@login_required
def show(slug: str):
    return render_scale(load_scale(slug))


@bp.post("/")
@login_required
def add(slug: str):
    team = load_scale(slug)
    form = NewRatingForm()
    if validate_all(form, partial(rating_scale.check_rating, team, form.draft())):
        with refusals(form) as refused:
            entry = rating_scale.add_rating(current_user, team, form.draft())
        if not refused:
            db.session.commit()
            flash(f"“{entry.label}” is added to the scale.", "success")
            return redirect(url_for("rating_scale.show", slug=slug))
    return render_scale(team, adding=form, status=422)


@bp.post("/<int:rating_id>")
@login_required
def change(slug: str, rating_id: int):
    team = load_scale(slug)
    entry = load_entry(team, rating_id)
    form = RatingForm(prefix=f"r{entry.id}")
    if validate_all(form, partial(rating_scale.check_rating, team, form.draft(), entry)):
        with refusals(form) as refused:
            changed = rating_scale.change_rating(current_user, team, entry, form.draft())
        if not refused:
            db.session.commit()
            flash(f"“{entry.label}” is saved." if changed else "Nothing changed.", "success")
            return redirect(url_for("rating_scale.show", slug=slug, _anchor=f"rating-{entry.id}"))
    return render_scale(team, editing=(rating_id, form), status=422)


@bp.post("/<int:rating_id>/move")
@login_required
def move(slug: str, rating_id: int):
    team = load_scale(slug)
    entry = load_entry(team, rating_id)
    form = check_posted(MoveForm())
    rating_scale.move_rating(current_user, team, entry, -1 if form.direction.data == "up" else 1)
    db.session.commit()
    return redirect(url_for("rating_scale.show", slug=slug, _anchor=f"rating-{entry.id}"))


@bp.post("/<int:rating_id>/remove")
@login_required
def remove(slug: str, rating_id: int):
    team = load_scale(slug)
    entry = load_entry(team, rating_id)
    check_posted()
    label = entry.label
    with refusals() as refused:
        rating_scale.remove_rating(current_user, team, entry)
    if not refused:
        db.session.commit()
        flash(f"“{label}” is removed from the scale.", "success")
    return redirect(url_for("rating_scale.show", slug=slug))
