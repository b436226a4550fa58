"""Editors' review pages: settling sentences, the article workflow and blind mode."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from annotator.auth.permissions import Action
from annotator.errors import ValidationError
from annotator.extensions import db
from annotator.models import ArticleState, ClaimantKind, Verdict
from annotator.services import settling, workflow
from annotator.services.access import get_article_for, get_sentence_for, require
from annotator.web.forms import check_posted
from annotator.web.input_checks import id_number
from annotator.web.refusals import refusals
from annotator.web.review import back_to
from annotator.web.review_forms import (
    BlindReviewForm,
    SettleForm,
    TransitionForm,
    VersionForm,
)

bp = Blueprint("settle", __name__, url_prefix="/articles/<int:article_id>")


@bp.get("/settle")
@login_required
def board(article_id: int):
    article = get_article_for(current_user, article_id)
    require(current_user, article.team_id, Action.settle)
    show = settling.CaseFilter.asked(request.args.get("show"))
    page, at = (request.args.get(name, type=id_number) for name in ("page", "at"))
    board = settling.settle_board(article, None, show, page, at)
    return render_template(
        "review/settle.html",
        article=article,
        board=board,
        show=show,
        verdicts=Verdict,
        claimant_kinds=ClaimantKind,
        form=SettleForm(formdata=None),
        reopen_form=VersionForm(formdata=None),
    )


@bp.post("/sentences/<int:index>/settle")
@login_required
def settle(article_id: int, index: int):
    sentence = get_sentence_for(current_user, article_id, index, Action.settle)
    form = SettleForm()
    fallback = url_for("settle.board", article_id=article_id, _anchor=f"case-{index}")
    with refusals(about=f"Sentence {index + 1} is not settled") as refused:
        # The service checks the values whatever their shape, so that every problem shows.
        shape = {} if form.validate_on_submit() else form_problems(form)
        try:
            settling.settle_sentence(
                current_user,
                sentence,
                Verdict.__members__.get(form.verdict.data or ""),
                form.rationale.data or "",
                form.version.data,
                form.claim_details(request.form),
            )
        except ValidationError as refusal:
            raise ValidationError({**shape, **refusal.fields}) from None
        if shape:
            raise ValidationError(shape)
    if not refused:
        db.session.commit()
        flash(f"Sentence {index + 1} is settled as {form.verdict.data}.", "success")
    return redirect(back_to(fallback))


def form_problems(form: SettleForm) -> dict[str, str]:
    """Return every field's problem, each named by its label, the verdict's first."""
    problems = {"verdict": "Choose the final verdict."} if form.verdict.errors else {}
    for name, errors in form.errors.items():
        if name != "verdict":
            problems[name] = f"{form[name].label.text}: {errors[0]}"
    return problems


@bp.post("/sentences/<int:index>/reopen")
@login_required
def reopen(article_id: int, index: int):
    sentence = get_sentence_for(current_user, article_id, index, Action.settle)
    form = check_posted(VersionForm())
    settling.reopen_sentence(current_user, sentence, form.version.data)
    db.session.commit()
    flash(f"Sentence {index + 1} is open again.", "success")
    return redirect(back_to(url_for("settle.board", article_id=article_id)))


@bp.post("/sentences/<int:index>/confirm")
@login_required
def confirm(article_id: int, index: int):
    sentence = get_sentence_for(current_user, article_id, index, Action.settle)
    form = check_posted(VersionForm())
    fallback = url_for("settle.board", article_id=article_id, _anchor=f"case-{index}")
    with refusals(about=f"Sentence {index + 1} is not confirmed") as refused:
        settling.confirm_sentence(current_user, sentence, form.version.data)
    if not refused:
        db.session.commit()
        flash(f"Sentence {index + 1}'s final verdict holds for its new words.", "success")
    return redirect(back_to(fallback))


@bp.post("/state")
@login_required
def move(article_id: int):
    article = get_article_for(current_user, article_id)
    form = check_posted(TransitionForm())
    target = ArticleState.__members__.get(form.state.data)
    if target is None:
        raise ValidationError({"state": "Choose a workflow state."})
    with refusals() as refused:
        workflow.move_article(current_user, article, target)
    if not refused:
        db.session.commit()
        flash(f"The article is now “{article.state.label}”.", "success")
    return redirect(url_for("articles.show", article_id=article.id))


@bp.post("/blind-review")
@login_required
def blind_review(article_id: int):
    article = get_article_for(current_user, article_id, Action.assign)
    form = check_posted(BlindReviewForm())
    workflow.set_blind_review(current_user, article, form.blind.data == "on")
    db.session.commit()
    flash(f"Independent review is {form.blind.data}.", "success")
    return redirect(url_for("articles.show", article_id=article.id))
