"""Article pages: the editor's desk (the list), import, and the annotated article."""

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from annotator.auth.permissions import Action, can
from annotator.errors import PermissionDenied, ValidationError
from annotator.extensions import db
from annotator.models import utcnow
from annotator.services import desk
from annotator.services.access import get_article_for
from annotator.services.article_page import article_page
from annotator.services.articles import ArticleDraft, check_draft, import_article
from annotator.services.desk import DeskFilter
from annotator.services.documents import read_document
from annotator.web import public
from annotator.web.current import current_team
from annotator.web.desk_forms import DeskForm
from annotator.web.forms import ImportArticleForm, validate_all
from annotator.web.input_checks import id_number
from annotator.web.refusals import refusals
from annotator.web.revision_forms import ReviseArticleForm

bp = Blueprint("articles", __name__)


@bp.get("/")
@login_required
def index():
    team, role = current_team()
    form = DeskForm(request.args)
    valid = form.validate()
    chosen = form.chosen() if valid else DeskFilter()
    page = desk.team_desk(current_user, team, chosen, utcnow().date()) if team else None
    return render_template(
        "articles/index.html",
        team=team,
        role=role,
        form=form,
        desk=page,
        filtered=valid and chosen != DeskFilter(page=chosen.page, sort=chosen.sort),
        can_import=can(role, Action.import_article),
        can_settle=can(role, Action.settle),
    ), 200 if valid else 422


@bp.route("/articles/new", methods=["GET", "POST"])
@login_required
def new():
    team, role = current_team()
    if team is None or not can(role, Action.import_article):
        raise PermissionDenied("Only editors can import articles.")
    form = ImportArticleForm()
    max_bytes = current_app.config["MAX_ARTICLE_BYTES"]

    def check() -> None:
        check_draft(draft_from(form), max_bytes)

    if validate_all(form, check):
        with refusals(form) as refused:
            result = import_article(team, current_user, draft_from(form), max_bytes)
        if not refused:
            db.session.commit()
            flash_import(result)
            return redirect(url_for("articles.show", article_id=result.article.id))
    status = 422 if form.is_submitted() else 200
    return render_template("articles/new.html", form=form, team=team), status


def draft_from(form: ImportArticleForm) -> ArticleDraft:
    """Build the draft from pasted text, or from the uploaded file when there is one."""
    title, text = form.title.data or "", form.text.data or ""
    upload = form.file.data
    if upload and upload.filename:
        upload.stream.seek(0)  # from the start: the form's checks have read it once already
        document = read_document(upload.filename, upload.read())
        title, text = title or document.title, document.text
    elif not text.strip():
        raise ValidationError({"text": "Paste the article's text or choose a file."})
    return ArticleDraft(
        title=title,
        text=text,
        source_url=form.source_url.data or "",
        publisher=form.publisher.data or "",
        published_on=form.published_on.data,
        language=(form.language.data or "").strip(),
    )


def flash_import(result) -> None:
    if result.created:
        flash(f"Imported “{result.article.title}”.", "success")
    else:
        flash("This team has that text already: here it is.", "info")


@bp.get("/articles/<int:article_id>")
@login_required
def show(article_id: int):
    article = get_article_for(current_user, article_id)
    part = request.args.get("part", 1, type=id_number)
    page = article_page(current_user, article, part)
    return render_template(
        "articles/show.html",
        page=page,
        public_url=page.public_address and public.iri(page.public_address),
        revise_form=ReviseArticleForm(formdata=None, title=article.title),
    )
