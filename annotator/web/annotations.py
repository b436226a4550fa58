"""Annotating one sentence: the sentence page and its forms, as pages or as JSON."""

from flask import Blueprint, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from annotator import limits
from annotator.auth.permissions import Action
from annotator.errors import ValidationError, wants_json
from annotator.extensions import db
from annotator.models import Verdict
from annotator.services.access import get_sentence_for
from annotator.services.annotations import (
    AnnotationEntry,
    SourceEntry,
    annotate_sentence,
    clear_verdict,
    find_annotation,
)
from annotator.services.article_page import sentence_marks
from annotator.services.drafts import DraftEntry, discard_draft, draft_sources, keep_draft
from annotator.services.sentence_panel import sentence_panel
from annotator.text.spans import locate_span
from annotator.web.forms import EXPIRED, AnnotationForm, ClearVerdictForm, check_posted
from annotator.web.local_paths import local_path
from annotator.web.panels import panel_context
from annotator.web.reading import summary_fragments
from annotator.web.refusals import refusals
from annotator.web.templating import when
from annotator.web.transactions import locks_late

bp = Blueprint("annotations", __name__, url_prefix="/articles/<int:article_id>/sentences")


@bp.get("/<int:index>")
@login_required
def show(article_id: int, index: int):
    sentence = get_sentence_for(current_user, article_id, index)
    panel = sentence_panel(current_user, sentence)
    form = AnnotationForm(obj=None)
    prefill(form, panel.mine, panel.draft)
    return render_panel(panel, form)


@bp.post("/<int:index>/annotation")
@login_required
@locks_late
def save(article_id: int, index: int):
    sentence = get_sentence_for(current_user, article_id, index, Action.annotate)
    form = AnnotationForm()
    refused = None
    if form.validate_on_submit():
        with refusals(form) as refused:
            entry = entry_from(form, sentence)
            saved = annotate_sentence(current_user, sentence, entry, form.version.data)
        if not refused:
            db.session.commit()
            # The same words saved again make no new version: an Undo there would take back
            # the change before, which the reviewer did not just make.
            changed = form.version.data is None or saved.version != form.version.data
            return after_change(sentence, "Your verdict is saved.", undoable=changed)
    db.session.rollback()
    if form.is_submitted():
        show_as_sent(form)
    panel = sentence_panel(current_user, sentence)
    if not form.is_submitted():
        return render_panel(panel, form)
    # A refused move (the article is published) or a stale version is a conflict (409).
    return render_panel(panel, form, status=refused.status if refused else 422)


def show_as_sent(form: AnnotationForm) -> None:
    """Keep a refused form as it was sent: the verdict chosen, and a word on what to do."""
    form.verdict.data = request.form.get("set_verdict") or form.verdict.data
    if not form.form_errors:
        form.form_errors.append("Your verdict is not saved: correct the marked fields.")


@bp.post("/<int:index>/annotation/clear")
@login_required
@locks_late
def clear(article_id: int, index: int):
    sentence = get_sentence_for(current_user, article_id, index, Action.annotate)
    form = check_posted(ClearVerdictForm())
    clear_verdict(current_user, sentence, form.version.data)
    db.session.commit()
    return after_change(sentence, "Your verdict is cleared.")


@bp.post("/<int:index>/draft")
@login_required
@locks_late
def keep(article_id: int, index: int):
    sentence = get_sentence_for(current_user, article_id, index, Action.annotate)
    form = AnnotationForm()
    if not form.validate_on_submit():
        raise ValidationError(form_problems(form))
    draft = keep_draft(current_user, sentence, draft_entry_from(form, sentence))
    db.session.commit()
    if not wants_json():
        flash("Your draft is kept: it is not saved until you choose a verdict.", "success")
        return redirect(url_for("annotations.show", article_id=article_id, index=index))
    kept_at = draft.kept_at if draft else None
    return jsonify({"kept": draft is not None, "kept_at": kept_at and when(kept_at)})


@bp.post("/<int:index>/draft/discard")
@login_required
@locks_late
def discard(article_id: int, index: int):
    sentence = get_sentence_for(current_user, article_id, index, Action.annotate)
    check_posted()
    discard_draft(current_user, sentence)
    db.session.commit()
    # Nothing of the annotation changed: an Undo here would take back an earlier change.
    return after_change(sentence, "Your draft is discarded.", undoable=False)


def form_problems(form: AnnotationForm) -> dict[str, str] | str:
    """Return the form's refusal: expired (its CSRF token), else each field's problem."""
    if "csrf_token" in form.errors:
        return EXPIRED
    return {name: " ".join(messages) for name, messages in field_errors(form).items()}


def draft_entry_from(form: AnnotationForm, sentence) -> DraftEntry:
    """Build a draft from the form as typed so far; words not (yet) found are no span."""
    try:
        span = span_from(form, sentence)
    except ValidationError:
        span = None
    return DraftEntry(form.note.data or "", span, sources_from(form))


def sources_from(form: AnnotationForm) -> list[SourceEntry]:
    """Return the source rows the reviewer filled in (an empty row is no source)."""
    return [
        SourceEntry(s.url.data or "", s.title.data or "", s.quote.data or "")
        for s in form.sources
        if (s.url.data or s.title.data or s.quote.data)
    ]


def entry_from(form: AnnotationForm, sentence) -> AnnotationEntry:
    """Build the service's entry from the submitted form."""
    chosen = request.form.get("set_verdict") or form.verdict.data
    try:
        verdict = Verdict(chosen)
    except ValueError:
        raise ValidationError({"verdict": "Choose Verified, Unverified or Disputed."}) from None
    note, span = form.note.data or "", span_from(form, sentence)
    return AnnotationEntry(verdict, note, span, sources_from(form))


def span_from(form: AnnotationForm, sentence) -> tuple[int, int] | None:
    """Turn the highlighted words (and the browser's offsets, if sent) into article offsets."""
    hint = None
    if form.span_start.data is not None and form.span_end.data is not None:
        hint = (form.span_start.data, form.span_end.data)
    words = form.span_text.data or ""
    if not words.strip():
        return hint
    text = sentence.article.text
    span = locate_span(text, (sentence.start, sentence.end), words, hint)
    if span is None:
        raise ValidationError({"span_text": "These words are not in the sentence."})
    return span


def prefill(form: AnnotationForm, annotation, draft=None) -> None:
    """Fill the form with the reviewer's current annotation, its words from their draft."""
    form.version.data = annotation.version if annotation else 0
    if annotation is not None and annotation.verdict is not None:
        form.verdict.data = annotation.verdict.value
        fill_words(form, annotation, annotation.note, annotation.sources)
    if draft is not None:
        fill_words(form, draft, draft.note, draft_sources(draft))


def fill_words(form: AnnotationForm, holder, note: str, sources: list) -> None:
    """Put a note, a span (``holder``'s offsets) and sources in the form."""
    form.note.data = note
    form.span_start.data = form.span_end.data = form.span_text.data = None
    if holder.has_span:
        form.span_start.data, form.span_end.data = holder.span_start, holder.span_end
        form.span_text.data = holder.sentence.article.text[holder.span_start : holder.span_end]
    # Every source gets its row, and one empty row for another while the flag has room.
    rows = len(sources) + (1 if len(sources) < limits.SOURCES else 0)
    while len(form.sources) < rows:
        form.sources.append_entry()
    while len(form.sources) > max(rows, 1):
        form.sources.pop_entry()
    for field, source in zip(form.sources, [*sources, None], strict=False):
        url, title, quote = (source.url, source.title, source.quote) if source else ("", "", "")
        field.url.data, field.title.data, field.quote.data = url, title, quote


def render_panel(panel, form, status: int = 200):
    """Answer with the sentence page, or with its panel as JSON for the article page."""
    context = panel_context(panel, form)
    if wants_json():
        body = {
            "panel": render_template("annotations/_panel.html", **context),
            "error": error_body(form) if status >= 400 else None,
        }
        return jsonify(body), status
    return render_template("annotations/show.html", **context), status


def field_errors(form) -> dict[str, list[str]]:
    """Return every field's errors under its submitted name (``sources-0-url`` included)."""
    errors: dict[str, list[str]] = {}
    for field in form:
        if hasattr(field, "entries"):
            for entry in field.entries:
                errors.update(field_errors(entry.form))
            # The list's own messages ("Cite at most 10 sources"), beside its rows' ones.
            if own := list_errors(field):
                errors[field.name] = own
        elif field.errors:
            errors[field.name] = list(field.errors)
    return errors


def list_errors(field) -> list[str]:
    """Return a FieldList's messages about the list as a whole (its rows report their own)."""
    return [message for message in field.errors if isinstance(message, str)]


def error_body(form) -> dict:
    fields = field_errors(form)
    message = "; ".join(form.form_errors)
    return {"code": "validation_error", "message": message, "fields": fields}


def after_change(sentence, message: str, back: str | None = None, undoable: bool = True):
    """Redirect back (to ``back``, a path on this site, else the article) with the message and
    its Undo (when ``undoable``), or answer the new panel, with them, and the sentence marks
    as JSON."""
    article_url = url_for(
        "articles.show", article_id=sentence.article_id, _anchor=f"s{sentence.index}"
    )
    back = local_path(back, article_url)
    if not wants_json():
        flash(confirmation(sentence, message, back, undoable=undoable), "success")
        return redirect(back)
    form = AnnotationForm(formdata=None)
    panel = sentence_panel(current_user, sentence)
    prefill(form, panel.mine, panel.draft)
    marks = sentence_marks(current_user, sentence.article, [sentence.index])
    shown = confirmation(sentence, message, back, panel.mine, undoable)
    return jsonify(
        {
            "message": message,
            "panel": render_template(
                "annotations/_panel.html", **panel_context(panel, form), confirmation=shown
            ),
            "sentence": render_template(
                "articles/_sentence.html",
                sentence=marks.sentences[0],
                article=marks.article,
                sentence_flags=marks.flags.get(sentence.id, []),
            ),
            # The page's counts change at once, not at the live feed's next answer.
            "summary": summary_fragments(sentence.article),
        }
    )


def confirmation(sentence, message: str, back: str, mine=None, undoable: bool = True) -> dict:
    """Return the message after a change of my annotation, with the Undo of that change.

    A dict rather than a string, so that the page (base.html) can show it as a plain form
    that works without JavaScript (flashed messages are kept in the session as JSON).
    """
    mine = mine or find_annotation(sentence, current_user)
    if mine is None or not undoable:
        return {"text": message}
    undo_url = url_for(
        "annotation_history.undo", article_id=sentence.article_id, index=sentence.index
    )
    return {"text": message, "undo": {"url": undo_url, "version": mine.version, "next": back}}
