"""The annotated report of an article, shared by the HTML, PDF and Markdown formats."""

from collections import defaultdict
from dataclasses import dataclass, field
from itertools import groupby

from annotator.exports.readmodel import AnnotationView, ArticleExport, SentenceView
from annotator.models import Resolution, User, Verdict
from annotator.services.agreement import ArticleAgreement, agreement_of
from annotator.text.spans import split_by_spans

#: What a report made under blind review says of itself (its reader judged some sentences).
PARTIAL_NOTE = (
    "this report holds what its reader may see now: teammates' verdicts, notes and final "
    "verdicts on sentences the reader has not judged are left out until the article is settled."
)

#: What a report of the demo newsroom says of itself, whatever the team is called now.
DEMO_NOTE = (
    "This report comes from the demo newsroom, seeded with example articles: its verdicts "
    "are examples, not published fact checks."
)

#: A word and a glyph beside every colour, so verdicts read in greyscale too.
VERDICT_ICONS = {Verdict.verified: "✓", Verdict.unverified: "?", Verdict.disputed: "✗"}


@dataclass(frozen=True)
class Note:
    """A numbered footnote: one reviewer's note and sources on a sentence."""

    number: int
    sentence_index: int
    reviewer: str
    annotation: AnnotationView


@dataclass(frozen=True)
class Judgement:
    """A verdict given to a sentence's words before a revision changed them."""

    #: "Final verdict", or the reviewer's name.
    who: str
    verdict: Verdict
    #: The words judged, as they read in article version ``version``.
    words: str
    version: int | None
    #: The highlighted words inside ``words``, if the reviewer marked some.
    span: tuple[int, int] | None = None

    @property
    def final(self) -> bool:
        return self.who == FINAL

    def pieces(self) -> list[tuple[str, bool]]:
        """Return the words judged as (text, highlighted) pieces."""
        if self.span is None:
            return [(self.words, False)]
        start, end = self.span
        cut = [
            (self.words[:start], False),
            (self.words[start:end], True),
            (self.words[end:], False),
        ]
        return [piece for piece in cut if piece[0]]


#: Who a final verdict's judgement is by, as reports name it.
FINAL = "Final verdict"


@dataclass
class SentenceEntry:
    sentence: SentenceView
    text: str
    annotations: list[AnnotationView]
    resolution: Resolution | None
    #: (text, highlighted) pieces of the sentence.
    pieces: list[tuple[str, bool]]
    notes: list[Note] = field(default_factory=list)
    #: Verdicts given to the sentence's words before a revision changed them.
    judgements: list[Judgement] = field(default_factory=list)

    @property
    def awaiting(self) -> bool:
        """Tell whether the final verdict was given to words a revision changed since."""
        resolution = self.resolution
        return bool(resolution and resolution.verdict and resolution.reviewed_text is not None)

    @property
    def final_verdict(self) -> Verdict | None:
        """Return the final verdict on the sentence's current words: none while one given
        to earlier words awaits re-settling."""
        if self.resolution is None or self.awaiting:
            return None
        return self.resolution.verdict

    @property
    def rating_label(self) -> str:
        """Return the team's textual rating of the final verdict ("Misleading"), or ""."""
        if self.final_verdict is None or self.resolution.rating is None:
            return ""
        return self.resolution.rating.label

    @property
    def contested(self) -> bool:
        """Tell whether reviewers gave different verdicts."""
        return len({a.verdict for a in self.annotations}) > 1

    @property
    def needs_detail(self) -> bool:
        """Disputed or contested sentences show every verdict and the rationale; a changed
        one shows them with the words judged instead, among the changed sentences."""
        return not self.judgements and (self.final_verdict is Verdict.disputed or self.contested)


@dataclass
class ReviewerLine:
    name: str
    counts: dict[Verdict, int]


@dataclass
class Report:
    export: ArticleExport
    paragraphs: list[list[SentenceEntry]]
    notes: list[Note]
    final_counts: dict[Verdict, int]
    settled: int
    reviewers: list[ReviewerLine]
    agreement: ArticleAgreement

    @property
    def entries(self) -> list[SentenceEntry]:
        return [entry for paragraph in self.paragraphs for entry in paragraph]

    @property
    def sentence_count(self) -> int:
        return len(self.export.sentences)

    @property
    def settled_share(self) -> int:
        """Return the settled sentences as a whole percentage."""
        total = self.sentence_count
        return round(100 * self.settled / total) if total else 0

    @property
    def detailed(self) -> list[SentenceEntry]:
        return [entry for entry in self.entries if entry.needs_detail]

    @property
    def changed(self) -> list[SentenceEntry]:
        """Return the sentences with verdicts given to words a revision changed since."""
        return [entry for entry in self.entries if entry.judgements]

    @property
    def awaiting(self) -> int:
        """Return how many final verdicts await re-settling on changed words."""
        return sum(1 for entry in self.entries if entry.awaiting)


def rationale_heading(resolution: Resolution) -> str:
    """Say whose words the rationale is: the editor's reasoning, or the default written from
    what the reviewers found, which nobody should read as the editor's judgement."""
    if resolution.rationale_is_default:
        return "What our reviewers found:"
    return "Why the editor settled it so:"


def reviewer_name(export: ArticleExport, user_id: int | None) -> str:
    """Return a member's display name; a deleted account is named as such."""
    user: User | None = export.reviewers.get(user_id) if user_id is not None else None
    return user.name if user else "former member"


def build_report(export: ArticleExport) -> Report:
    """Gather the article's sentences, verdicts, notes and summary figures."""
    annotations = list(export.annotations(with_times=False))
    by_sentence: dict[int, list[AnnotationView]] = defaultdict(list)
    for annotation in annotations:
        by_sentence[annotation.sentence_id].append(annotation)
    entries = [sentence_entry(export, s, by_sentence.get(s.id, [])) for s in export.sentences]
    notes = number_notes(export, entries)
    final_counts = dict.fromkeys(Verdict, 0)
    for entry in entries:
        if entry.final_verdict:
            final_counts[entry.final_verdict] += 1
    return Report(
        export=export,
        paragraphs=[list(group) for _, group in groupby(entries, lambda e: e.sentence.paragraph)],
        notes=notes,
        final_counts=final_counts,
        settled=sum(final_counts.values()),
        reviewers=reviewer_lines(export, by_sentence),
        # From the verdicts just read, not a second query for the same rows.
        agreement=agreement_of(annotations, export.reviewers),
    )


def sentence_entry(
    export: ArticleExport, sentence: SentenceView, annotations: list[AnnotationView]
) -> SentenceEntry:
    """Cut the sentence into highlighted and plain pieces and attach its verdicts."""
    text = export.article.text
    words = text[sentence.start : sentence.end]
    resolution = export.resolutions.get(sentence.id)
    judged = judgements(export, annotations, resolution)
    # A verdict given to earlier words is shown on those words, never on these.
    spans = [
        (a.span_start, a.span_end)
        for a in annotations
        if a.span_start is not None and a.reviewed_text is None
    ]
    if not spans:  # most sentences: no need to cut
        return SentenceEntry(sentence, words, annotations, resolution, [(words, False)], [], judged)
    pieces = [
        (text[start:end], marked)
        for start, end, marked in split_by_spans(sentence.start, sentence.end, spans)
    ]
    return SentenceEntry(sentence, words, annotations, resolution, pieces, [], judged)


def judgements(
    export: ArticleExport, annotations: list[AnnotationView], resolution: Resolution | None
) -> list[Judgement]:
    """Return the verdicts on a sentence that were given to words a revision changed since:
    the final verdict first, then the reviewers'."""
    found = []
    if resolution is not None and resolution.verdict and resolution.reviewed_text is not None:
        found.append(
            Judgement(
                FINAL, resolution.verdict, resolution.reviewed_text, resolution.reviewed_version
            )
        )
    text = export.article.text
    found.extend(
        Judgement(
            reviewer_name(export, a.reviewer_id),
            a.verdict,
            a.reviewed_text,
            a.reviewed_version,
            a.judged_span(text),
        )
        for a in annotations
        if a.reviewed_text is not None and a.verdict is not None
    )
    return found


def number_notes(export: ArticleExport, entries: list[SentenceEntry]) -> list[Note]:
    """Number every annotation that has a note or sources, in reading order."""
    notes: list[Note] = []
    names: dict[int, str] = {}
    for entry in entries:
        for annotation in entry.annotations:
            if annotation.note or annotation.sources:
                uid = annotation.reviewer_id
                name = names.get(uid) or names.setdefault(uid, reviewer_name(export, uid))
                note = Note(len(notes) + 1, entry.sentence.index, name, annotation)
                entry.notes.append(note)
                notes.append(note)
    return notes


def reviewer_lines(
    export: ArticleExport, by_sentence: dict[int, list[AnnotationView]]
) -> list[ReviewerLine]:
    """Count each reviewer's verdicts, reviewers by name."""
    counts: dict[int, dict[Verdict, int]] = defaultdict(lambda: dict.fromkeys(Verdict, 0))
    for annotations in by_sentence.values():
        for annotation in annotations:
            counts[annotation.reviewer_id][annotation.verdict] += 1
    lines = [ReviewerLine(reviewer_name(export, uid), tally) for uid, tally in counts.items()]
    return sorted(lines, key=lambda line: line.name.casefold())
