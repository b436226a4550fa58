"""The inbox page (news and invitations) and the counts shown in the navigation."""

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from annotator.extensions import db
from annotator.services import inbox, invitations
from annotator.web.forms import EmptyForm, check_posted

bp = Blueprint("inbox", __name__, url_prefix="/inbox")


def link_of(notification) -> str:
    """Return the page a notification is about."""
    if notification.sentence_index is None:
        return url_for("articles.show", article_id=notification.article_id)
    return url_for(
        "annotations.show",
        article_id=notification.article_id,
        index=notification.sentence_index,
    )


@bp.get("/")
@login_required
def index():
    return render_template(
        "inbox/index.html",
        notifications=inbox.inbox_of(current_user),
        invitations=invitations.invitations_to(current_user),
        link_of=link_of,
        form=EmptyForm(formdata=None),
    )


@bp.post("/<int:notification_id>/open")
@login_required
def open_notification(notification_id: int):
    check_posted()
    notification = inbox.mark_read(current_user, notification_id)
    db.session.commit()
    return redirect(link_of(notification))


@bp.post("/read")
@login_required
def read_all():
    check_posted()
    count = inbox.mark_all_read(current_user)
    db.session.commit()
    flash(f"{count} message{'' if count == 1 else 's'} marked read.", "success")
    return redirect(url_for("inbox.index"))


def unread_messages() -> dict:
    """The top bar's counts: unread messages and invitations waiting for an answer."""
    if not current_user.is_authenticated:
        return {}
    return {
        "unread_messages": inbox.unread_count(current_user),
        "pending_invitations": invitations.invitation_count(current_user),
    }
