"""Assignments: editors give articles to reviewers; reviewers see their work."""

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user, login_required
from wtforms.fields.choices import SelectChoice

from annotator import limits
from annotator.auth.permissions import Action
from annotator.errors import ValidationError
from annotator.extensions import db
from annotator.models import User, utcnow
from annotator.services import assignments
from annotator.services.access import get_article_for, require
from annotator.web.forms import EmptyForm, check_posted
from annotator.web.refusals import refusals
from annotator.web.review_forms import AssignForm, ReviewersWantedForm

bp = Blueprint("assignments", __name__)


def assign_form(article, formdata=None) -> AssignForm:
    form = AssignForm() if formdata is None else AssignForm(formdata=formdata)
    form.reviewer_id.choices = [
        candidate_choice(candidate) for candidate in assignments.assignable_members(article)
    ]
    return form


def candidate_choice(candidate: assignments.Candidate) -> SelectChoice:
    """Offer reviewers as reviewers; editors and admins under their own heading, with their
    role in the name so it is read out too."""
    user = candidate.user
    if candidate.reviews:
        return SelectChoice(user.id, user.name, optgroup="Reviewers")
    role = candidate.role.value
    return SelectChoice(user.id, f"{user.name} ({role})", optgroup="Editors and admins")


@bp.get("/assigned")
@login_required
def mine():
    return render_template(
        "review/assigned.html",
        work=assignments.my_assignments(current_user, utcnow().date()),
        requests=assignments.open_requests(current_user),
    )


@bp.route("/articles/<int:article_id>/assignments", methods=["GET", "POST"])
@login_required
def manage(article_id: int):
    article = get_article_for(current_user, article_id)
    require(current_user, article.team_id, Action.assign)
    form = assign_form(article)
    if form.validate_on_submit():
        with refusals(form) as refused:
            reviewer = db.session.get(User, form.reviewer_id.data)
            assignments.check_due_date(form.due_on.data, utcnow().date())
            assignments.assign_article(current_user, article, reviewer, form.due_on.data)
        if not refused:
            db.session.commit()
            flash(f"“{article.title}” is assigned to {reviewer.name}.", "success")
            return redirect(url_for("assignments.manage", article_id=article.id))
    wanted = ReviewersWantedForm(formdata=None, count=article.reviewers_wanted)
    assignees, today = assignments.assignees_of(article), utcnow().date()
    return render_template(
        "review/assignments.html",
        article=article,
        form=form,
        wanted_form=wanted,
        assignees=assignees,
        late={a.id for a in assignees if assignments.is_late(a.due_on, article.state, today)},
        remove_form=EmptyForm(formdata=None),
    ), 422 if form.is_submitted() else 200


@bp.post("/articles/<int:article_id>/assignments/<int:reviewer_id>/remove")
@login_required
def remove(article_id: int, reviewer_id: int):
    article = get_article_for(current_user, article_id)
    check_posted()
    assignments.unassign_article(current_user, article, reviewer_id)
    db.session.commit()
    flash("Assignment removed.", "success")
    return redirect(url_for("assignments.manage", article_id=article.id))


@bp.post("/articles/<int:article_id>/reviewers-wanted")
@login_required
def wanted(article_id: int):
    article = get_article_for(current_user, article_id)
    form = ReviewersWantedForm()
    if not form.validate_on_submit():
        raise ValidationError({"count": f"Ask for 0 to {limits.REVIEWERS_WANTED} reviewers."})
    assignments.request_reviewers(current_user, article, form.count.data)
    db.session.commit()
    flash("Request for reviewers saved.", "success")
    return redirect(url_for("assignments.manage", article_id=article.id))


@bp.post("/articles/<int:article_id>/take")
@login_required
def take(article_id: int):
    article = get_article_for(current_user, article_id)
    check_posted()
    assignments.take_article(current_user, article)
    db.session.commit()
    flash(f"“{article.title}” is now assigned to you.", "success")
    return redirect(url_for("assignments.mine"))
