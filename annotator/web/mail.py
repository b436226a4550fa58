"""E-mail pages: a member's choice of what is mailed, following articles, and the one-click
unsubscribe link every mail carries (no login, no CSRF: the signed token is the proof)."""

from flask import Blueprint, current_app, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from annotator.errors import ValidationError
from annotator.extensions import csrf, db
from annotator.models import User
from annotator.services import following, mail_preferences
from annotator.services.access import get_article_for
from annotator.services.mail_delivery import mail_setup_from
from annotator.services.mail_tokens import read_unsubscribe_token
from annotator.web.account_forms import MailPreferencesForm
from annotator.web.forms import check_posted
from annotator.web.refusals import refusals

bp = Blueprint("mail", __name__)

#: Longer than any token we sign: refused before it is read.
TOKEN_UP_TO = 300


@bp.route("/account/email", methods=["GET", "POST"])
@login_required
def preferences():
    form = MailPreferencesForm()
    if not form.is_submitted():
        form.process(data=chosen(current_user.id))
    elif form.validate_on_submit():
        with refusals(form) as refused:
            mail_preferences.set_mail_preferences(current_user, form.data)
        if not refused:
            db.session.commit()
            flash("Your e-mail choices are saved.", "success")
            return redirect(url_for("mail.preferences"))
    mail_on = mail_setup_from(current_app.config) is not None
    status = 422 if form.errors else 200
    return render_template("account/email.html", form=form, mail_on=mail_on), status


def chosen(user_id: int) -> dict[str, str]:
    choices = mail_preferences.mail_preferences_of(user_id)
    return {kind.value: cadence.value for kind, cadence in choices.items()}


@bp.get("/unsubscribe/<token>")
def unsubscribe_page(token: str):
    user, topic = read_token(token)
    if user is None:
        return refused_link(topic)
    return render_template("account/unsubscribe.html", topic=topic_label(topic), done=False)


@bp.post("/unsubscribe/<token>")
@csrf.exempt
def unsubscribe(token: str):
    """RFC 8058: mail programs POST "List-Unsubscribe=One-Click" here, without a session."""
    user, topic = read_token(token)
    if user is None:
        return refused_link(topic)
    mail_preferences.unsubscribe(user.id, topic)
    db.session.commit()
    return render_template("account/unsubscribe.html", topic=topic_label(topic), done=True)


def read_token(token: str) -> tuple[User | None, str]:
    """Return the member and topic a link names, or None and the reason it is refused."""
    try:
        if len(token) > TOKEN_UP_TO:
            raise ValidationError({"token": "This unsubscribe link is too long to be ours."})
        user_id, topic = read_unsubscribe_token(current_app.config["SECRET_KEY"], token)
    except ValidationError as refused:
        return None, refused.message
    user = db.session.get(User, user_id)
    return (user, topic) if user is not None else (None, "This account no longer exists.")


def refused_link(reason: str):
    return render_template("account/unsubscribe.html", refused=reason), 400


def topic_label(topic: str) -> str:
    if topic == mail_preferences.DIGEST:
        return "the daily digest"
    labels = {kind.value: kind.label for kind in mail_preferences.MAILED_KINDS}
    return f"“{labels[topic]}” e-mails"


@bp.post("/articles/<int:article_id>/follow")
@login_required
def follow(article_id: int):
    article = get_article_for(current_user, article_id, with_text=False)
    check_posted()
    following.follow_article(current_user, article)
    db.session.commit()
    flash("You follow this article: you will hear when it is published.", "success")
    return redirect(url_for("articles.show", article_id=article.id))


@bp.post("/articles/<int:article_id>/unfollow")
@login_required
def unfollow(article_id: int):
    article = get_article_for(current_user, article_id, with_text=False)
    check_posted()
    following.unfollow_article(current_user, article)
    db.session.commit()
    flash("You no longer follow this article.", "success")
    return redirect(url_for("articles.show", article_id=article.id))
