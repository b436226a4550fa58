"""Importing the review recorded on an article: annotations and their history, final
verdicts, responses and discussion, placed on sentences or unplaced as they were."""

from dataclasses import dataclass, field
from datetime import datetime

from annotator.errors import ValidationError
from annotator.extensions import db
from annotator.models import (
    Adoption,
    Annotation,
    AnnotationRevision,
    Article,
    ClaimantKind,
    Comment,
    RatingEntry,
    Resolution,
    Response,
    Sentence,
    Source,
    Stance,
    User,
    Verdict,
)
from annotator.services.memory import remember_settlement
from annotator.services.rating_scale import ratings_for


def moment(text: str | None) -> datetime | None:
    """Return an exported timestamp (the schema's pattern demands its UTC offset)."""
    return None if text is None else datetime.fromisoformat(text)


def person(people: dict[int, User], ref: int | None) -> User | None:
    """Return the account of a people id of the file (None stays None)."""
    if ref is None:
        return None
    if ref not in people:
        raise ValidationError({"file": f"Person {ref} is not in the export's people."})
    return people[ref]


def verdict_of(value: str | None) -> Verdict | None:
    return Verdict(value) if value else None


@dataclass
class Restored:
    """What an import created so far, found by the file's own references."""

    article: Article
    sentences: dict[int, Sentence]
    people: dict[int, User]
    annotations: dict[int, Annotation] = field(default_factory=dict)
    #: The first comment of each thread, with its sentence index, by the file's id.
    threads: dict[int, tuple[Comment, int | None]] = field(default_factory=dict)
    comment_ids: set[int] = field(default_factory=set)

    def sentence(self, index: int) -> Sentence:
        if index not in self.sentences:
            raise ValidationError({"file": f"Sentence {index} is not in the export."})
        return self.sentences[index]

    def person(self, ref: int | None) -> User | None:
        return person(self.people, ref)

    def place(self, index: int | None) -> dict:
        """Return the columns that put a record on a sentence, or in the Unplaced list."""
        if index is None:
            return {"sentence": None, "article": None, "unplaced_article_id": self.article.id}
        return {"sentence": self.sentence(index), "article": self.article}


def restore_review(restored: Restored, payload: dict) -> None:
    """Create the review in dependency order: annotations before what refers to them."""
    for record in payload["annotations"]:
        restore_annotation(restored, record)
    db.session.flush()
    for record in payload["revisions"]:
        restore_revision(restored, record)
    resolutions = [restore_resolution(restored, record) for record in payload["resolutions"]]
    for record in payload["responses"]:
        restore_response(restored, record)
    for record in payload["comments"]:
        restore_comment(restored, record)
    db.session.flush()
    # The team memory is an index of final verdicts: rebuilt here, never carried.
    for resolution in resolutions:
        remember_settlement(resolution)


def checked_span(restored: Restored, record: dict) -> list[int] | None:
    """Return the annotation's span if it lies inside its sentence (unplaced: none)."""
    span, index = record["span"], record["sentence"]
    if span is None:
        return None
    sentence = restored.sentence(index) if index is not None else None
    if sentence is None or not sentence.start <= span[0] < span[1] <= sentence.end:
        raise ValidationError(
            {"file": f"Annotation {record['id']} has a span outside its sentence."}
        )
    return span


def restore_annotation(restored: Restored, record: dict) -> None:
    """Create one annotation with its sources and where its verdict was adopted from."""
    if record["id"] in restored.annotations:
        raise ValidationError({"file": f"Annotation {record['id']} appears twice."})
    span = checked_span(restored, record)
    annotation = Annotation(
        **restored.place(record["sentence"]),
        reviewer=restored.person(record["reviewer"]),
        verdict=verdict_of(record["verdict"]),
        note=record["note"],
        span_start=span[0] if span else None,
        span_end=span[1] if span else None,
        span_quote=record["span_quote"],
        reviewed_text=record["reviewed_text"],
        reviewed_version=record["reviewed_version"],
        version=record["version"],
        created_at=moment(record["created_at"]),
        updated_at=moment(record["updated_at"]),
        sources=[
            Source(position=n, url=s["url"], title=s["title"], quote=s["quote"])
            for n, s in enumerate(record["sources"])
        ],
    )
    db.session.add(annotation)
    restored.annotations[record["id"]] = annotation
    adopted = record["adopted_from"]
    if adopted is not None:
        # The origin's ids are the other server's: only its readable copy travels.
        db.session.add(
            Adoption(
                annotation=annotation,
                origin_index=adopted["index"],
                origin_title=adopted["title"],
                origin_text=adopted["text"],
                adopted_at=moment(adopted["adopted_at"]),
            )
        )


def annotation_of(restored: Restored, ref: int) -> Annotation:
    if ref not in restored.annotations:
        raise ValidationError({"file": f"Annotation {ref} is not in the export."})
    return restored.annotations[ref]


def restore_revision(restored: Restored, record: dict) -> None:
    """Create one earlier version of an annotation, older than the annotation itself."""
    annotation = annotation_of(restored, record["annotation"])
    if record["version"] >= annotation.version:
        raise ValidationError(
            {
                "file": f"Revision {record['version']} of annotation {record['annotation']} is "
                "not older than the annotation."
            }
        )
    span = record["span"]
    db.session.add(
        AnnotationRevision(
            annotation=annotation,
            version=record["version"],
            verdict=verdict_of(record["verdict"]),
            note=record["note"],
            span_start=span[0] if span else None,
            span_end=span[1] if span else None,
            sources=record["sources"],
            recorded_at=moment(record["recorded_at"]),
        )
    )


def restore_resolution(restored: Restored, record: dict) -> Resolution:
    """Create one final verdict, reopened or unplaced ones included."""
    resolution = Resolution(
        **restored.place(record["sentence"]),
        verdict=verdict_of(record["verdict"]),
        rationale=record["rationale"],
        settled_by=restored.person(record["settled_by"]),
        settled_at=moment(record["settled_at"]),
        version=record["version"],
        reviewed_text=record["reviewed_text"],
        reviewed_version=record["reviewed_version"],
        rating=restored_rating(restored.article.team_id, verdict_of(record["verdict"]), record),
        claimant_name=record.get("claimant", {}).get("name", ""),
        claimant_kind=ClaimantKind(record.get("claimant", {}).get("kind", "organization")),
        claim_url=record.get("claim_url", ""),
    )
    db.session.add(resolution)
    return resolution


def restored_rating(team_id: int, verdict: Verdict | None, record: dict) -> RatingEntry | None:
    """Return the team's entry of the recorded label for this verdict, else the one a
    settlement with the verdict is offered (a record from before rating scales has none)."""
    if verdict is None:
        return None
    label = (record.get("rating") or {}).get("label", "").lower()
    entries = ratings_for(team_id, verdict)
    return next((e for e in entries if e.label.lower() == label), entries[0])


def restore_response(restored: Restored, record: dict) -> None:
    """Create one teammate's response; it leaves article-wide reads with an unplaced flag."""
    annotation = annotation_of(restored, record["annotation"])
    db.session.add(
        Response(
            annotation=annotation,
            article_id=annotation.article_id,
            responder=restored.person(record["responder"]),
            stance=Stance(record["stance"]),
            comment=record["comment"],
            created_at=moment(record["created_at"]),
            updated_at=moment(record["updated_at"]),
        )
    )


def thread_of(restored: Restored, record: dict) -> Comment | None:
    """Return the first comment of the thread a reply belongs to, given before it."""
    ref = record["parent"]
    if ref is None:
        return None
    thread, index = restored.threads.get(ref, (None, None))
    if thread is None or index != record["sentence"]:
        raise ValidationError(
            {"file": f"Comment {record['id']} replies to no earlier thread of its sentence."}
        )
    return thread


def restore_comment(restored: Restored, record: dict) -> None:
    """Create one comment of a sentence's discussion, a reply after its thread's start."""
    if record["id"] in restored.comment_ids:
        raise ValidationError({"file": f"Comment {record['id']} appears twice."})
    restored.comment_ids.add(record["id"])
    thread = thread_of(restored, record)
    comment = Comment(
        **restored.place(record["sentence"]),
        author=restored.person(record["author"]),
        body=record["body"],
        reviewed_text=record["reviewed_text"],
        created_at=moment(record["created_at"]),
        resolved_at=moment(record["resolved_at"]),
        resolved_by=restored.person(record["resolved_by"]),
    )
    if thread is None:
        restored.threads[record["id"]] = (comment, record["sentence"])
    else:
        thread.replies.append(comment)
    db.session.add(comment)
