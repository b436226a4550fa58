"""Revising an article: keep the old text, re-anchor every reviewer's work, lose nothing."""

from dataclasses import dataclass, field

import sqlalchemy as sa

from annotator.auth.permissions import Action
from annotator.errors import NotFound, ValidationError
from annotator.extensions import db
from annotator.models import (
    Annotation,
    Article,
    ArticleVersion,
    Comment,
    Draft,
    Placement,
    Resolution,
    Response,
    Sentence,
    User,
    VersionedPlacement,
    utcnow,
)
from annotator.services.access import require
from annotator.services.articles import (
    DEFAULT_MAX_BYTES,
    ArticleDraft,
    check_draft,
    find_article_by_text,
    sha256_of,
)
from annotator.services.audit import record_event_in
from annotator.services.fulltext import fts_rowid
from annotator.services.visibility import ReviewVisibility
from annotator.services.workflow import ensure_writable
from annotator.text.anchoring import SentenceMove, map_sentences, move_span
from annotator.text.segment import SentenceSpan, split_sentences


@dataclass
class RevisionReport:
    """What a revision did to the reviewers' work, counted by sentence and by record."""

    article: Article
    kept: int = 0
    changed: int = 0
    added: int = 0
    unplaced: dict[str, list[int]] = field(
        default_factory=lambda: {"annotations": [], "comments": [], "resolutions": []}
    )

    @property
    def unplaced_count(self) -> int:
        return sum(len(ids) for ids in self.unplaced.values())


@dataclass(frozen=True)
class Move:
    """One old sentence row and where the revision puts it (``span`` None: lost)."""

    sentence: Sentence
    #: Kept apart from ``sentence``, whose attributes are expired once the rows are moved.
    sentence_id: int
    old_text: str
    old_start: int
    span: SentenceSpan | None
    new_index: int | None
    changed: bool


def revise_article(
    article: Article, actor: User | None, draft: ArticleDraft, max_bytes: int = DEFAULT_MAX_BYTES
) -> RevisionReport:
    """Replace the article's text by a new version, moving every flag to its new sentence.

    ``actor`` None means the server itself (an admin's command line).
    """
    if actor is not None:
        require(actor, article.team_id, Action.import_article)
    ensure_writable(article)
    text = check_draft(draft, max_bytes)
    check_new_text(article, text)
    old_text, old_version = article.text, article.version
    keep_version(article, actor)
    spans = split_sentences(text, article.language)
    moves = plan_moves(article, old_text, text, spans)
    report = RevisionReport(article)
    unplace_lost(article, [m for m in moves if m.span is None], old_version, report)
    article.text, article.sha256 = text, sha256_of(text)
    article.title = draft.title.strip()
    article.version, article.version_dated = old_version + 1, utcnow()
    place_sentences(article, moves, spans, report)
    mark_changes(article, moves, old_version, report)
    forget_article_text(article.id, report.unplaced["annotations"], report.unplaced["comments"])
    record_revision(actor, article, old_version, report)
    return report


def check_new_text(article: Article, text: str) -> None:
    """Refuse the current text again, or the text of another article of the team."""
    digest = sha256_of(text)
    if digest == article.sha256:
        raise ValidationError({"text": "This is the text of the current version already."})
    other = find_article_by_text(article.team, digest)
    if other is not None:
        raise ValidationError(
            {"text": f"Another article of this team has this text: “{other.title}”."}
        )


def keep_version(article: Article, actor: User | None) -> ArticleVersion:
    """Store the current text and its sentence offsets as an earlier version."""
    version = ArticleVersion(
        article_id=article.id,
        number=article.version,
        text=article.text,
        sha256=article.sha256,
        sentences=[[s.start, s.end, s.paragraph] for s in article.sentences],
        dated=article.version_date,
        replaced_by=actor,
    )
    db.session.add(version)
    return version


def plan_moves(
    article: Article, old_text: str, new_text: str, spans: list[SentenceSpan]
) -> list[Move]:
    """Return, for each current sentence row, where its words are in the new text."""
    rows = list(article.sentences)
    found: list[SentenceMove] = map_sentences(
        old_text, [(s.start, s.end) for s in rows], new_text, [(s.start, s.end) for s in spans]
    )
    return [
        Move(
            sentence=row,
            sentence_id=row.id,
            old_text=row.text_in(old_text),
            old_start=row.start,
            span=None if move.new is None else spans[move.new],
            new_index=move.new,
            changed=move.changed,
        )
        for row, move in zip(rows, found, strict=True)
    ]


def place_sentences(
    article: Article, moves: list[Move], spans: list[SentenceSpan], report: RevisionReport
) -> None:
    """Give kept sentence rows their new offsets, delete lost ones, insert new ones."""
    lost = [m.sentence_id for m in moves if m.span is None]
    if lost:
        db.session.execute(sa.delete(Sentence).where(Sentence.id.in_(lost)))
    kept = [m for m in moves if m.span is not None]
    # Indexes are unique per article: move the kept rows out of the way first.
    db.session.execute(
        sa.update(Sentence).where(Sentence.article_id == article.id).values(index=-Sentence.id)
    )
    if kept:
        db.session.execute(sa.update(Sentence), [sentence_values(m) for m in kept])
    taken = {m.new_index for m in kept}
    added = [
        {
            "article_id": article.id,
            "index": i,
            "start": s.start,
            "end": s.end,
            "paragraph": s.paragraph,
        }
        for i, s in enumerate(spans)
        if i not in taken
    ]
    if added:
        db.session.execute(sa.insert(Sentence), added)
    report.kept, report.added = len(kept), len(added)
    db.session.flush()
    # The bulk statements bypass the objects already loaded: read them again.
    for move in kept:
        db.session.expire(move.sentence)
    db.session.expire(article, ["sentences"])


def sentence_values(move: Move) -> dict:
    span = move.span
    return {
        "id": move.sentence_id,
        "index": move.new_index,
        "start": span.start,
        "end": span.end,
        "paragraph": span.paragraph,
    }


def unplace_lost(article: Article, lost: list[Move], version: int, report: RevisionReport) -> None:
    """Put the work on sentences the new text lost in the article's "Unplaced" list."""
    for move in lost:
        unplace_sentence_work(article, move, version, report)
    # Responses follow their annotation out of article-wide reads.
    db.session.execute(
        sa.update(Response)
        .where(Response.annotation_id.in_(report.unplaced["annotations"]))
        .values(article_id=None)
    )
    db.session.flush()


def unplace_sentence_work(
    article: Article, move: Move, version: int, report: RevisionReport
) -> None:
    sentence_id = move.sentence_id
    for annotation in db.session.scalars(
        sa.select(Annotation).where(Annotation.sentence_id == sentence_id)
    ):
        if annotation.has_span:
            annotation.span_quote = article.text[annotation.span_start : annotation.span_end]
        annotation.span_start = annotation.span_end = None
        unplace(annotation, article, move.old_text)
        annotation.reviewed_version = annotation.reviewed_version or version
        report.unplaced["annotations"].append(annotation.id)
    for comment in db.session.scalars(sa.select(Comment).where(Comment.sentence_id == sentence_id)):
        unplace(comment, article, move.old_text)
        report.unplaced["comments"].append(comment.id)
    resolution = db.session.scalar(
        sa.select(Resolution).where(Resolution.sentence_id == sentence_id)
    )
    if resolution is not None:
        unplace(resolution, article, move.old_text)
        resolution.reviewed_version = resolution.reviewed_version or version
        report.unplaced["resolutions"].append(resolution.id)
    for draft in db.session.scalars(sa.select(Draft).where(Draft.sentence_id == sentence_id)):
        unplace_draft(draft, article, move.old_text)


def unplace_draft(draft: Draft, article: Article, old_text: str) -> None:
    """Keep a draft whose sentence is lost in the Unplaced list of its author alone.

    Its span goes: the draft keeps no quote of its own, and the words it pointed at are in
    the sentence's words kept. The report leaves it out: the revision's event and message
    are read by the team, and a draft by nobody but its author.
    """
    draft.span_start = draft.span_end = None
    unplace(draft, article, old_text)


def unplace(record: Placement, article: Article, old_text: str) -> None:
    """Detach a record from its sentence, keeping the words it was about."""
    record.reviewed_text = record.reviewed_text or old_text
    record.sentence = record.article = None
    record.unplaced_article_id = article.id


def mark_changes(
    article: Article, moves: list[Move], old_version: int, report: RevisionReport
) -> None:
    """Move spans to their new offsets; mark work on changed sentences "changed since review"."""
    by_sentence = {m.sentence_id: m for m in moves if m.span is not None}
    annotations = db.session.scalars(
        sa.select(Annotation).where(Annotation.article_id == article.id)
    )
    for annotation in annotations:
        move_annotation(article, annotation, by_sentence[annotation.sentence_id], old_version)
    resolutions = db.session.scalars(
        sa.select(Resolution).where(Resolution.article_id == article.id)
    )
    for resolution in resolutions:
        mark_reviewed_text(resolution, by_sentence[resolution.sentence_id], article, old_version)
    for draft in db.session.scalars(sa.select(Draft).where(Draft.article_id == article.id)):
        move_draft_span(article, draft, by_sentence[draft.sentence_id])
    report.changed = sum(m.changed for m in by_sentence.values())
    db.session.flush()


def move_annotation(article: Article, annotation: Annotation, move: Move, old_version: int) -> None:
    """Give the annotation's span its new offsets, or keep its words when they changed.

    A span only moves onto the same words: it is what its reviewer judged, and on other
    words (a corrected figure) it would put their verdict on words nobody read.
    """
    if annotation.has_span:
        old_start = move.old_start
        relative = (annotation.span_start - old_start, annotation.span_end - old_start)
        new_words = article.text[move.span.start : move.span.end]
        moved = move_span(move.old_text, relative, new_words) if move.changed else relative
        if moved is None:
            annotation.span_quote = move.old_text[relative[0] : relative[1]]
            annotation.span_start = annotation.span_end = None
        else:
            annotation.span_start, annotation.span_end = (
                move.span.start + moved[0],
                move.span.start + moved[1],
            )
    mark_reviewed_text(annotation, move, article, old_version)


def move_draft_span(article: Article, draft: Draft, move: Move) -> None:
    """Give a draft's span its new offsets; drop it when its words changed (note and sources
    stay: the reviewer selects the words again)."""
    if not draft.has_span:
        return
    relative = (draft.span_start - move.old_start, draft.span_end - move.old_start)
    new_words = article.text[move.span.start : move.span.end]
    moved = move_span(move.old_text, relative, new_words) if move.changed else relative
    if moved is None:
        draft.span_start = draft.span_end = None
    else:
        draft.span_start, draft.span_end = move.span.start + moved[0], move.span.start + moved[1]


def mark_reviewed_text(
    record: VersionedPlacement, move: Move, article: Article, old_version: int
) -> None:
    """Keep the words first judged; clear the mark once the sentence reads so again."""
    new_words = article.text[move.span.start : move.span.end]
    if move.changed and record.reviewed_text is None:
        record.reviewed_text, record.reviewed_version = move.old_text, old_version
        if isinstance(record, Resolution):
            # A settle or confirm form opened on the old words is now out of date.
            record.version += 1
    elif record.reviewed_text == new_words:
        if isinstance(record, Annotation):
            restore_span(record, move.span.start)
        record.reviewed_text = record.reviewed_version = None


def restore_span(annotation: Annotation, sentence_start: int) -> None:
    """Put a span whose words a revision took away back on them, now that they are back."""
    quote = annotation.span_quote
    if annotation.has_span or not quote or quote not in annotation.reviewed_text:
        return
    start = annotation.reviewed_text.index(quote)
    annotation.span_start = sentence_start + start
    annotation.span_end = annotation.span_start + len(quote)
    annotation.span_quote = None


def record_revision(
    actor: User, article: Article, old_version: int, report: RevisionReport
) -> None:
    record_event_in(
        actor,
        article,
        "article.revise",
        before={"version": old_version},
        after={
            "version": article.version,
            "sha256": article.sha256,
            "kept": report.kept,
            "changed": report.changed,
            "added": report.added,
            "unplaced": report.unplaced,
        },
    )


def forget_article_text(article_id: int, note_ids: list[int], comment_ids: list[int]) -> None:
    """Drop a revised article's title and sentences, and unplaced notes and comments, from
    the FTS5 index; the next search adds the new text again."""
    if db.session.get_bind().dialect.name != "sqlite":
        return
    rowids = [fts_rowid("note", ref) for ref in note_ids]
    rowids += [fts_rowid("comment", ref) for ref in comment_ids]
    db.session.execute(
        sa.text(
            "DELETE FROM search_fts WHERE (article_id = :article AND kind IN ('title', 'sentence'))"
            " OR rowid IN :rowids"
        ).bindparams(sa.bindparam("rowids", expanding=True)),
        {"article": article_id, "rowids": rowids},
    )


@dataclass(frozen=True)
class UnplacedWork:
    """What earlier revisions of an article lost the sentence of, oldest first."""

    annotations: list[Annotation]
    comments: list[Comment]
    resolutions: list[Resolution]
    #: The reader's own drafts, which nobody else ever sees.
    drafts: list[Draft] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.annotations or self.comments or self.resolutions or self.drafts)

    @property
    def count(self) -> int:
        return len(self.annotations) + len(self.comments) + len(self.resolutions) + len(self.drafts)


#: What can be unplaced, by the name used in forms, URLs and audit events.
UNPLACEABLE: dict[str, type[Placement]] = {
    "annotation": Annotation,
    "comment": Comment,
    "resolution": Resolution,
}


def unplaced_work(article: Article, visibility: ReviewVisibility) -> UnplacedWork:
    """Return the article's unplaced annotations, comments and resolutions that the
    visibility shows (an unplaced judgement has no sentence its reader could have judged),
    and the reader's own unplaced drafts."""

    def of(model, author=None, judgement=True):
        query = sa.select(model).where(model.unplaced_article_id == article.id)
        if judgement:
            query = visibility.keep_visible(query, author, model.sentence_id)
        return list(db.session.scalars(query.order_by(model.id)))

    return UnplacedWork(
        of(Annotation, Annotation.reviewer_id),
        of(Comment, judgement=False),
        of(Resolution),
        unplaced_drafts_of(article, visibility.viewer_id),
    )


def unplaced_drafts_of(article: Article, reviewer_id: int | None) -> list[Draft]:
    """Return the reviewer's own drafts the article's revisions unplaced (none for the host:
    a draft is shown to its author alone)."""
    if reviewer_id is None:
        return []
    return list(
        db.session.scalars(
            sa.select(Draft)
            .where(Draft.unplaced_article_id == article.id, Draft.reviewer_id == reviewer_id)
            .order_by(Draft.id)
        )
    )


def attach_unplaced(
    actor: User, article: Article, kind: str, record_id: int, index: int | None
) -> Placement:
    """Attach an unplaced annotation, comment or resolution to a sentence of the article."""
    require(actor, article.team_id, Action.import_article)
    ensure_writable(article)
    model = UNPLACEABLE.get(kind)
    record = model and db.session.scalar(
        sa.select(model).where(model.id == record_id, model.unplaced_article_id == article.id)
    )
    if record is None:
        raise NotFound("No such unplaced record on this article.")
    sentence = find_sentence(article, index)
    check_free(record, sentence)
    record.sentence, record.article = sentence, article
    record.unplaced_article_id = None
    if record.reviewed_text == sentence.text_in(article.text):
        record.reviewed_text = None
    if isinstance(record, Annotation):
        db.session.execute(
            sa.update(Response)
            .where(Response.annotation_id == record.id)
            .values(article_id=article.id)
        )
    db.session.flush()
    record_event_in(
        actor,
        sentence,
        f"{kind}.attach",
        subject=f"{kind}:{record.id}",
        after={"sentence": sentence.index},
    )
    return record


def find_sentence(article: Article, index: int | None) -> Sentence:
    """Return the article's sentence at this position, or raise a field error."""
    sentence = None
    if index is not None:
        sentence = db.session.scalar(
            sa.select(Sentence).where(Sentence.article_id == article.id, Sentence.index == index)
        )
    if sentence is None:
        raise ValidationError({"sentence": "Choose a sentence of the article."})
    return sentence


def check_free(record: Placement, sentence: Sentence) -> None:
    """Refuse a second annotation by one reviewer, or a second resolution, on a sentence."""
    taken = None
    if isinstance(record, Annotation):
        taken = sa.select(Annotation.id).where(
            Annotation.sentence_id == sentence.id, Annotation.reviewer_id == record.reviewer_id
        )
        message = (
            f"{record.reviewer.name} already has an annotation on sentence {sentence.index + 1}."
        )
    elif isinstance(record, Resolution):
        taken = sa.select(Resolution.id).where(Resolution.sentence_id == sentence.id)
        message = f"Sentence {sentence.index + 1} has a final verdict already."
    if taken is not None and db.session.scalar(taken) is not None:
        raise ValidationError({"sentence": message})


def find_version(article: Article, number: int) -> ArticleVersion | None:
    """Return an earlier version of the article by its number, if kept."""
    return db.session.scalar(
        sa.select(ArticleVersion).where(
            ArticleVersion.article_id == article.id, ArticleVersion.number == number
        )
    )


def earlier_versions(article: Article) -> list[ArticleVersion]:
    """Return the article's earlier versions, newest first."""
    return list(
        db.session.scalars(
            sa.select(ArticleVersion)
            .where(ArticleVersion.article_id == article.id)
            .order_by(ArticleVersion.number.desc())
        )
    )
