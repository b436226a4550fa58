"""The long parts of the HTML report (text, disputes, notes), written in Python.

A long article's report has some 30,000 sentence, verdict and note items. Drawn by the
template, each costs a dozen attribute lookups and escapes, which made the report far
slower than the article page (ADR 4). Here every item is one f-string with only its free
text escaped (verdicts, numbers and markup are ours); the template places what these
functions yield. The HTML is the same, byte for byte, as the template's loops it replaces
(see the goldens).
"""

from collections.abc import Iterator
from functools import cache

from markupsafe import Markup

from annotator.exports.report import (
    VERDICT_ICONS,
    Judgement,
    Note,
    Report,
    SentenceEntry,
    rationale_heading,
    reviewer_name,
)
from annotator.models import Verdict
from annotator.services.sources import web_link
from annotator.text.markdown import render_markdown


def escape_text(text: str) -> str:
    """Return the text with markupsafe.escape's five replacements, as a plain string.

    markupsafe.escape builds a Markup object per call; a long report makes 40,000 calls.
    """
    return (
        text.replace("&", "&amp;")
        .replace(">", "&gt;")
        .replace("<", "&lt;")
        .replace("'", "&#39;")
        .replace('"', "&#34;")
    )


@cache
def chip(verdict: Verdict, final: bool = False) -> str:
    """Return a verdict's label with its glyph, as a coloured chip."""
    label = f"Final: {verdict.label}" if final else verdict.label
    return (
        f'<span class="chip chip-{verdict.value}"><span aria-hidden="true">'
        f"{VERDICT_ICONS[verdict]}</span> {label}</span>"
    )


@cache
def sentence_opening(verdict: Verdict | None) -> tuple[str, str]:
    """Return the sentence span's class attribute and the glyph that opens it."""
    if verdict is None:
        return "s", ""
    icon = (
        f'<span class="icon" aria-hidden="true">{VERDICT_ICONS[verdict]}</span>'
        f'<span class="visually-hidden">[{verdict.value}]</span> '
    )
    return f"s v-{verdict.value}", icon


def sentence_html(entry: SentenceEntry) -> str:
    """Return one sentence: its final verdict's glyph, its words (highlights marked), refs."""
    css, icon = sentence_opening(entry.final_verdict)
    words = "".join(
        f"<mark>{escape_text(piece)}</mark>" if marked else escape_text(piece)
        for piece, marked in entry.pieces
    )
    refs = "".join(
        f'<sup class="ref"><a href="#note-{n}" id="ref-{n}">[{n}]</a></sup>'
        for n in (note.number for note in entry.notes)
    )
    number = entry.sentence.index + 1
    if entry.judgements:
        icon += (
            f'<a class="changed-mark" href="#changed-{number}" title="Changed since review">'
            'Δ<span class="visually-hidden"> changed since review</span></a> '
        )
    return f'    <span class="{css}" id="sentence-{number}">{icon}{words}{refs}</span>'


def text_html(report: Report) -> Iterator[Markup]:
    """Yield the article's paragraphs, sentence by sentence."""
    for paragraph in report.paragraphs:
        sentences = "".join(sentence_html(entry) for entry in paragraph)
        yield Markup(f"  <p>{sentences}  </p>\n")  # noqa: S704 - free text escaped above


def dispute_html(entry: SentenceEntry, names: dict[int | None, str]) -> str:
    """Return a disputed or contested sentence with every verdict and the editor's reason."""
    number = entry.sentence.index + 1
    final = entry.final_verdict
    status = chip(final, final=True) if final else '<span class="chip">Not settled</span>'
    if entry.rating_label:
        status += f' <span class="rating-label">{escape_text(entry.rating_label)}</span>'
    verdicts = "".join(
        f"      <li>{chip(a.verdict)} {names[a.reviewer_id]}</li>\n" for a in entry.annotations
    )
    rationale = ""
    if entry.resolution and entry.resolution.verdict:
        reason = entry.resolution.rationale
        why = render_markdown(reason) if reason else "no rationale given."
        heading = rationale_heading(entry.resolution)
        rationale = f'    <div class="rationale"><strong>{heading}</strong> {why}</div>\n'
    return (
        f'  <article class="dispute">\n    <h3><a href="#sentence-{number}">Sentence {number}</a>\n'
        f"{status}    </h3>\n    <blockquote>{escape_text(entry.text)}</blockquote>\n"
        f'    <ul class="verdicts">\n{verdicts}    </ul>\n{rationale}  </article>\n'
    )


def disputes_html(report: Report) -> Iterator[Markup]:
    """Yield the disputed and contested sentences."""
    names = escaped_names(report)
    for entry in report.detailed:
        yield Markup(dispute_html(entry, names))  # noqa: S704 - free text escaped


def highlighted(pieces: list[tuple[str, bool]]) -> str:
    """Return (text, highlighted) pieces as escaped text with <mark>s."""
    return "".join(
        f"<mark>{escape_text(piece)}</mark>" if marked else escape_text(piece)
        for piece, marked in pieces
    )


def judgement_html(judgement: Judgement) -> str:
    """Return a verdict given to earlier words: whose, which, and the words it was given to."""
    who = "Final verdict" if judgement.final else escape_text(judgement.who)
    waits = " (awaiting re-settling)" if judgement.final else ""
    return (
        f"      <li>{chip(judgement.verdict)} {who}{waits}, given to the words of version "
        f"{judgement.version or '?'}:\n"
        f"        <blockquote>{highlighted(judgement.pieces())}</blockquote></li>\n"
    )


def changed_html(report: Report) -> Iterator[Markup]:
    """Yield the sentences whose verdicts were given to words a revision changed since."""
    for entry in report.changed:
        number = entry.sentence.index + 1
        judged = "".join(judgement_html(judgement) for judgement in entry.judgements)
        yield Markup(  # noqa: S704 - free text escaped
            f'  <article class="changed" id="changed-{number}">\n'
            f'    <h3><a href="#sentence-{number}">Sentence {number}</a>\n'
            '<span class="chip chip-changed">Δ Changed since review</span>    </h3>\n'
            f"    <p>Now reads: <q>{escape_text(entry.text)}</q></p>\n"
            f'    <ul class="judged">\n{judged}    </ul>\n  </article>\n'
        )


def note_html(note: Note) -> str:
    """Return one numbered note: whose, which verdict, its Markdown and its sources."""
    annotation = note.annotation
    number = note.number
    body = ""
    if annotation.note:
        body = f'<div class="note-body">{render_markdown(annotation.note)}</div>'
    sources = ""
    if annotation.sources:
        items = "".join(source_html(*source) for source in annotation.sources)
        sources = f'      <ul class="sources">\n{items}      </ul>\n'
    earlier = ""
    if annotation.reviewed_text is not None:
        earlier = f" · given to the words of version {annotation.reviewed_version or '?'}"
    return (
        f'    <li id="note-{number}" value="{number}">\n'
        f'      <p class="note-head"><a href="#ref-{number}" aria-label="Back to sentence '
        f'{note.sentence_index + 1}">↑</a> Sentence {note.sentence_index + 1} · '
        f"{escape_text(note.reviewer)} · {chip(annotation.verdict)}{earlier}</p>\n"
        f"{body}{sources}    </li>\n"
    )


def source_html(url: str, title: str, quote: str) -> str:
    """Return one cited source: title, link (http(s) only) and quoted words."""
    cite = f"<cite>{escape_text(title)}</cite> — " if title else ""
    said = f"<q>{escape_text(quote)}</q>" if quote else ""
    return (
        f'        <li>{cite}<a href="{escape_text(web_link(url))}" class="url" '
        f'rel="noopener noreferrer nofollow">{escape_text(url)}</a>{said}</li>\n'
    )


def notes_html(report: Report) -> Iterator[Markup]:
    """Yield the numbered notes and sources."""
    for note in report.notes:
        yield Markup(note_html(note))  # noqa: S704 - free text escaped in note_html


def escaped_names(report: Report) -> dict[int | None, str]:
    """Return every reviewer's display name, escaped once, by id."""
    export = report.export
    ids = {a.reviewer_id for entry in report.entries for a in entry.annotations}
    return {uid: escape_text(reviewer_name(export, uid)) for uid in ids}
