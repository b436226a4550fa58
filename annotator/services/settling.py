"""Settling: an editor sets a sentence's final verdict, seeing every reviewer's work."""

from collections import defaultdict
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from annotator.auth.permissions import Action
from annotator.errors import StaleVersion, ValidationError
from annotator.extensions import db
from annotator.models import (
    Annotation,
    Article,
    NotificationKind,
    Resolution,
    Response,
    Sentence,
    User,
    Verdict,
    utcnow,
)
from annotator.services.access import require
from annotator.services.audit import record_event
from annotator.services.inbox import notify
from annotator.services.memory import remember_settlement
from annotator.services.reviews import responses_by_annotation
from annotator.services.workflow import ensure_writable

MAX_RATIONALE_LENGTH = 5_000


def consensus(annotations: list[Annotation]) -> Verdict | None:
    """Return the verdict every reviewer gave, or None when they differ or nobody judged."""
    verdicts = {a.verdict for a in annotations if a.verdict is not None}
    return verdicts.pop() if len(verdicts) == 1 else None


def consensus_rationale(verdict: Verdict, count: int) -> str:
    """Return the rationale written for a one-click consensus settlement."""
    return f"All {count} reviewer(s) agreed: {verdict.label.lower()}."


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
    return {"verdict": verdict, "rationale": resolution.rationale}


def settle_sentence(
    editor: User,
    sentence: Sentence,
    verdict: Verdict,
    rationale: str,
    expected_version: int | None = None,
) -> Resolution:
    """Set the team's final verdict on a sentence, with the editor's rationale."""
    article = sentence.article
    require(editor, article.team_id, Action.settle)
    ensure_writable(article)
    errors = {}
    if not isinstance(verdict, Verdict):
        errors["verdict"] = "Choose Verified, Unverified or Disputed."
    if not rationale.strip() or len(rationale) > MAX_RATIONALE_LENGTH:
        errors["rationale"] = f"Explain the verdict in 1 to {MAX_RATIONALE_LENGTH:,} characters."
    if errors:
        raise ValidationError(errors)
    resolution = find_resolution(sentence)
    check_resolution_version(resolution, expected_version)
    before = resolution_state(resolution)
    if resolution is None:
        resolution = Resolution(sentence=sentence, article_id=article.id, version=0)
        db.session.add(resolution)
    resolution.verdict, resolution.rationale = verdict, rationale.strip()
    resolution.settled_by, resolution.settled_at = editor, utcnow()
    resolution.version += 1
    db.session.flush()
    remember_settlement(resolution)
    record_settlement(editor, sentence, "sentence.settle", before, resolution)
    tell_reviewers(editor, sentence, verdict)
    return resolution


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
    resolution.verdict = None
    resolution.settled_by, resolution.settled_at = editor, utcnow()
    resolution.version += 1
    db.session.flush()
    remember_settlement(resolution)
    record_settlement(editor, sentence, "sentence.reopen", before, resolution)
    return resolution


def record_settlement(editor, sentence, action, before, resolution) -> None:
    record_event(
        editor,
        sentence.article.team_id,
        action,
        subject=f"sentence:{sentence.id}",
        article_id=sentence.article_id,
        sentence_id=sentence.id,
        before=before,
        after=resolution_state(resolution),
    )


def tell_reviewers(editor: User, sentence: Sentence, verdict: Verdict) -> None:
    """Tell every reviewer with a flag on the sentence what the team decided."""
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
            f"{verdict.label.lower()}.",
            sentence.index,
        )


@dataclass
class SentenceCase:
    """One flagged sentence as the editor sees it when settling."""

    sentence: Sentence
    annotations: list[Annotation]
    responses: dict[int, list[Response]]
    resolution: Resolution | None = None
    proposed: Verdict | None = None

    @property
    def settled(self) -> bool:
        return self.resolution is not None and self.resolution.verdict is not None


@dataclass
class SettleBoard:
    article: Article
    cases: list[SentenceCase] = field(default_factory=list)

    @property
    def open_cases(self) -> list[SentenceCase]:
        return [case for case in self.cases if not case.settled]


def settle_board(article: Article, sentence_ids: list[int] | None = None) -> SettleBoard:
    """Return every flagged (or settled) sentence with all reviewers' work, in constant queries."""
    annotation_query = (
        sa.select(Annotation)
        .where(Annotation.article_id == article.id, Annotation.verdict.is_not(None))
        .options(selectinload(Annotation.sources), selectinload(Annotation.reviewer))
        .order_by(Annotation.reviewer_id)
    )
    resolution_query = sa.select(Resolution).where(Resolution.article_id == article.id)
    if sentence_ids is not None:
        annotation_query = annotation_query.where(Annotation.sentence_id.in_(sentence_ids))
        resolution_query = resolution_query.where(Resolution.sentence_id.in_(sentence_ids))
    annotations = list(db.session.scalars(annotation_query))
    resolutions = {
        r.sentence_id: r
        for r in db.session.scalars(resolution_query.options(selectinload(Resolution.settled_by)))
    }
    responses = responses_by_annotation([a.id for a in annotations])
    wanted = {a.sentence_id for a in annotations} | set(resolutions)
    sentences = db.session.scalars(
        sa.select(Sentence).where(Sentence.id.in_(wanted)).order_by(Sentence.index)
    )
    # Grouped once: scanning every annotation for every sentence was quadratic.
    by_sentence: dict[int, list[Annotation]] = defaultdict(list)
    for annotation in annotations:
        by_sentence[annotation.sentence_id].append(annotation)
    board = SettleBoard(article)
    for sentence in sentences:
        mine = by_sentence[sentence.id]
        board.cases.append(
            SentenceCase(
                sentence,
                mine,
                {a.id: responses[a.id] for a in mine},
                resolutions.get(sentence.id),
                consensus(mine),
            )
        )
    return board
