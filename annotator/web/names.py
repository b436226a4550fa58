"""The team's canonical names: the list, editing, and CSV import and export."""

from flask import Blueprint, Response, abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from annotator.auth.permissions import Action, can
from annotator.errors import ValidationError
from annotator.extensions import db
from annotator.models import CanonicalName, Team
from annotator.services import names, teams
from annotator.services.access import require
from annotator.web.claims_forms import NameForm, NamesImportForm
from annotator.web.current import my_role_in
from annotator.web.forms import EmptyForm, check_posted
from annotator.web.refusals import refusals

bp = Blueprint("names", __name__, url_prefix="/teams/<slug>/names")


def load_team(slug: str, action: Action) -> Team:
    team = teams.find_team(slug)
    if team is None:
        abort(404)
    require(current_user, team.id, action)
    return team


def load_name(team: Team, name_id: int) -> CanonicalName:
    row = names.get_name_for(current_user, name_id)
    if row.team_id != team.id:
        abort(404)
    return row


def entry_from(form: NameForm) -> names.NameEntry:
    return names.NameEntry(form.name.data or "", form.kind.data or "", form.aliases.data or "")


def render_list(team: Team, form: NameForm, status: int = 200, import_form=None):
    role = my_role_in(team.id)
    return render_template(
        "names/index.html",
        team=team,
        names=names.team_names(team.id),
        form=form,
        import_form=import_form or NamesImportForm(formdata=None),
        delete_form=EmptyForm(formdata=None),
        can_manage=can(role, names.MANAGE),
    ), status


@bp.get("")
@login_required
def index(slug: str):
    team = load_team(slug, Action.read)
    return render_list(team, NameForm(formdata=None))


@bp.post("")
@login_required
def add(slug: str):
    team = load_team(slug, names.MANAGE)
    form = NameForm()
    if form.validate_on_submit():
        with refusals(form) as refused:
            row = names.add_name(current_user, team.id, entry_from(form))
        if not refused:
            db.session.commit()
            flash(f"Added “{row.name}”.", "success")
            return redirect(url_for("names.index", slug=slug))
    return render_list(team, form, 422)


@bp.route("/<int:name_id>/edit", methods=["GET", "POST"])
@login_required
def edit(slug: str, name_id: int):
    team = load_team(slug, names.MANAGE)
    row = load_name(team, name_id)
    form = NameForm()
    if not form.is_submitted():
        form.name.data, form.kind.data = row.name, row.kind.value
        form.aliases.data = "\n".join(row.alias_list)
    elif form.validate():
        with refusals(form) as refused:
            names.update_name(current_user, row, entry_from(form))
        if not refused:
            db.session.commit()
            flash(f"Saved “{row.name}”.", "success")
            return redirect(url_for("names.index", slug=slug))
    status = 422 if form.is_submitted() else 200
    return render_template("names/edit.html", team=team, row=row, form=form), status


@bp.post("/<int:name_id>/delete")
@login_required
def delete(slug: str, name_id: int):
    team = load_team(slug, names.MANAGE)
    row = load_name(team, name_id)
    check_posted()
    names.delete_name(current_user, row)
    db.session.commit()
    flash(f"Removed “{row.name}”.", "success")
    return redirect(url_for("names.index", slug=slug))


@bp.get("/export.csv")
@login_required
def export(slug: str):
    team = load_team(slug, Action.export)
    headers = {"Content-Disposition": f'attachment; filename="{team.slug}-names.csv"'}
    return Response(names.export_names(team.id), mimetype="text/csv", headers=headers)


@bp.post("/import")
@login_required
def import_csv(slug: str):
    team = load_team(slug, names.MANAGE)
    form = NamesImportForm()
    with refusals(form) as refused:
        added, updated = names.import_names(current_user, team.id, read_upload(form))
    if refused:
        form.form_errors.append("Nothing was imported: the list is as it was.")
        return render_list(team, NameForm(formdata=None), 422, import_form=form)
    db.session.commit()
    flash(f"Imported the list: {added} added, {updated} updated.", "success")
    return redirect(url_for("names.index", slug=slug))


def read_upload(form: NamesImportForm) -> str:
    """Return the uploaded CSV's text, or raise ValidationError for the file field."""
    upload = form.file.data
    if not form.validate_on_submit() or not upload or not upload.filename:
        raise ValidationError({"file": "Choose a CSV file."})
    try:
        return upload.read().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError({"file": "Save the CSV as UTF-8 text."}) from None
