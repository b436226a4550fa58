"""Revision pages: revising an article, its earlier versions, attaching unplaced work."""

from flask import Blueprint, current_app, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from annotator.auth.permissions import Action
from annotator.errors import NotFound, ValidationError
from annotator.extensions import db
from annotator.services.access import get_article_for, require
from annotator.services.articles import ArticleDraft
from annotator.services.documents import read_document
from annotator.services.drafts import (
    attach_unplaced_draft,
    discard_unplaced_draft,
    find_unplaced_draft,
)
from annotator.services.revisions import (
    RevisionReport,
    attach_unplaced,
    find_version,
    revise_article,
)
from annotator.web.forms import check_posted
from annotator.web.refusals import refusals
from annotator.web.revision_forms import AttachForm, ReviseArticleForm

bp = Blueprint("revisions", __name__)


@bp.route("/articles/<int:article_id>/revise", methods=["GET", "POST"])
@login_required
def revise(article_id: int):
    article = get_article_for(current_user, article_id)
    require(current_user, article.team_id, Action.import_article)
    form = ReviseArticleForm(title=article.title)
    if form.validate_on_submit():
        with refusals(form) as refused:
            report = revise_article(
                article, current_user, draft_from(form), current_app.config["MAX_ARTICLE_BYTES"]
            )
        if not refused:
            db.session.commit()
            flash(revision_message(report), "success")
            return redirect(url_for("articles.show", article_id=article.id))
        status = refused.status
    else:
        status = 422 if form.is_submitted() else 200
    return render_template("revisions/revise.html", form=form, article=article), status


def draft_from(form: ReviseArticleForm) -> ArticleDraft:
    """Build the draft from the pasted text, or from the uploaded file when there is one."""
    text = form.text.data or ""
    upload = form.file.data
    if upload and upload.filename:
        text = read_document(upload.filename, upload.read()).text
    elif not text.strip():
        raise ValidationError({"text": "Paste the new text or choose a file."})
    return ArticleDraft(title=form.title.data or "", text=text)


def revision_message(report: RevisionReport) -> str:
    message = (
        f"Version {report.article.version} saved: {report.kept} sentences kept their place "
        f"({report.changed} with changed words), {report.added} are new."
    )
    if report.unplaced_count == 1:
        message += " 1 item is unplaced: attach it below."
    elif report.unplaced_count:
        message += f" {report.unplaced_count} items are unplaced: attach them below."
    return message


@bp.get("/articles/<int:article_id>/versions/<int:number>")
@login_required
def version(article_id: int, number: int):
    article = get_article_for(current_user, article_id)
    if number == article.version:
        return redirect(url_for("articles.show", article_id=article.id))
    earlier = find_version(article, number)
    if earlier is None:
        raise NotFound("No such version of this article.")
    return render_template("revisions/version.html", article=article, version=earlier)


@bp.post("/articles/<int:article_id>/unplaced/<kind>/<int:record_id>/attach")
@login_required
def attach(article_id: int, kind: str, record_id: int):
    article = get_article_for(current_user, article_id, Action.import_article)
    form = AttachForm(prefix=f"{kind}-{record_id}")
    return attach_where_asked(
        article,
        form,
        lambda index: attach_unplaced(current_user, article, kind, record_id, index),
        missing="Give the number of the sentence to attach it to.",
        done=f"Attached to sentence {form.sentence.data}.",
    )


@bp.post("/articles/<int:article_id>/unplaced-drafts/<int:draft_id>/attach")
@login_required
def attach_draft(article_id: int, draft_id: int):
    article = get_article_for(current_user, article_id, Action.annotate)
    find_unplaced_draft(current_user, article, draft_id)
    form = AttachForm(prefix=f"draft-{draft_id}")
    return attach_where_asked(
        article,
        form,
        lambda index: attach_unplaced_draft(current_user, article, draft_id, index),
        missing="Give the number of the sentence to move your draft to.",
        done=f"Your draft is now on sentence {form.sentence.data}, not saved yet.",
    )


def attach_where_asked(article, form: AttachForm, attach, missing: str, done: str):
    """Attach unplaced work to the sentence the form names and show it there; a missing
    number or a refusal goes back to the Unplaced list with its message."""
    back = redirect(url_for("articles.show", article_id=article.id, _anchor="unplaced"))
    if not form.validate_on_submit():
        flash(missing, "error")
        return back
    with refusals() as refused:
        record = attach(form.sentence.data - 1)
    if refused:
        return back
    db.session.commit()
    flash(done, "success")
    return redirect(
        url_for("articles.show", article_id=article.id, _anchor=f"s{record.sentence.index}")
    )


@bp.post("/articles/<int:article_id>/unplaced-drafts/<int:draft_id>/discard")
@login_required
def discard_draft(article_id: int, draft_id: int):
    article = get_article_for(current_user, article_id, Action.annotate)
    with refusals() as refused:
        check_posted()
        discard_unplaced_draft(current_user, article, draft_id)
    if not refused:
        db.session.commit()
        flash("Your unplaced draft is discarded.", "success")
    return redirect(url_for("articles.show", article_id=article.id, _anchor="unplaced"))


def attach_form(kind: str, record_id: int) -> AttachForm:
    """Return the attach form of one unplaced record; the prefix keeps its ids apart."""
    return AttachForm(formdata=None, prefix=f"{kind}-{record_id}")
