"""How records look in API answers: plain JSON values, offsets as stored.

Each answer's schema is in api/shapes.py; tests/api/test_shapes.py holds these to it.
Sentences, sources and times look as in the canonical JSON export, which writes them.
"""

from datetime import datetime

from annotator.exports.canonical_json import sentence_fields, source_fields, stamp, value_of
from annotator.models import (
    Annotation,
    AnnotationRevision,
    Article,
    Assignment,
    Comment,
    Invitation,
    RatingEntry,
    Resolution,
    Response,
    Role,
    Sentence,
    Team,
    User,
)
from annotator.services.agreement import ArticleAgreement
from annotator.services.listing import EventView
from annotator.services.whole_article import AnnotationRow
from annotator.services.workflow import transitions_from


def person(user: User | None) -> dict | None:
    return {"id": user.id, "name": user.name} if user is not None else None


def invitation(record: Invitation, now: datetime) -> dict:
    return {
        "id": record.id,
        "email": record.email,
        "role": record.role.value,
        "invited_by": person(record.invited_by),
        "created_at": stamp(record.created_at),
        "expires_at": stamp(record.expires_at),
        "expired": record.expires_at <= now,
    }


def team(record: Team, role: Role) -> dict:
    return {"slug": record.slug, "name": record.name, "role": role.value}


def me(user: User, teams: list[tuple[Team, Role]]) -> dict:
    return {
        **person(user),
        "email": user.email,
        "teams": [team(record, role) for record, role in teams],
    }


def member(user: User, role: Role) -> dict:
    return {**person(user), "email": user.email, "role": role.value}


def article(record: Article) -> dict:
    return {
        "id": record.id,
        "team": record.team.slug,
        "title": record.title,
        "state": record.state.value,
        "sha256": record.sha256,
        "source_url": record.source_url,
        "publisher": record.publisher,
        "published_on": stamp(record.published_on),
        "language": record.language,
        "blind_review": record.blind_review,
        "reviewers_wanted": record.reviewers_wanted,
        "created_at": stamp(record.created_at),
        "version": record.version,
        "version_date": stamp(record.version_date),
        "transitions": [t.target.value for t in transitions_from(record.state)],
    }


def sentence(record: Sentence, text: str) -> dict:
    return sentence_fields(record, record.text_in(text))


def article_with_text(record: Article) -> dict:
    return {
        **article(record),
        "text": record.text,
        "sentences": [sentence(s, record.text) for s in record.sentences],
    }


def article_revision(report) -> dict:
    return {
        "article": article_with_text(report.article),
        "kept": report.kept,
        "changed": report.changed,
        "added": report.added,
        "unplaced": report.unplaced,
    }


def span(start: int | None, end: int | None) -> dict | None:
    return {"start": start, "end": end} if start is not None else None


def annotation(record: Annotation) -> dict:
    return annotation_fields(record, record.sentence.index, person(record.reviewer), record.sources)


def annotation_row(row: AnnotationRow) -> dict:
    """An annotation read as a row (services/whole_article.py), shown as the record is."""
    reviewer = {"id": row.reviewer_id, "name": row.reviewer_name}
    return annotation_fields(row, row.sentence_index, reviewer, row.sources)


def annotation_fields(record, sentence_index: int, reviewer: dict | None, sources) -> dict:
    return {
        "id": record.id,
        "article_id": record.article_id,
        "sentence_index": sentence_index,
        "reviewer": reviewer,
        "verdict": value_of(record.verdict),
        "note": record.note,
        "span": span(record.span_start, record.span_end),
        "sources": [source_fields(source) for source in sources],
        "version": record.version,
        "created_at": stamp(record.created_at),
        "updated_at": stamp(record.updated_at),
    }


def whole_article_head(record: Article) -> dict:
    """The first line of the whole-article stream: the article and its text."""
    return {"article": article(record), "text": record.text}


def whole_article_line(sentence_row, annotations: list[AnnotationRow], text: str) -> dict:
    """One line of the whole-article stream: a sentence with the annotations shown of it."""
    return {
        "sentence": sentence_fields(sentence_row, text[sentence_row.start : sentence_row.end]),
        "annotations": [annotation_row(row) for row in annotations],
    }


def revision(record: AnnotationRevision) -> dict:
    return {
        "version": record.version,
        "verdict": value_of(record.verdict),
        "note": record.note,
        "span": span(record.span_start, record.span_end),
        "sources": record.sources,
        "recorded_at": stamp(record.recorded_at),
    }


def response(record: Response) -> dict:
    return {
        "id": record.id,
        "annotation_id": record.annotation_id,
        "responder": person(record.responder),
        "stance": record.stance.value,
        "comment": record.comment,
        "updated_at": stamp(record.updated_at),
    }


def comment(record: Comment) -> dict:
    return {
        "id": record.id,
        "author": person(record.author),
        "body": record.body,
        "parent_id": record.parent_id,
        "created_at": stamp(record.created_at),
        "resolved_at": stamp(record.resolved_at),
    }


def thread(record: Comment) -> dict:
    return {**comment(record), "replies": [comment(reply) for reply in record.replies]}


def resolution(record: Resolution | None) -> dict | None:
    if record is None:
        return None
    return {
        "sentence_index": record.sentence.index,
        "verdict": value_of(record.verdict),
        "rating": rating(record.rating) if record.rating else None,
        "claimant_name": record.claimant_name,
        "claimant_kind": record.claimant_kind.value,
        "claim_url": record.claim_url,
        "rationale": record.rationale,
        "settled_by": person(record.settled_by),
        "settled_at": stamp(record.settled_at),
        "version": record.version,
    }


def rating(record: RatingEntry) -> dict:
    return {
        "id": record.id,
        "label": record.label,
        "description": record.description,
        "verdict": record.verdict.value,
        "value": record.value,
    }


def assignment(record: Assignment) -> dict:
    return {
        "reviewer": person(record.reviewer),
        "assigned_by": person(record.assigned_by),
        "due_on": stamp(record.due_on),
        "created_at": stamp(record.created_at),
    }


def agreement(figures: ArticleAgreement) -> dict:
    return {
        "alpha": figures.alpha,
        "percent": figures.percent,
        "sentences_compared": figures.sentences_compared,
        "reviewers": [person(user) for user in figures.reviewers],
        "pairwise": [
            {
                "reviewers": [person(pair.reviewer_a), person(pair.reviewer_b)],
                "kappa": pair.kappa,
                "sentences": pair.n,
            }
            for pair in figures.pairwise
        ],
        "disagreements": figures.disagreements,
    }


def event(view: EventView) -> dict:
    record = view.event
    return {
        "id": record.id,
        "action": record.action,
        "actor": {"id": record.actor_id, "name": record.actor_name}
        if record.actor_id is not None
        else None,
        "subject": record.subject,
        "article_id": record.article_id,
        "sentence_id": record.sentence_id,
        "before": None if view.hidden else record.before,
        "after": None if view.hidden else record.after,
        "hidden": view.hidden,
        "created_at": stamp(record.created_at),
        "hash": record.hash,
    }
