"""Going back in a reviewer's annotation: undo the last change, restore an earlier version.

Nothing is lost on the way back: the current state is kept as a version first, and the
version put back becomes a new one, recorded in the history like any change.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa

from annotator.auth.permissions import Action, can
from annotator.errors import InvalidTransition, NotFound, StaleVersion, ValidationError
from annotator.extensions import db
from annotator.models import (
    Annotation,
    AnnotationRevision,
    Article,
    ArticleState,
    ArticleVersion,
    AuditEvent,
    Sentence,
    User,
    Verdict,
    utcnow,
)
from annotator.services.access import require, role_in_team
from annotator.services.annotations import (
    AnnotationEntry,
    SourceEntry,
    apply_entry,
    audit_state,
    check_version,
    find_annotation_to_change,
    record_revision,
)
from annotator.services.audit import record_event_in
from annotator.services.drafts import drop_draft_now_saved
from annotator.services.revisions import Move, move_annotation
from annotator.services.workflow import ensure_writable
from annotator.text.segment import SentenceSpan

#: How long after a change its "Undo" (the button, the `z` key) still works. Long enough to
#: notice a slip (a stray `x`, the wrong verdict key) while reading on; short enough that an
#: Undo left on a page opened this morning cannot silently replace work done since. Any older
#: version stays one click away: "Restore this version" in the history has no time limit.
UNDO_WINDOW = timedelta(minutes=15)

#: The history events that make a version of an annotation.
VERSION_EVENTS = (
    "annotation.set",
    "annotation.change",
    "annotation.clear",
    "annotation.undo",
    "annotation.restore",
)


def undo_change(
    reviewer: User, sentence: Sentence, expected_version: int, now: datetime | None = None
) -> Annotation:
    """Put back the version before the reviewer's last change of their annotation.

    ``expected_version`` is the version the change made (what the page's Undo was offered
    for): a later change, in another tab or on another device, is never undone blindly.
    """
    require(reviewer, sentence.article.team_id, Action.annotate)
    ensure_writable(sentence.article)
    annotation = find_annotation_to_change(sentence, reviewer)
    if annotation is None:
        raise InvalidTransition("You have no change on this sentence to undo.")
    check_undo_base(annotation, expected_version)
    check_undo_window(annotation, now or utcnow())
    earlier = None if annotation.version == 1 else find_revision(annotation, annotation.version - 1)
    put_back(reviewer, annotation, earlier, "annotation.undo")
    return annotation


def check_undo_base(annotation: Annotation, expected_version: int) -> None:
    """Refuse to undo when the annotation changed since the change the Undo was offered for."""
    if annotation.version != expected_version:
        raise StaleVersion(
            "Nothing was undone: your annotation changed since (in another tab or on another "
            f"device); it is at version {annotation.version}, the Undo was for version "
            f"{expected_version}. Its history lists every version.",
            current=annotation,
        )


def check_undo_window(annotation: Annotation, now: datetime) -> None:
    """Refuse to undo a change older than UNDO_WINDOW."""
    if now - annotation.updated_at > UNDO_WINDOW:
        minutes = int(UNDO_WINDOW.total_seconds() // 60)
        made = annotation.updated_at.strftime("%H:%M UTC")
        raise InvalidTransition(
            f"Too late to undo: a change can be undone for {minutes} minutes, and this one "
            f"was made at {made}. Restore an earlier version from the sentence's history."
        )


def restore_version(
    reviewer: User, sentence: Sentence, number: int, expected_version: int | None = None
) -> Annotation:
    """Make an earlier version of the reviewer's annotation the current one, as a new version.

    ``expected_version`` is the current version the reviewer saw (None: don't check).
    """
    require(reviewer, sentence.article.team_id, Action.annotate)
    ensure_writable(sentence.article)
    annotation = find_annotation_to_change(sentence, reviewer)
    if annotation is None:
        raise NotFound("You have not annotated this sentence.")
    check_version(annotation, expected_version)
    if number == annotation.version:
        raise ValidationError(
            {"restore": f"Version {number} is your current one: there is nothing to restore."}
        )
    put_back(reviewer, annotation, find_revision(annotation, number), "annotation.restore")
    return annotation


def find_revision(annotation: Annotation, number: int) -> AnnotationRevision:
    """Return the kept version ``number`` of the annotation, or raise NotFound."""
    revision = db.session.scalar(
        sa.select(AnnotationRevision).where(
            AnnotationRevision.annotation_id == annotation.id,
            AnnotationRevision.version == number,
        )
    )
    if revision is None:
        raise NotFound(f"Your annotation has no version {number}.")
    return revision


def put_back(
    reviewer: User, annotation: Annotation, revision: AnnotationRevision | None, action: str
) -> None:
    """Keep the current state as a version, then make the kept one (None: none yet) current."""
    before = audit_state(annotation)
    placement = placement_then(annotation, revision)
    record_revision(annotation)
    apply_entry(annotation, entry_of(revision))
    place_span(annotation, revision, placement)
    drop_draft_now_saved(annotation)
    db.session.flush()
    after = {**audit_state(annotation), "restored": revision.version if revision else 0}
    subject = f"annotation:{annotation.id}"
    record_event_in(
        reviewer, annotation.sentence, action, subject=subject, before=before, after=after
    )


def entry_of(revision: AnnotationRevision | None) -> AnnotationEntry:
    """Return a kept version's verdict, note and sources as an entry (None: an empty one)."""
    if revision is None:
        return AnnotationEntry(None)  # type: ignore[arg-type]  # before the first verdict
    sources = [
        SourceEntry(source["url"], source.get("title", ""), source.get("quote", ""))
        for source in revision.sources
    ]
    return AnnotationEntry(revision.verdict, revision.note, None, sources)  # type: ignore[arg-type]


def placement_then(annotation: Annotation, revision: AnnotationRevision | None) -> dict:
    """Return where the kept version's span offsets sat (see AnnotationRevision.placement).

    A version kept before migration 0010 has no placement. Its offsets index the text of
    the moment it was replaced, which is the current text only if the article was not
    revised since the version was made; otherwise nobody can tell which words it judged,
    and it is refused rather than guessed onto other words.
    """
    sentence = annotation.sentence
    article = sentence.article
    if revision is not None and revision.placement is not None:
        return revision.placement
    if revision is not None and article.version_date > revision.recorded_at:
        raise InvalidTransition(
            f"Version {revision.version} was kept before Annotator recorded the words it "
            "judged, and the article has been revised since: copy what you need from the "
            "history instead."
        )
    return {"words": sentence.text_in(article.text), "start": sentence.start}


def place_span(
    annotation: Annotation, revision: AnnotationRevision | None, placement: dict
) -> None:
    """Put the version's span back on the words it judged, never on words nobody judged.

    This is what a revision of the article does to a current annotation (ADR 0009, decision
    7), so it reuses that code: the version is treated as if the article had just been
    revised from the sentence it was judged on to the sentence as it reads now. Words that
    are still there take the span at their new place; words that are gone keep the span as
    its words (``span_quote``); a sentence whose words changed keeps the words judged
    (``reviewed_text``) and shows "changed since review". Unlike saving again, restoring
    does not mean the reviewer read the new words, so the mark stays until they save.
    """
    sentence = annotation.sentence
    kept = revision.placement if revision is not None and revision.placement else {}
    annotation.span_start = revision.span_start if revision else None
    annotation.span_end = revision.span_end if revision else None
    annotation.span_quote = kept.get("span_quote")
    annotation.reviewed_text = kept.get("reviewed_text")
    annotation.reviewed_version = kept.get("reviewed_version")
    words_now = sentence.text_in(sentence.article.text)
    move = Move(
        sentence=sentence,
        sentence_id=sentence.id,
        old_text=placement["words"],
        old_start=placement["start"],
        span=SentenceSpan(sentence.start, sentence.end, sentence.paragraph),
        new_index=sentence.index,
        changed=placement["words"] != words_now,
    )
    move_annotation(sentence.article, annotation, move, placement.get("version"))


# The history, in plain words ------------------------------------------------------------


@dataclass(frozen=True)
class VersionShown:
    """One version of an annotation, whole and in words."""

    #: None on history events recorded before versions were numbered in them.
    number: int | None
    verdict: Verdict | None
    note: str
    #: The highlighted words ("" without a span).
    span_words: str
    #: Each {"url", "title", "quote"}.
    sources: list[dict]


@dataclass(frozen=True)
class Step:
    """A change of an annotation as the history shows it: the version it made (the words
    for it come from services/event_words.py, as for every event)."""

    #: The version the change made (for a clear, the version cleared).
    shown: VersionShown
    #: Where "Restore this version" posts (the sentence's index), None: no button.
    restore_index: int | None = None
    #: The current version the restore is based on.
    based_on: int | None = None


def annotation_steps(actor: User, article: Article, events: list) -> dict[int, Step]:
    """Return, by event id, the visible annotation changes of a history in plain words.

    ``events`` are the history's EventViews (blind review already applied). Only the
    actor's own versions other than the current one get a restore button.
    """
    changes = [v.event for v in events if not v.hidden and v.event.action in VERSION_EVENTS]
    mine = my_annotations(actor, changes)
    role = role_in_team(actor, article.team_id)
    may_restore = can(role, Action.annotate) and article.state is not ArticleState.published
    texts = TextsAt(article)
    steps = {}
    for event in changes:
        step = describe_change(event, texts)
        annotation = mine.get(event.subject)
        if may_restore and annotation is not None and restorable(event, step, annotation):
            step = Step(step.shown, annotation.sentence.index, annotation.version)
        steps[event.id] = step
    return steps


def my_annotations(actor: User, events: list[AuditEvent]) -> dict[str, Annotation]:
    """Return the actor's placed annotations the events are about, by event subject."""
    ids = {int(e.subject.split(":")[1]) for e in events if e.actor_id == actor.id}
    if not ids:
        return {}
    query = sa.select(Annotation).where(
        Annotation.id.in_(ids),
        Annotation.reviewer_id == actor.id,
        Annotation.sentence_id.is_not(None),
    )
    return {f"annotation:{a.id}": a for a in db.session.scalars(query)}


#: What a version holds that a reviewer would see change on restoring it.
CONTENT = ("verdict", "note", "span", "sources")


def restorable(event: AuditEvent, step: Step, annotation: Annotation) -> bool:
    """Tell whether the step's version can be restored: an earlier one, with a verdict,
    whose words differ from the current ones (restoring those would change nothing)."""
    number = step.shown.number
    if number is None or number == annotation.version or step.shown.verdict is None:
        return False
    state = event.before if event.action == "annotation.clear" else event.after
    current = audit_state(annotation)
    return any((state or {}).get(key) != current[key] for key in CONTENT)


def describe_change(event: AuditEvent, texts: "TextsAt") -> Step:
    """Return the version an annotation event made (for a clear: the version it cleared)."""
    state = event.before if event.action == "annotation.clear" else event.after
    return Step(version_shown(state or {}, texts.at(event.created_at)))


def version_shown(state: dict, text: str) -> VersionShown:
    """Return a history event's state (services/annotations.py audit_state) in words."""
    span = state.get("span")
    verdict = state.get("verdict")
    return VersionShown(
        number=state.get("version"),
        verdict=Verdict(verdict) if verdict else None,
        note=state.get("note", ""),
        span_words=text[span[0] : span[1]] if span else "",
        sources=state.get("sources", []),
    )


class TextsAt:
    """The article's text as it was at a moment: the span offsets of a history event index it."""

    def __init__(self, article: Article):
        self.article = article

    def at(self, moment: datetime) -> str:
        """Return the text current at ``moment`` (the current one if no revision came since)."""
        if moment >= self.article.version_date:
            return self.article.text
        version = db.session.scalar(
            sa.select(ArticleVersion)
            .where(
                ArticleVersion.article_id == self.article.id, ArticleVersion.replaced_at > moment
            )
            .order_by(ArticleVersion.number)
            .limit(1)
        )
        # None: the history is older than any kept text (an imported record).
        return version.text if version is not None else ""
