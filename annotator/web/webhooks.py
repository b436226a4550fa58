"""A team's webhooks, for its admins: endpoints, their secrets (shown once) and delivery log.

Every page answers the team's admins only: anyone else gets 404 (not a member) or 403.
Nothing here waits on an endpoint: messages are written with the change and sent by the
worker (`flask worker`); "Send again" only queues the message.
"""

from functools import partial

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectMultipleField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired
from wtforms.widgets import CheckboxInput, ListWidget

from annotator import limits
from annotator.config import retry_delays
from annotator.extensions import db
from annotator.models import Team, WebhookEndpoint, WebhookEvent
from annotator.services import teams, webhook_delivery, webhooks
from annotator.text.durations import duration_in_words, durations_in_words
from annotator.web.forms import Within, check_posted, validate_all
from annotator.web.refusals import refusals

bp = Blueprint("webhooks", __name__, url_prefix="/teams/<slug>/webhooks")


class EventChoices(SelectMultipleField):
    """Checkboxes, one per event; an unknown value is left to the service to name."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def pre_validate(self, form) -> None:
        pass  # services.webhooks.check_endpoint names an unknown event


class EndpointForm(FlaskForm):
    url = StringField("Address", validators=[DataRequired(), Within(limits.WEB_ADDRESS)])
    description = StringField("Description", validators=[Within(webhooks.DESCRIPTION)])
    events = EventChoices(
        "Events", choices=[SelectChoice(event.value, event.label) for event in WebhookEvent]
    )
    active = BooleanField("Active: send messages to this endpoint", default=True)


def load_team(slug: str) -> Team:
    team = teams.find_team(slug)
    if team is None:
        abort(404)
    return team


def load_endpoint(slug: str, endpoint_id: int) -> tuple[Team, WebhookEndpoint]:
    team = load_team(slug)
    return team, webhooks.find_endpoint(current_user, team, endpoint_id)


def allow_local() -> bool:
    return bool(current_app.config["WEBHOOK_ALLOW_LOCAL"])


def checked_form(form: EndpointForm) -> bool:
    check = partial(
        webhooks.check_endpoint,
        form.url.data or "",
        form.description.data or "",
        form.events.data or [],
        allow_local(),
    )
    return validate_all(form, check)


def render_endpoint(team, endpoint, secret=None, status=200):
    return render_template(
        "webhooks/show.html",
        team=team,
        endpoint=endpoint,
        secret=secret,
        deliveries=webhook_delivery.delivery_log(endpoint),
        log_kept=log_kept(),
        retry_waits=durations_in_words(retry_delays(current_app.config["WEBHOOK_RETRY_DELAYS"])),
    ), status


def log_kept() -> str | None:
    """How long the delivery log keeps a finished message, in words (None: for ever)."""
    days = float(current_app.config["WEBHOOK_LOG_DAYS"] or 0)
    return duration_in_words(days * 86_400) if days > 0 else None


@bp.get("/")
@login_required
def index(slug: str):
    team = load_team(slug)
    endpoints = webhooks.endpoints_of(current_user, team)
    return render_template("webhooks/index.html", team=team, endpoints=endpoints)


@bp.route("/new", methods=["GET", "POST"])
@login_required
def create(slug: str):
    team = load_team(slug)
    webhooks.endpoints_of(current_user, team)  # admins only, before any form is shown
    form = EndpointForm()
    if checked_form(form):
        with refusals(form) as refused:
            endpoint = webhooks.create_endpoint(
                current_user,
                team,
                form.url.data,
                form.description.data or "",
                form.events.data,
                allow_local(),
            )
        if not refused:
            db.session.commit()
            # Rendered, not redirected: the secret must never travel through the session.
            return render_endpoint(team, endpoint, secret=endpoint.secret, status=201)
    status = 422 if form.errors else 200
    return render_template(
        "webhooks/form.html", team=team, form=form, endpoint=None, local=allow_local()
    ), status


@bp.get("/<int:endpoint_id>")
@login_required
def show(slug: str, endpoint_id: int):
    team, endpoint = load_endpoint(slug, endpoint_id)
    return render_endpoint(team, endpoint)


@bp.route("/<int:endpoint_id>/edit", methods=["GET", "POST"])
@login_required
def edit(slug: str, endpoint_id: int):
    team, endpoint = load_endpoint(slug, endpoint_id)
    form = EndpointForm(obj=endpoint)
    if checked_form(form):
        with refusals(form) as refused:
            webhooks.change_endpoint(
                current_user,
                endpoint,
                form.url.data,
                form.description.data or "",
                form.events.data,
                form.active.data,
                allow_local(),
            )
        if not refused:
            db.session.commit()
            flash("The endpoint is saved.", "success")
            return redirect(url_for("webhooks.show", slug=team.slug, endpoint_id=endpoint.id))
    status = 422 if form.errors else 200
    return render_template(
        "webhooks/form.html", team=team, form=form, endpoint=endpoint, local=allow_local()
    ), status


@bp.post("/<int:endpoint_id>/secret")
@login_required
def rotate(slug: str, endpoint_id: int):
    team, endpoint = load_endpoint(slug, endpoint_id)
    check_posted()
    secret = webhooks.rotate_secret(current_user, endpoint)
    db.session.commit()
    return render_endpoint(team, endpoint, secret=secret)


@bp.post("/<int:endpoint_id>/delete")
@login_required
def delete(slug: str, endpoint_id: int):
    team, endpoint = load_endpoint(slug, endpoint_id)
    check_posted()
    webhooks.delete_endpoint(current_user, endpoint)
    db.session.commit()
    flash("The endpoint is deleted, with its delivery log.", "success")
    return redirect(url_for("webhooks.index", slug=team.slug))


@bp.post("/<int:endpoint_id>/deliveries/<int:delivery_id>/redeliver")
@login_required
def redeliver(slug: str, endpoint_id: int, delivery_id: int):
    team, endpoint = load_endpoint(slug, endpoint_id)
    check_posted()
    with refusals() as refused:
        delivery = webhook_delivery.redeliver(current_user, endpoint, delivery_id)
    if not refused:
        db.session.commit()
        flash(f"Message {delivery.message_id} will be sent again shortly.", "success")
    return redirect(url_for("webhooks.show", slug=team.slug, endpoint_id=endpoint.id))
