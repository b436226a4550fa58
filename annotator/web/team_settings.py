"""The instance administrators' Teams page, and each team's settings for its admins.

The Teams page lists every team: anyone but an instance administrator gets 404 there. A
team's settings answer its admins only; an admin of another team finds no such page.
"""

from functools import partial

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from annotator.auth.permissions import Action
from annotator.extensions import db
from annotator.models import Team
from annotator.services import team_settings, teams
from annotator.services.access import require
from annotator.services.account_admin import require_instance_admin
from annotator.web.current import choose_team
from annotator.web.forms import validate_all
from annotator.web.refusals import refusals
from annotator.web.team_forms import TeamNameForm, TeamSettingsForm

bp = Blueprint("team_settings", __name__, url_prefix="/teams")


def load_team(slug: str) -> Team:
    team = teams.find_team(slug)
    if team is None:
        abort(404)
    return team


def render_teams(form: TeamNameForm | None = None, status: int = 200, renaming=None):
    """Render the Teams page; ``renaming`` is (team, form) when a rename was refused."""
    return render_template(
        "teams/index.html",
        teams=team_settings.list_teams(current_user),
        form=form or TeamNameForm(formdata=None),
        renaming=renaming,
    ), status


@bp.get("/")
@login_required
def index():
    return render_teams()


@bp.post("/")
@login_required
def create():
    require_instance_admin(current_user)
    form = TeamNameForm()
    if not form.validate_on_submit():
        return render_teams(form, 422)
    with refusals(form) as refused:
        team = team_settings.open_team(current_user, form.name.data)
    if refused:
        return render_teams(form, refused.status)
    db.session.commit()
    choose_team(team.id)
    flash(f"{team.name} is created, and you are its admin: invite its members.", "success")
    return redirect(url_for("teams.members", slug=team.slug))


@bp.post("/<slug>/name")
@login_required
def rename(slug: str):
    require_instance_admin(current_user)
    team = load_team(slug)
    form = TeamNameForm()
    if form.validate_on_submit():
        with refusals(form) as refused:
            team_settings.rename_team(current_user, team, form.name.data)
        if not refused:
            db.session.commit()
            flash(f"The team is now called {team.name}.", "success")
            return redirect(url_for("team_settings.index"))
    return render_teams(status=422, renaming=(team, form))


@bp.route("/<slug>/settings", methods=["GET", "POST"])
@login_required
def edit(slug: str):
    team = load_team(slug)
    require(current_user, team.id, Action.manage_members)
    form = TeamSettingsForm(obj=team)
    publisher = team_settings.PublisherSettings(
        form.publisher_name.data or "", form.site_url.data or "", form.logo_url.data or ""
    )
    public = team_settings.PublicSettings(
        bool(form.public_pages.data), bool(form.public_reviewer_names.data)
    )
    check = partial(team_settings.check_team_settings, team, form.name.data or "", publisher)
    if validate_all(form, check):
        with refusals(form) as refused:
            changed = team_settings.change_team_settings(
                current_user, team, form.name.data, publisher, public
            )
        if not refused:
            db.session.commit()
            flash("The team's settings are saved." if changed else "Nothing changed.", "success")
            return redirect(url_for("team_settings.edit", slug=team.slug))
    status = 422 if form.errors else 200
    return render_template("teams/settings.html", team=team, form=form), status
