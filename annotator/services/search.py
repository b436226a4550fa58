"""Full-text search over what a member's teams wrote: titles, sentences, notes, comments,
final verdicts' rationales, responses and source titles, as blind review lets them see it."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from annotator.errors import ValidationError
from annotator.extensions import db
from annotator.models import (
    Annotation,
    Article,
    ArticleState,
    Comment,
    Resolution,
    Response,
    Sentence,
    Source,
    User,
    Verdict,
)
from annotator.services.access import team_ids_of
from annotator.services.fulltext import Candidate, candidates, words_and_phrases
from annotator.services.visibility import ReviewVisibility, visibilities_for

#: Hits shown on one page of results.
MAX_HITS = 50
#: Words and phrases one search may hold: each is a prefix query of its own.
MAX_TERMS = 20
#: What each kind of hit is called on the results page.
KIND_LABELS = {
    "title": "Title",
    "sentence": "Sentence",
    "note": "Note",
    "comment": "Comment",
    "rationale": "Final verdict",
    "response": "Response",
    "source": "Source",
}


@dataclass(frozen=True)
class SearchQuery:
    """What to look for, and the filters that narrow it."""

    text: str
    verdict: Verdict | None = None
    final_verdict: Verdict | None = None
    reviewer_id: int | None = None
    state: ArticleState | None = None
    #: Changed on or after / on or before these days (UTC).
    since: date | None = None
    until: date | None = None

    @property
    def about_sentences(self) -> bool:
        """Tell whether a filter only makes sense for sentences, so titles cannot match."""
        return any(v is not None for v in (self.verdict, self.final_verdict, self.reviewer_id))


@dataclass
class Hit:
    """One match: where it is, what matched, and the sentence in its context."""

    kind: str
    article: Article
    sentence: Sentence | None = None
    #: The note's or comment's text, when that is what matched.
    body: str = ""
    #: Who wrote the matching note or comment.
    author: str = ""
    when: datetime | None = None
    before: str = ""
    after: str = ""
    #: A source's address, shown as text beside its title.
    link: str = ""
    #: The annotation a note, source or response belongs to (its verdict filters the hit).
    flag: Annotation | None = None
    #: Who wrote a comment or response (the reviewer filter's test for them).
    author_id: int | None = None

    @property
    def sentence_text(self) -> str:
        return self.sentence.text_in(self.article.text) if self.sentence else ""

    @property
    def label(self) -> str:
        return KIND_LABELS[self.kind]


@dataclass
class ArticleHits:
    """The hits in one article, best first."""

    article: Article
    hits: list[Hit]

    @property
    def title_matched(self) -> bool:
        return any(hit.kind == "title" for hit in self.hits)

    @property
    def inside(self) -> list[Hit]:
        """Return the hits inside the article: all but its title's."""
        return [hit for hit in self.hits if hit.kind != "title"]


@dataclass
class Found:
    """Everything loaded about the candidates, so filters need no further queries."""

    articles: dict[int, Article]
    sentences: dict[int, Sentence]
    notes: dict[int, Annotation]
    comments: dict[int, Comment]
    rationales: dict[int, Resolution]
    responses: dict[int, Response]
    sources: dict[int, Source]
    #: What blind review lets the actor see of each article, by article id.
    visibilities: dict[int, ReviewVisibility]
    #: Visible current annotations with a verdict, by sentence id.
    flags: dict[int, list[Annotation]] = field(default_factory=dict)
    #: Visible final verdicts, by sentence id.
    final: dict[int, Verdict | None] = field(default_factory=dict)


def search_teams(actor: User, query: SearchQuery) -> list[Hit]:
    """Return the best matches in the actor's teams that pass every filter."""
    terms = words_and_phrases(query.text)
    if not terms:
        raise ValidationError({"q": "Type at least one word to search for."})
    if len(terms) > MAX_TERMS:
        raise ValidationError({"q": f"Search for at most {MAX_TERMS} words or phrases."})
    scope = sa.select(Article.id).where(Article.team_id.in_(team_ids_of(actor)))
    if query.state is not None:
        scope = scope.where(Article.state == query.state)
    matched = candidates(terms, list(db.session.scalars(scope)))
    found = load(actor, matched)
    hits = []
    for candidate in matched:
        hit = hit_for(candidate, found)
        if hit is not None and passes(hit, query, found):
            hits.append(hit)
            if len(hits) == MAX_HITS:
                break
    add_context(hits)
    return hits


def group_by_article(hits: list[Hit]) -> list[ArticleHits]:
    """Return the hits by article, articles in the order of their best hit."""
    groups: dict[int, ArticleHits] = {}
    for hit in hits:
        groups.setdefault(hit.article.id, ArticleHits(hit.article, [])).hits.append(hit)
    return list(groups.values())


def load(actor: User, matched: list[Candidate]) -> Found:
    """Load the articles, sentences, texts and verdicts the candidates refer to."""
    ids = defaultdict(set)
    for candidate in matched:
        ids[candidate.kind].add(candidate.ref_id)
    notes = by_id(Annotation, ids["note"], selectinload(Annotation.reviewer))
    comments = by_id(Comment, ids["comment"], selectinload(Comment.author))
    rationales = by_id(Resolution, ids["rationale"], selectinload(Resolution.settled_by))
    responses = by_id(
        Response,
        ids["response"],
        selectinload(Response.responder),
        selectinload(Response.annotation),
    )
    sources = by_id(
        Source, ids["source"], selectinload(Source.annotation).selectinload(Annotation.reviewer)
    )
    placed = [*notes.values(), *comments.values(), *rationales.values()]
    placed += [row.annotation for row in [*responses.values(), *sources.values()]]
    sentence_ids = ids["sentence"] | ({row.sentence_id for row in placed} - {None})
    articles = by_id(Article, {c.article_id for c in matched})
    # Only sentences of the candidates' articles: the SQLite index could lag a move.
    sentences = {
        id_: sentence
        for id_, sentence in by_id(Sentence, sentence_ids).items()
        if sentence.article_id in articles
    }
    found = Found(
        articles,
        sentences,
        notes,
        comments,
        rationales,
        responses,
        sources,
        visibilities_for(actor, articles.values()),
    )
    found.flags = visible_flags(found)
    final = db.session.execute(
        sa.select(Resolution.sentence_id, Resolution.verdict).where(
            Resolution.sentence_id.in_(sentence_ids)
        )
    )
    found.final = {
        sentence_id: verdict
        for sentence_id, verdict in final
        if sentence_id in sentences
        and found.visibilities[sentences[sentence_id].article_id].shows_sentence(sentence_id)
    }
    return found


def by_id(model, ids: set[int], *options) -> dict:
    """Return the rows of a model with these ids, by id."""
    if not ids:
        return {}
    rows = db.session.scalars(sa.select(model).where(model.id.in_(ids)).options(*options))
    return {row.id: row for row in rows}


def hidden(annotation: Annotation, found: Found) -> bool:
    """Tell whether blind review keeps this teammate's annotation from the actor for now."""
    visibility = found.visibilities[annotation.article_id]
    return not visibility.shows(annotation.reviewer_id, annotation.sentence_id)


def visible_flags(found: Found) -> dict[int, list[Annotation]]:
    """Return the current verdicts on the candidate sentences that the actor may see."""
    rows = db.session.scalars(
        sa.select(Annotation).where(
            Annotation.sentence_id.in_(found.sentences), Annotation.verdict.is_not(None)
        )
    )
    flags: dict[int, list[Annotation]] = defaultdict(list)
    for annotation in rows:
        if not hidden(annotation, found):
            flags[annotation.sentence_id].append(annotation)
    return flags


def hit_for(candidate: Candidate, found: Found) -> Hit | None:
    """Turn a candidate into a hit, or None when its row is gone, has moved, or blind review
    keeps it from the actor."""
    article = found.articles.get(candidate.article_id)
    if article is None:
        return None
    if candidate.kind == "title":
        return Hit("title", article, when=article.created_at)
    return HIT_MAKERS[candidate.kind](candidate.ref_id, article, found)


def sentence_in(article: Article, sentence_id: int | None, found: Found) -> Sentence | None:
    """Return the sentence if it is loaded and in this article (the index may lag a move)."""
    sentence = found.sentences.get(sentence_id)
    return sentence if sentence is not None and sentence.article_id == article.id else None


def sentence_hit(ref_id: int, article: Article, found: Found) -> Hit | None:
    sentence = sentence_in(article, ref_id, found)
    return sentence and Hit("sentence", article, sentence, when=article.created_at)


def note_hit(ref_id: int, article: Article, found: Found) -> Hit | None:
    note = found.notes.get(ref_id)
    sentence = note and sentence_in(article, note.sentence_id, found)
    if not sentence or hidden(note, found):
        return None
    return Hit("note", article, sentence, note.note, note.reviewer.name, note.updated_at, flag=note)


def source_hit(ref_id: int, article: Article, found: Found) -> Hit | None:
    source = found.sources.get(ref_id)
    flag = source and source.annotation
    sentence = flag and sentence_in(article, flag.sentence_id, found)
    if not sentence or hidden(flag, found):
        return None
    return Hit(
        "source",
        article,
        sentence,
        source.title,
        flag.reviewer.name,
        flag.updated_at,
        link=source.url,
        flag=flag,
    )


def response_hit(ref_id: int, article: Article, found: Found) -> Hit | None:
    response = found.responses.get(ref_id)
    flag = response and response.annotation
    sentence = flag and sentence_in(article, flag.sentence_id, found)
    visibility = found.visibilities[article.id]
    if not sentence or hidden(flag, found):
        return None
    if not visibility.shows(response.responder_id, sentence.id):
        return None
    return Hit(
        "response",
        article,
        sentence,
        response.comment,
        response.responder.name,
        response.updated_at,
        flag=flag,
        author_id=response.responder_id,
    )


def rationale_hit(ref_id: int, article: Article, found: Found) -> Hit | None:
    resolution = found.rationales.get(ref_id)
    sentence = resolution and sentence_in(article, resolution.sentence_id, found)
    if not sentence or resolution.verdict is None:
        return None  # a reopened sentence has no final verdict to explain
    if not found.visibilities[article.id].shows_sentence(sentence.id):
        return None
    settled_by = resolution.settled_by.name if resolution.settled_by else ""
    return Hit(
        "rationale", article, sentence, resolution.rationale, settled_by, resolution.settled_at
    )


def comment_hit(ref_id: int, article: Article, found: Found) -> Hit | None:
    comment = found.comments.get(ref_id)
    sentence = comment and sentence_in(article, comment.sentence_id, found)
    if not sentence:
        return None
    return Hit(
        "comment",
        article,
        sentence,
        comment.body,
        comment.author.name,
        comment.created_at,
        author_id=comment.author_id,
    )


#: How a candidate of each kind inside an article becomes a hit.
HIT_MAKERS = {
    "sentence": sentence_hit,
    "note": note_hit,
    "source": source_hit,
    "response": response_hit,
    "rationale": rationale_hit,
    "comment": comment_hit,
}


def passes(hit: Hit, query: SearchQuery, found: Found) -> bool:
    """Tell whether a hit passes every filter of the query."""
    if hit.sentence is None:
        return not query.about_sentences and within_dates(hit.when, query)
    flags = found.flags.get(hit.sentence.id, [])
    if hit.kind in ("note", "source"):
        flags = [hit.flag]
    if query.verdict is not None and all(f.verdict is not query.verdict for f in flags):
        return False
    if query.final_verdict is not None and found.final.get(hit.sentence.id) is not (
        query.final_verdict
    ):
        return False
    if query.reviewer_id is not None and not by_reviewer(hit, flags, query):
        return False
    return within_dates(hit.when, query)


def by_reviewer(hit: Hit, flags, query: SearchQuery) -> bool:
    """Tell whether the chosen reviewer wrote the comment or response, or flagged the sentence."""
    if hit.author_id is not None:
        return hit.author_id == query.reviewer_id
    return any(f.reviewer_id == query.reviewer_id for f in flags)


def within_dates(moment: datetime, query: SearchQuery) -> bool:
    """Tell whether a moment falls within the query's days, both ends included."""
    if query.since and moment < datetime.combine(query.since, time.min, UTC):
        return False
    return not (query.until and moment > datetime.combine(query.until, time.max, UTC))


def add_context(hits: list[Hit]) -> None:
    """Give each hit the sentences just before and after its own, in one query."""
    wanted = {
        (hit.article.id, hit.sentence.index + step)
        for hit in hits
        if hit.sentence
        for step in (-1, 1)
    }
    if not wanted:
        return
    rows = db.session.scalars(
        sa.select(Sentence).where(sa.tuple_(Sentence.article_id, Sentence.index).in_(wanted))
    )
    neighbours = {(s.article_id, s.index): s for s in rows}
    for hit in (h for h in hits if h.sentence):
        key = hit.article.id, hit.sentence.index
        before = neighbours.get((key[0], key[1] - 1))
        after = neighbours.get((key[0], key[1] + 1))
        hit.before = before.text_in(hit.article.text) if before else ""
        hit.after = after.text_in(hit.article.text) if after else ""
