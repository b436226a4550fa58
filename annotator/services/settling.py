"""Settling: an editor sets a sentence's final verdict, seeing every reviewer's work."""

import enum
from collections import defaultdict
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from annotator import limits
from annotator.auth.permissions import Action
from annotator.errors import InvalidTransition, StaleVersion, ValidationError
from annotator.extensions import db
from annotator.models import (
    Annotation,
    Article,
    NotificationKind,
    RatingEntry,
    Resolution,
    Response,
    Sentence,
    User,
    Verdict,
    utcnow,
)
from annotator.services.access import require
from annotator.services.audit import record_event_in
from annotator.services.claim_details import (
    ClaimDetails,
    Suggestion,
    check_details,
    fill_details,
    suggest_details,
)
from annotator.services.inbox import notify
from annotator.services.memory import remember_settlement
from annotator.services.paging import PAGE_SIZE, PageWindow
from annotator.services.rating_scale import find_rating, rating_scale
from annotator.services.reviews import responses_by_annotation
from annotator.services.workflow import ensure_writable
from annotator.text.rationale import default_rationale


def consensus(annotations: list[Annotation]) -> Verdict | None:
    """Return the verdict every reviewer gave, or None when they differ or nobody judged."""
    verdicts = {a.verdict for a in annotations if a.verdict is not None}
    return verdicts.pop() if len(verdicts) == 1 else None


def current_annotations(sentence: Sentence) -> list[Annotation]:
    """Return the sentence's annotations with a verdict, in reviewer order, with sources."""
    return list(
        db.session.scalars(
            sa.select(Annotation)
            .where(Annotation.sentence_id == sentence.id, Annotation.verdict.is_not(None))
            .options(selectinload(Annotation.sources))
            .order_by(Annotation.reviewer_id)
        )
    )


def consensus_rationale(verdict: Verdict, annotations: list[Annotation]) -> str:
    """Return the default rationale of a settlement as every reviewer found: what they found,
    in a sentence for readers, from their notes and sources."""
    notes = [a.note or "" for a in annotations]
    titles = [source.title or source.url for a in annotations for source in a.sources]
    return default_rationale(verdict.value, notes, titles)


def find_resolution(sentence: Sentence) -> Resolution | None:
    return db.session.scalar(sa.select(Resolution).where(Resolution.sentence_id == sentence.id))


def check_resolution_version(resolution: Resolution | None, expected: int | None) -> None:
    """Refuse a settle or reopen based on an outdated view of the sentence."""
    current = resolution.version if resolution else 0
    if expected is not None and expected != current:
        raise StaleVersion(
            "Someone settled or reopened this sentence since you opened it; "
            "look at it again before deciding.",
            current=resolution,
        )


def resolution_state(resolution: Resolution | None) -> dict | None:
    if resolution is None:
        return None
    verdict = resolution.verdict.value if resolution.verdict else None
    return {
        "verdict": verdict,
        "rationale": resolution.rationale,
        "rating": resolution.rating.label if resolution.rating else None,
        "claimant": resolution.claimant_name,
        "claimant_kind": resolution.claimant_kind.value,
        "claim_url": resolution.claim_url,
    }


def settle_sentence(
    editor: User,
    sentence: Sentence,
    verdict: Verdict,
    rationale: str,
    expected_version: int | None = None,
    details: ClaimDetails | None = None,
) -> Resolution:
    """Set the team's final verdict on a sentence, with the editor's rationale, the team's
    textual rating, who made the claim and where it appeared (``details``: None suggests)."""
    article = sentence.article
    require(editor, article.team_id, Action.settle)
    ensure_writable(article)
    resolution = find_resolution(sentence)
    details = check_settlement(
        verdict, rationale, article.team_id, fill_details(sentence, resolution, details, verdict)
    )
    is_default = not rationale.strip()
    if is_default:
        rationale = default_rationale_for(sentence, verdict)
    check_resolution_version(resolution, expected_version)
    before = resolution_state(resolution)
    if resolution is None:
        resolution = Resolution(sentence=sentence, article_id=article.id, version=0)
        db.session.add(resolution)
    resolution.verdict, resolution.rationale = verdict, rationale.strip()
    resolution.rating = find_rating(article.team_id, details.rating_id)
    resolution.claimant_name, resolution.claim_url = details.claimant_name, details.claim_url
    resolution.claimant_kind = details.claimant_kind
    resolution.rationale_is_default = is_default
    # Settled now, on the sentence's current words.
    resolution.reviewed_text = resolution.reviewed_version = None
    resolution.settled_by, resolution.settled_at = editor, utcnow()
    resolution.version += 1
    db.session.flush()
    remember_settlement(resolution)
    record_settlement(editor, sentence, "sentence.settle", before, resolution)
    tell_reviewers(editor, sentence, resolution)
    return resolution


def check_settlement(
    verdict: Verdict, rationale: str, team_id: int, details: ClaimDetails
) -> ClaimDetails:
    """Return the claim's details checked; or refuse a verdict that is not one, a rationale
    the limits refuse, or details that break a rule (services/claim_details.py): every
    problem at once."""
    errors = {}
    if not isinstance(verdict, Verdict):
        errors["verdict"] = "Choose Verified, Unverified or Disputed."
    if problem := limits.RATIONALE.problem(rationale):
        errors["rationale"] = problem
    checked, problems = check_details(team_id, verdict, details)
    errors.update(problems)
    if errors:
        raise ValidationError(errors)
    return checked


def default_rationale_for(sentence: Sentence, verdict: Verdict) -> str:
    """Return the default rationale when every reviewer gave this verdict; otherwise refuse:
    a verdict some reviewer did not give needs the editor's own explanation."""
    annotations = current_annotations(sentence)
    if consensus(annotations) is not verdict:
        raise ValidationError(
            {
                "rationale": "Explain the verdict: a default rationale is written only when "
                "you settle as every reviewer found."
            }
        )
    return consensus_rationale(verdict, annotations)


def reopen_sentence(
    editor: User, sentence: Sentence, expected_version: int | None = None
) -> Resolution | None:
    """Withdraw the sentence's final verdict so that it can be settled again."""
    article = sentence.article
    require(editor, article.team_id, Action.settle)
    ensure_writable(article)
    resolution = find_resolution(sentence)
    check_resolution_version(resolution, expected_version)
    if resolution is None or resolution.verdict is None:
        return resolution
    before = resolution_state(resolution)
    resolution.verdict = resolution.rating = None
    resolution.settled_by, resolution.settled_at = editor, utcnow()
    resolution.version += 1
    db.session.flush()
    remember_settlement(resolution)
    record_settlement(editor, sentence, "sentence.reopen", before, resolution)
    return resolution


def confirm_sentence(
    editor: User, sentence: Sentence, expected_version: int | None = None
) -> Resolution:
    """Confirm that the final verdict, given before a revision changed the sentence's
    words, holds for the new words too."""
    article = sentence.article
    require(editor, article.team_id, Action.settle)
    ensure_writable(article)
    resolution = find_resolution(sentence)
    check_resolution_version(resolution, expected_version)
    if resolution is None or resolution.verdict is None or resolution.reviewed_text is None:
        raise InvalidTransition(
            f"Sentence {sentence.index + 1} has no final verdict from before a revision to confirm."
        )
    before = {**resolution_state(resolution), "reviewed_text": resolution.reviewed_text}
    resolution.reviewed_text = resolution.reviewed_version = None
    resolution.settled_by, resolution.settled_at = editor, utcnow()
    resolution.version += 1
    db.session.flush()
    record_settlement(editor, sentence, "sentence.confirm", before, resolution)
    return resolution


def record_settlement(editor, sentence, action, before, resolution) -> None:
    record_event_in(editor, sentence, action, before=before, after=resolution_state(resolution))


def tell_reviewers(editor: User, sentence: Sentence, resolution: Resolution) -> None:
    """Tell every reviewer with a flag on the sentence what the team decided, and why."""
    article = sentence.article
    reviewer_ids = db.session.scalars(
        sa.select(Annotation.reviewer_id).where(
            Annotation.sentence_id == sentence.id, Annotation.verdict.is_not(None)
        )
    )
    for reviewer_id in reviewer_ids:
        notify(
            reviewer_id,
            NotificationKind.settled,
            editor,
            article,
            f"Sentence {sentence.index + 1} of “{article.title}” was settled as "
            f"{resolution.verdict.label.lower()}.",
            sentence.index,
            resolution.rationale,
        )


@dataclass
class SentenceCase:
    """One flagged sentence as the editor sees it when settling."""

    sentence: Sentence
    annotations: list[Annotation]
    responses: dict[int, list[Response]]
    resolution: Resolution | None = None
    proposed: Verdict | None = None
    #: What the settle form offers: who made the claim and where it appeared.
    suggestion: Suggestion | None = None

    @property
    def settled(self) -> bool:
        return self.resolution is not None and self.resolution.verdict is not None

    @property
    def awaiting(self) -> bool:
        """Tell whether the final verdict was given to words a revision changed since."""
        return self.settled and self.resolution.reviewed_text is not None


class CaseFilter(enum.Enum):
    """Which of the flagged sentences the settle view lists."""

    all = "all"
    open = "open"
    settled = "settled"

    @classmethod
    def asked(cls, value: str | None) -> "CaseFilter":
        return cls.__members__.get(value or "", cls.all)


@dataclass
class SettleBoard:
    """One page of an article's flagged (or settled) sentences, with counts of them all."""

    article: Article
    cases: list[SentenceCase] = field(default_factory=list)
    #: Flagged or settled sentences of the whole article, and how many of them are settled.
    total: int = 0
    settled: int = 0
    window: PageWindow = field(default_factory=lambda: PageWindow(1, PAGE_SIZE, 0))
    #: The team's rating scale, in order, that settlements choose their words from.
    ratings: list[RatingEntry] = field(default_factory=list)

    def rating_for(self, case: "SentenceCase") -> RatingEntry | None:
        """Return the entry the settle form selects: the one given if the case is settled,
        else the first of the proposed verdict (None: the editor chooses a verdict first)."""
        resolution = case.resolution
        if resolution is not None and resolution.rating is not None:
            return resolution.rating
        return next((e for e in self.ratings if e.verdict is case.proposed), None)

    @property
    def open_cases(self) -> list[SentenceCase]:
        return [case for case in self.cases if not case.settled]

    @property
    def open(self) -> int:
        return self.total - self.settled


def case_rows(article: Article, sentence_ids: list[int] | None) -> list[sa.Row]:
    """Return (sentence id, index, settled) of each sentence with a verdict or a resolution.

    A final verdict given to words a revision changed since is open again: it awaits an
    editor. Plain rows: a large article has thousands of cases, of which a page shows a few.
    """
    flagged = sa.select(Annotation.sentence_id).where(
        Annotation.article_id == article.id, Annotation.verdict.is_not(None)
    )
    resolved = sa.select(Resolution.sentence_id).where(Resolution.article_id == article.id)
    query = (
        sa.select(
            Sentence.id,
            Sentence.index,
            sa.and_(Resolution.verdict.is_not(None), Resolution.reviewed_text.is_(None)).label(
                "settled"
            ),
        )
        .outerjoin(Resolution, Resolution.sentence_id == Sentence.id)
        .where(sa.or_(Sentence.id.in_(flagged), Sentence.id.in_(resolved)))
        .order_by(Sentence.index)
    )
    if sentence_ids is not None:
        query = query.where(Sentence.id.in_(sentence_ids))
    return list(db.session.execute(query))


def settle_board(
    article: Article,
    sentence_ids: list[int] | None = None,
    show: CaseFilter = CaseFilter.all,
    page: int | None = None,
    at: int | None = None,
) -> SettleBoard:
    """Return a page of the flagged (or settled) sentences with all reviewers' work.

    The same few statements at any article size: every case is counted from plain rows,
    and only the page's sentences are loaded with their annotations and responses. ``at``
    (a sentence index) asks for the page that shows that sentence.
    """
    rows = case_rows(article, sentence_ids)
    board = SettleBoard(article, total=len(rows), settled=sum(1 for r in rows if r.settled))
    if show is not CaseFilter.all:
        rows = [r for r in rows if bool(r.settled) == (show is CaseFilter.settled)]
    indexes = [r.index for r in rows]
    if at in indexes:
        page = indexes.index(at) // PAGE_SIZE + 1
    board.window = PageWindow.of(page, len(rows))
    board.cases = load_cases(article, [r.id for r in board.window.cut(rows)])
    board.ratings = rating_scale(article.team_id)
    return board


def load_cases(article: Article, sentence_ids: list[int]) -> list[SentenceCase]:
    """Return these sentences as cases, in article order, with all reviewers' work."""
    annotations = list(
        db.session.scalars(
            sa.select(Annotation)
            .where(
                Annotation.article_id == article.id,
                Annotation.verdict.is_not(None),
                Annotation.sentence_id.in_(sentence_ids),
            )
            .options(selectinload(Annotation.sources), selectinload(Annotation.reviewer))
            .order_by(Annotation.reviewer_id)
        )
    )
    resolutions = {
        r.sentence_id: r
        for r in db.session.scalars(
            sa.select(Resolution)
            .where(Resolution.sentence_id.in_(sentence_ids))
            .options(selectinload(Resolution.settled_by), selectinload(Resolution.rating))
        )
    }
    responses = responses_by_annotation([a.id for a in annotations])
    sentences = db.session.scalars(
        sa.select(Sentence).where(Sentence.id.in_(sentence_ids)).order_by(Sentence.index)
    )
    # Grouped once: scanning every annotation for every sentence was quadratic.
    by_sentence: dict[int, list[Annotation]] = defaultdict(list)
    for annotation in annotations:
        by_sentence[annotation.sentence_id].append(annotation)
    return [
        SentenceCase(
            sentence,
            by_sentence[sentence.id],
            {a.id: responses[a.id] for a in by_sentence[sentence.id]},
            resolutions.get(sentence.id),
            consensus(by_sentence[sentence.id]),
            suggest_details(sentence, resolutions.get(sentence.id)),
        )
        for sentence in sentences
    ]
