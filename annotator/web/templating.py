"""Every template helper, registered in one place: filters, globals and the context every
page gets. Helpers only format or build forms; what a page shows comes from its read model.
"""

from flask import Flask, request
from flask_login import current_user

from annotator import limits
from annotator.auth.permissions import Action
from annotator.exports import registry
from annotator.models import Role, Verdict
from annotator.services.annotation_history import UNDO_WINDOW
from annotator.services.event_words import written_words
from annotator.services.revisions import UnplacedWork
from annotator.services.sources import web_link
from annotator.text.anchoring import judged_span, mark_judged, word_diff
from annotator.text.blocks import bullet_length, text_blocks
from annotator.text.markdown import render_markdown
from annotator.text.segment import is_supported
from annotator.text.spans import split_by_spans
from annotator.web import dashboard, inbox, review, revisions
from annotator.web.current import current_team, my_teams
from annotator.web.forms import EmptyForm
from annotator.web.review_forms import BlindReviewForm, TransitionForm

VERDICT_ICONS = {Verdict.verified: "✓", Verdict.unverified: "?", Verdict.disputed: "✗"}


def highlight(sentence, annotations) -> list[tuple[int, int, bool]]:
    """Cut a sentence into pieces, marking the words any annotation highlights."""
    spans = [(a.span_start, a.span_end) for a in annotations if a.span_start is not None]
    return split_by_spans(sentence.start, sentence.end, spans)


def judged_diff(old: str, new: str, records, text: str) -> list[tuple[str, str, bool]]:
    """Return the word diff from the words judged to the words now, the words the records
    highlighted when they judged marked."""
    spans = []
    for record in records:
        if getattr(record, "span_start", None) is not None:
            words = text[record.span_start : record.span_end]
        else:
            words = getattr(record, "span_quote", None)
        if span := judged_span(old, words):
            spans.append(span)
    return mark_judged(word_diff(old, new), spans)


def when(moment) -> str:
    return moment.strftime("%d %b %Y, %H:%M UTC")


def day(moment) -> str:
    """Write a date as people read it: "1 Dec 2026"."""
    return f"{moment.day} {moment:%b %Y}"


FILTERS = {"markdown": render_markdown, "web_link": web_link, "when": when, "day": day}
GLOBALS = {
    # Names the templates compare with.
    "Action": Action,
    "Role": Role,
    "UnplacedWork": UnplacedWork,
    "Verdict": Verdict,
    "limits": limits,
    # Whether the article page must say its sentences were split by English-like rules.
    "sentence_rules_built_in": is_supported,
    "undo_minutes": int(UNDO_WINDOW.total_seconds() // 60),
    "verdict_icons": VERDICT_ICONS,
    # Forms the article page and the settle board draw for each row.
    "BlindReviewForm": BlindReviewForm,
    "EmptyForm": EmptyForm,
    "TransitionForm": TransitionForm,
    "attach_form": revisions.attach_form,
    # Drawing and addresses.
    "chart": dashboard.chart,
    "chart_bar": dashboard.chart_bar,
    "bullet_length": bullet_length,
    "highlight": highlight,
    "judged_diff": judged_diff,
    "page_url": review.page_url,
    "sentence_verdict_bar": dashboard.sentence_verdict_bar,
    "text_blocks": text_blocks,
    "verdict_bars": dashboard.verdict_bars,
    "word_diff": word_diff,
    "written_words": written_words,
}


def register_templating(app: Flask) -> None:
    """Make the helpers available to every template."""
    app.jinja_env.filters.update(FILTERS)
    app.jinja_env.globals.update(GLOBALS)
    app.context_processor(team_context)
    app.context_processor(unread_messages)
    app.context_processor(export_menu)


def for_members() -> bool:
    """Tell whether the page is a member's: public pages read no session (the same page
    for every visitor, which shared caches may keep)."""
    return request.blueprint != "public" and current_user.is_authenticated


def unread_messages() -> dict:
    return inbox.unread_messages() if for_members() else {}


def export_menu() -> dict:
    """The export menu's formats, read per page: whether each is available can change
    (a PDF needs Pango, found when first asked)."""
    return {"export_formats": list(registry.FORMATS.values())}


def team_context() -> dict:
    """The top bar's team switcher: the current team and role, and the user's teams."""
    if not for_members():
        return {}
    team, role = current_team()
    return {"current_team": team, "current_role": role, "my_teams": my_teams()}
