"""What every export reads about one article, loaded in a constant number of queries."""

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import NamedTuple

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from annotator.extensions import db
from annotator.models import (
    Annotation,
    Article,
    ArticleVersion,
    Resolution,
    Response,
    Sentence,
    Source,
    User,
    Verdict,
)
from annotator.services.visibility import ReviewVisibility
from annotator.text.anchoring import judged_span

#: Rows fetched per round trip when streaming annotations; bounds memory, not queries.
STREAM_BATCH = 2000


@dataclass(frozen=True)
class ExportContext:
    """Where, when and by whom an export is made: the IRIs it mints, its timestamp and the
    publisher named as the fact-checking organisation (the team's settings)."""

    base_url: str
    organisation: str = "Annotator fact-check desk"
    generated_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    software: str = "Annotator 0.1.0"
    #: The publisher's home page and logo: checked http(s) addresses, or empty.
    organisation_url: str = ""
    organisation_logo: str = ""
    #: Made from the demo newsroom: the reports say their verdicts are examples.
    demo: bool = False

    def iri(self, path: str) -> str:
        """Return the absolute IRI of a path on our server."""
        return self.base_url.rstrip("/") + "/" + path.lstrip("/")


class SourceView(NamedTuple):
    url: str
    title: str
    quote: str


class SentenceView(NamedTuple):
    """A sentence's place in the article: plain columns, as entities cost more to build and
    nothing reads their relationships (ADR 4)."""

    id: int
    index: int
    start: int
    end: int
    paragraph: int


class AnnotationView(NamedTuple):
    """One reviewer's current annotation, detached from the session so it can stream.

    A named tuple: a report builds one per annotation, and frozen dataclasses build slower
    (ADR 4).
    """

    id: int
    sentence_id: int
    reviewer_id: int
    verdict: Verdict | None
    note: str
    span_start: int | None
    span_end: int | None
    version: int
    #: None when read with ``with_times=False`` (the reports show no timestamps).
    created_at: datetime | None
    updated_at: datetime | None
    #: The sentence's words as judged, when a revision changed them since (else None).
    reviewed_text: str | None
    reviewed_version: int | None
    #: The highlighted words, kept when a revision changed them.
    span_quote: str | None
    sources: tuple[SourceView, ...]

    @property
    def has_span(self) -> bool:
        return self.span_start is not None

    def judged_span(self, text: str) -> tuple[int, int] | None:
        """Return where the highlighted words are in the words judged, or None when they are
        not among them. Only for a verdict given before a revision changed the sentence
        (``reviewed_text`` set); the article's ``text`` holds a span kept on the same words."""
        words = text[self.span_start : self.span_end] if self.has_span else self.span_quote
        return judged_span(self.reviewed_text, words)


@dataclass
class ArticleExport:
    """An article with its sentences, reviewers and resolutions; annotations stream.

    Every judgement it reads passes the visibility: a blinded reviewer's export holds what
    their pages show, no more.
    """

    article: Article
    sentences: list[SentenceView]
    reviewers: dict[int, User]
    #: The final verdicts the visibility shows, by sentence id.
    resolutions: dict[int, Resolution]
    context: ExportContext
    visibility: ReviewVisibility
    #: Earlier texts of the article that changed verdicts were given to, by number.
    versions: dict[int | None, ArticleVersion | None] = field(default_factory=dict)
    #: The article's public page, once published there (filled by the public pages); None:
    #: the claims' addresses are the report's.
    public_iri: str | None = None

    def sentence_text(self, sentence: SentenceView) -> str:
        """Return the sentence's words cut from the stored article text."""
        return self.article.text[sentence.start : sentence.end]

    @property
    def article_iri(self) -> str:
        """Return the article's canonical IRI: its source URL, else its public page when it
        has one, else its page on our server."""
        return (
            self.article.source_url
            or self.public_iri
            or self.context.iri(f"articles/{self.article.id}")
        )

    @property
    def report_iri(self) -> str:
        return self.context.iri(f"articles/{self.article.id}/export/html")

    def claim_iri(self, sentence: SentenceView) -> str:
        """Return the address of a sentence's check: on the public page when there is one."""
        if self.public_iri:
            return f"{self.public_iri}#claim-{sentence.index + 1}"
        return f"{self.report_iri}#sentence-{sentence.index + 1}"

    def annotations(self, with_times: bool = True) -> Iterator[AnnotationView]:
        """Yield the current annotations with a verdict in sentence order, then by creation,
        streamed.

        ``with_times=False`` leaves their timestamps out: turning stored text into aware
        datetimes was a large part of reading a report's annotations (ADR 4).
        """
        # Through the session's connection, not the ORM: plain columns need none of its
        # per-row bookkeeping (ADR 4).
        query = annotation_query(self.article.id, with_times)
        query = self.visibility.keep_visible(query, Annotation.reviewer_id, Annotation.sentence_id)
        rows = db.session.connection().execute(query.execution_options(yield_per=STREAM_BATCH))
        current, sources = None, []
        for row in rows:  # by position: a Row's attributes are looked up by name each time
            if current is not None and row[0] != current[0]:  # the annotation's id
                yield annotation_view(current, sources)
                sources = []
            current = row
            if row[SOURCE_URL] is not None:
                sources.append(SourceView(*row[SOURCE_URL:]))
        if current is not None:
            yield annotation_view(current, sources)

    def annotation_figures(self) -> tuple[int, datetime | None]:
        """Return how many annotations with a verdict the export holds, and the latest change."""
        query = sa.select(sa.func.count(), sa.func.max(Annotation.updated_at)).where(
            Annotation.article_id == self.article.id, Annotation.verdict.is_not(None)
        )
        query = self.visibility.keep_visible(query, Annotation.reviewer_id, Annotation.sentence_id)
        total, modified = db.session.execute(query).one()
        return total, modified

    @property
    def partial(self) -> bool:
        """Tell whether blind review leaves teammates' judgements out of this export."""
        return self.visibility.blinded

    def workflow(self) -> dict:
        """Return where the article stands in the review workflow."""
        article = self.article
        return {
            "state": article.state.value,
            "blind_review": article.blind_review,
            "reviewers_wanted": article.reviewers_wanted,
        }

    def settled(self) -> list[tuple[SentenceView, Resolution]]:
        """Return the sentences whose final verdict was given to their current words, with
        their resolution, in order: one given before a revision changed the words awaits an
        editor, and is no verdict on these words."""
        return [
            (sentence, resolution)
            for sentence in self.sentences
            if (resolution := self.resolutions.get(sentence.id))
            and resolution.verdict
            and resolution.reviewed_text is None
        ]

    def earlier_version(self, number: int | None) -> ArticleVersion | None:
        """Return an earlier text of the article by its number, read once per export."""
        if number not in self.versions:
            self.versions[number] = db.session.scalar(
                sa.select(ArticleVersion).where(
                    ArticleVersion.article_id == self.article.id, ArticleVersion.number == number
                )
            )
        return self.versions[number]


def annotation_query(article_id: int, with_times: bool) -> sa.Select:
    """Select annotations with a verdict joined to their sources, one row per source (or one
    if none)."""
    times = (Annotation.created_at, Annotation.updated_at) if with_times else NO_TIMES
    return (
        sa.select(
            Annotation.id,
            Annotation.sentence_id,
            Annotation.reviewer_id,
            Annotation.verdict,
            Annotation.note,
            Annotation.span_start,
            Annotation.span_end,
            Annotation.version,
            *times,
            Annotation.reviewed_text,
            Annotation.reviewed_version,
            Annotation.span_quote,
            Source.url,
            Source.title,
            Source.quote,
        )
        .join(Sentence, Sentence.id == Annotation.sentence_id)
        .outerjoin(Source, Source.annotation_id == Annotation.id)
        .where(Annotation.article_id == article_id, Annotation.verdict.is_not(None))
        .order_by(Sentence.index, Annotation.created_at, Annotation.id, Source.position)
    )


#: Where a row of annotation_query has its source's url (then title and quote).
SOURCE_URL = 13
#: Stand-ins for the two timestamp columns, so that every row has the same shape.
NO_TIMES = (sa.null().label("created_at"), sa.null().label("updated_at"))


def annotation_view(row, sources: list[SourceView]) -> AnnotationView:
    """Return the view of an annotation from its first row and its sources (the query's
    columns before the source's are the view's fields, in order)."""
    return AnnotationView(*row[:SOURCE_URL], sources=tuple(sources))


def load_export(
    article: Article,
    context: ExportContext,
    visibility: ReviewVisibility,
    public_iri: str | None = None,
) -> ArticleExport:
    """Load what the exports of an article need, as the visibility shows it: three queries,
    annotations streamed later. The visibility is required: an export without one would
    hand a blinded reviewer every teammate's verdicts."""
    sentences = [
        SentenceView(*row)
        for row in db.session.execute(
            sa.select(Sentence.id, Sentence.index, Sentence.start, Sentence.end, Sentence.paragraph)
            .where(Sentence.article_id == article.id)
            .order_by(Sentence.index)
        )
    ]
    reviewers = db.session.scalars(
        sa.select(User).where(
            User.id.in_(
                sa.select(Annotation.reviewer_id).where(Annotation.article_id == article.id)
            )
            | User.id.in_(
                sa.select(Resolution.settled_by_id).where(Resolution.article_id == article.id)
            )
            | User.id.in_(sa.select(Response.responder_id).where(Response.article_id == article.id))
        )
    )
    resolutions = db.session.scalars(
        visibility.keep_visible(
            sa.select(Resolution)
            .where(Resolution.article_id == article.id)
            .options(selectinload(Resolution.rating)),
            None,
            Resolution.sentence_id,
        )
    )
    return ArticleExport(
        article=article,
        sentences=sentences,
        reviewers={user.id: user for user in reviewers},
        resolutions={resolution.sentence_id: resolution for resolution in resolutions},
        context=context,
        visibility=visibility,
        public_iri=public_iri,
    )
