"""The access tokens page: create a named token (shown once), see last use, revoke one or all."""

from functools import partial

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from wtforms import DateField, StringField
from wtforms.validators import DataRequired, Optional

from annotator import limits
from annotator.extensions import db
from annotator.models import utcnow
from annotator.services import tokens
from annotator.web.account_forms import RevokeAllTokensForm
from annotator.web.forms import EmptyForm, Within, check_posted, validate_all
from annotator.web.refusals import refusals

bp = Blueprint("tokens", __name__, url_prefix="/account/tokens")


class NewTokenForm(FlaskForm):
    name = StringField("Name", validators=[DataRequired(), Within(limits.TOKEN_NAME)])
    expires_on = DateField("Expires on (optional)", validators=[Optional()])


def render_page(
    form: NewTokenForm, secret: str | None = None, status: int = 200, revoke_all_form=None
):
    return render_template(
        "tokens/index.html",
        form=form,
        secret=secret,
        tokens=tokens.tokens_of(current_user),
        revoke_form=EmptyForm(formdata=None),
        revoke_all_form=revoke_all_form or RevokeAllTokensForm(formdata=None),
    ), status


@bp.get("/")
@login_required
def index():
    return render_page(NewTokenForm(formdata=None))


@bp.post("/")
@login_required
def create():
    form = NewTokenForm()
    today = utcnow().date()
    check = partial(tokens.check_new_token, form.name.data or "", form.expires_on.data, today)
    if validate_all(form, check):
        with refusals(form) as refused:
            _, secret = tokens.create_token(current_user, form.name.data, form.expires_on.data)
        if not refused:
            db.session.commit()
            # Rendered, not redirected: the secret must never travel through the session.
            return render_page(NewTokenForm(formdata=None), secret=secret, status=201)
    return render_page(form, status=422)


@bp.post("/<int:token_id>/revoke")
@login_required
def revoke(token_id: int):
    check_posted()
    token = tokens.revoke_token(current_user, token_id)
    db.session.commit()
    flash(f"The token “{token.name}” no longer works.", "success")
    return redirect(url_for("tokens.index"))


@bp.post("/revoke-all")
@login_required
def revoke_all():
    form = RevokeAllTokensForm()
    if not form.validate_on_submit():
        return render_page(NewTokenForm(formdata=None), status=422, revoke_all_form=form)
    revoked = tokens.revoke_all_tokens(current_user, current_user)
    db.session.commit()
    plural = "s" if revoked != 1 else ""
    flash(f"{revoked} token{plural} revoked: none of yours works now.", "success")
    return redirect(url_for("tokens.index"))
