"""Markdown report: the HTML report's content, for pasting into a CMS or a ticket."""

import re
from collections.abc import Iterator

from annotator.exports.readmodel import ArticleExport
from annotator.exports.report import (
    DEMO_NOTE,
    PARTIAL_NOTE,
    VERDICT_ICONS,
    Judgement,
    Note,
    Report,
    ReviewerLine,
    SentenceEntry,
    build_report,
    rationale_heading,
)
from annotator.models import Verdict

_SPECIAL = re.compile(r"([\\`*_\[\]|~])")
#: What would start a heading, quote, list or table when it opens a line.
_LINE_START = re.compile(r"^(\s*)([#>+=-]|\d+[.)])")
_URL_UNSAFE = {" ": "%20", "<": "%3C", ">": "%3E", "(": "%28", ")": "%29"}


def escape(text: str) -> str:
    """Return plain text that Markdown shows as written: no markup, no raw HTML."""
    text = text.replace("&", "&amp;").replace("<", "&lt;")
    return re.sub(r"\s+", " ", _SPECIAL.sub(r"\\\1", text))


def line_start_safe(line: str) -> str:
    """Keep a line of article text from opening a heading, quote or list."""
    return _LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), line, count=1)


def safe_markdown(text: str) -> str:
    """Keep a reviewer's Markdown but never let raw HTML through."""
    return text.replace("&", "&amp;").replace("<", "&lt;").strip()


def safe_url(url: str) -> str:
    """Percent-encode what would end a Markdown link target."""
    return "".join(_URL_UNSAFE.get(char, char) for char in url)


def verdict_tag(verdict: Verdict) -> str:
    """Return a verdict as its icon and word."""
    return f"{VERDICT_ICONS[verdict]} {verdict.label}"


def figure(value: float | None, percent: bool = False) -> str:
    """Return an agreement figure, or n/a when there is none."""
    if value is None:
        return "n/a"
    return f"{round(100 * value)}%" if percent else f"{value:.2f}"


def render(export: ArticleExport) -> Iterator[str]:
    """Yield the report as Markdown, section by section."""
    report = build_report(export)
    yield from header(export)
    yield from summary(report)
    yield "## The article, sentence by sentence\n\n"
    for paragraph in report.paragraphs:
        yield line_start_safe(" ".join(sentence_markdown(e) for e in paragraph)) + "\n\n"
    if report.changed:
        yield "## Changed since review\n\n"
        yield (
            "A revision changed the words of these sentences after their verdicts were given. "
            "Each verdict is shown with the words it was given to.\n\n"
        )
        for entry in report.changed:
            yield from changed(entry)
    if report.detailed:
        yield "## Disputed and contested sentences\n\n"
        for entry in report.detailed:
            yield from dispute(export, entry)
    if report.notes:
        yield "## Notes and sources\n\n"
        for note in report.notes:
            yield footnote(note)
    yield f"---\nGenerated {stamp(export)} by {escape(export.context.software)}.\n"


def stamp(export: ArticleExport) -> str:
    """Return the generation time as people read it."""
    return export.context.generated_at.strftime("%d %b %Y, %H:%M UTC")


def header(export: ArticleExport) -> Iterator[str]:
    """Yield the title and the article's metadata."""
    article = export.article
    yield f"# Fact-check report: {escape(article.title)}\n\n"
    if export.context.demo:
        yield f"> **Demo.** {DEMO_NOTE}\n\n"
    facts = [
        f"Fact-check by {fact_checker(export)}",
        f"Publisher: {escape(article.publisher)}" if article.publisher else "",
        f"Source dated: {article.published_on.isoformat()}" if article.published_on else "",
        f"Source: <{safe_url(article.source_url)}>" if article.source_url else "",
        f"Article version {article.version}",
        f"Review state: {article.state.label}",
        f"Generated {stamp(export)}",
    ]
    yield " · ".join(fact for fact in facts if fact) + "\n\n"
    if export.partial:
        yield f"> Independent review: {PARTIAL_NOTE}\n\n"


def fact_checker(export: ArticleExport) -> str:
    """Return the publisher's name, linked to its site when the team gave one."""
    context = export.context
    name = escape(context.organisation)
    return f"[{name}](<{safe_url(context.organisation_url)}>)" if context.organisation_url else name


def summary(report: Report) -> Iterator[str]:
    """Yield settled share, final verdict counts, agreement and reviewers."""
    agreement = report.agreement
    counts = " · ".join(f"{verdict_tag(v)} {n}" for v, n in report.final_counts.items())
    yield "## Summary\n\n"
    yield (
        f"- Settled: {report.settled} of {report.sentence_count} sentences "
        f"({report.settled_share}%)\n"
    )
    yield f"- Final verdicts: {counts}\n"
    if report.awaiting:
        yield (
            f"- Awaiting re-settling: {report.awaiting} final "
            f"{'verdict' if report.awaiting == 1 else 'verdicts'} given before a "
            "revision changed the words (see “Changed since review”)\n"
        )
    yield (
        f"- Agreement on {agreement.sentences_compared} sentences judged by two or more: "
        f"Krippendorff's α {figure(agreement.alpha)}, "
        f"observed {figure(agreement.percent, percent=True)}\n"
    )
    if agreement.caution:
        yield f"  - *{agreement.caution}*\n"
    for pair in agreement.pairwise:
        few = " (too few to rely on)" if pair.caution else ""
        yield (
            f"  - {escape(pair.reviewer_a.name)} · {escape(pair.reviewer_b.name)}: "
            f"Cohen's κ {figure(pair.kappa)} on {pair.n} sentences{few}\n"
        )
    reviewers = ", ".join(f"{escape(line.name)} ({tally(line)})" for line in report.reviewers)
    yield f"- Reviewers: {reviewers or 'none yet'}\n\n"


def tally(line: ReviewerLine) -> str:
    """Return one reviewer's verdict counts with icons."""
    return " ".join(f"{VERDICT_ICONS[v]}{n}" for v, n in line.counts.items())


def sentence_markdown(entry: SentenceEntry) -> str:
    """Return a sentence with its final verdict, highlighted words in bold, note refs."""
    body = "".join(f"**{escape(p)}**" if marked else escape(p) for p, marked in entry.pieces)
    tag = f"**[{verdict_tag(entry.final_verdict)}]** " if entry.final_verdict else ""
    if entry.judgements:
        tag += "**[Δ changed since review]** "
    refs = "".join(f"[^{note.number}]" for note in entry.notes)
    return f"{tag}{body}{refs}"


def dispute(export: ArticleExport, entry: SentenceEntry) -> Iterator[str]:
    """Yield one disputed or contested sentence with every verdict and the rationale."""
    final = verdict_tag(entry.final_verdict) if entry.final_verdict else "not settled"
    if entry.rating_label:
        final += f" ({escape(entry.rating_label)})"
    yield f"### Sentence {entry.sentence.index + 1}: final {final}\n\n"
    yield f"> {line_start_safe(escape(entry.text))}\n\n"
    for annotation in entry.annotations:
        user = export.reviewers.get(annotation.reviewer_id)
        name = escape(user.name) if user else "former member"
        yield f"- {verdict_tag(annotation.verdict)}: {name}\n"
    if entry.resolution and entry.resolution.verdict:
        rationale = safe_markdown(entry.resolution.rationale) or "no rationale given."
        yield f"\n**{rationale_heading(entry.resolution)}** {rationale}\n"
    yield "\n"


def changed(entry: SentenceEntry) -> Iterator[str]:
    """Yield a changed sentence: its words now, then each verdict with the words judged."""
    yield f"### Sentence {entry.sentence.index + 1}: Δ changed since review\n\n"
    yield f"Now reads:\n\n> {line_start_safe(escape(entry.text))}\n\n"
    for judgement in entry.judgements:
        yield judged(judgement)


def judged(judgement: Judgement) -> str:
    """Return one verdict given to earlier words, those words quoted, the highlight in bold."""
    who = "Final verdict (awaiting re-settling)" if judgement.final else escape(judgement.who)
    words = "".join(
        f"**{escape(piece)}**" if marked else escape(piece) for piece, marked in judgement.pieces()
    )
    return (
        f"- {verdict_tag(judgement.verdict)}: {who}, given to the words of version "
        f"{judgement.version or '?'}:\n\n  > {words}\n\n"
    )


def footnote(note: Note) -> str:
    """Return a footnote; its continuation lines are indented so they stay inside it."""
    annotation = note.annotation
    earlier = ""
    if annotation.reviewed_text is not None:
        earlier = f", given to the words of version {annotation.reviewed_version or '?'}"
    lines = [
        f"Sentence {note.sentence_index + 1} · {escape(note.reviewer)} · "
        f"{verdict_tag(annotation.verdict)}{earlier}."
    ]
    if annotation.note:
        lines.extend(safe_markdown(annotation.note).splitlines())
    for source in annotation.sources:
        title = escape(source.title) or safe_url(source.url)
        quote = f" — “{escape(source.quote)}”" if source.quote else ""
        lines.append(f"- [{title}](<{safe_url(source.url)}>){quote}")
    body = "".join(f"    {line}\n" if line else "\n" for line in lines[1:])
    return f"[^{note.number}]: {lines[0]}\n{body}\n"
