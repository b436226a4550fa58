"""Full-text search over the titles, sentences, notes and comments of a member's teams."""

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
    Sentence,
    User,
    Verdict,
)
from annotator.services.access import teams_of
from annotator.services.fulltext import Candidate, candidates, words_and_phrases
from annotator.services.visibility import ReviewVisibility, visibilities_for

#: Hits shown on one page of results.
MAX_HITS = 50


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

    @property
    def sentence_text(self) -> str:
        return self.sentence.text_in(self.article.text) if self.sentence else ""


@dataclass
class Found:
    """Everything loaded about the candidates, so filters need no further queries."""

    articles: dict[int, Article]
    sentences: dict[int, Sentence]
    notes: dict[int, Annotation]
    comments: dict[int, Comment]
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
    team_ids = [team.id for team, _ in teams_of(actor)]
    scope = sa.select(Article.id).where(Article.team_id.in_(team_ids))
    if query.state is not None:
        scope = scope.where(Article.state == query.state)
    matched = candidates(terms, list(db.session.scalars(scope)))
    found = load(actor, matched)
    hits = []
    for candidate in matched:
        hit = hit_for(candidate, found)
        if hit is not None and passes(hit, candidate, query, found):
            hits.append(hit)
            if len(hits) == MAX_HITS:
                break
    add_context(hits)
    return hits


def load(actor: User, matched: list[Candidate]) -> Found:
    """Load the articles, sentences, notes, comments and verdicts the candidates refer to."""
    ids = defaultdict(set)
    for candidate in matched:
        ids[candidate.kind].add(candidate.ref_id)
    notes = by_id(Annotation, ids["note"], selectinload(Annotation.reviewer))
    comments = by_id(Comment, ids["comment"], selectinload(Comment.author))
    sentence_ids = ids["sentence"] | {n.sentence_id for n in notes.values()}
    sentence_ids |= {c.sentence_id for c in comments.values()}
    articles = by_id(Article, {c.article_id for c in matched})
    sentences = by_id(Sentence, sentence_ids)
    found = Found(articles, sentences, notes, comments, visibilities_for(actor, articles.values()))
    found.flags = visible_flags(found)
    final = db.session.execute(
        sa.select(Resolution.sentence_id, Resolution.verdict).where(
            Resolution.sentence_id.in_(sentence_ids)
        )
    )
    found.final = {
        sentence_id: verdict
        for sentence_id, verdict in final
        if found.visibilities[sentences[sentence_id].article_id].shows_sentence(sentence_id)
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
    """Turn a candidate into a hit, or None when its row is gone."""
    article = found.articles.get(candidate.article_id)
    if candidate.kind == "note" and candidate.ref_id in found.notes:
        note = found.notes[candidate.ref_id]
        sentence = found.sentences[note.sentence_id]
        return Hit("note", article, sentence, note.note, note.reviewer.name, note.updated_at)
    if candidate.kind == "comment" and candidate.ref_id in found.comments:
        comment = found.comments[candidate.ref_id]
        sentence = found.sentences[comment.sentence_id]
        return Hit(
            "comment", article, sentence, comment.body, comment.author.name, comment.created_at
        )
    if candidate.kind == "sentence" and candidate.ref_id in found.sentences:
        return Hit("sentence", article, found.sentences[candidate.ref_id], when=article.created_at)
    if candidate.kind == "title" and article is not None:
        return Hit("title", article, when=article.created_at)
    return None


def passes(hit: Hit, candidate: Candidate, query: SearchQuery, found: Found) -> bool:
    """Tell whether a hit may be shown and passes every filter of the query."""
    if hit.kind == "note" and hidden(found.notes[candidate.ref_id], found):
        return False
    if hit.sentence is None:
        return not query.about_sentences and within_dates(hit.when, query)
    flags = found.flags.get(hit.sentence.id, [])
    if hit.kind == "note":
        flags = [found.notes[candidate.ref_id]]
    if query.verdict is not None and all(f.verdict is not query.verdict for f in flags):
        return False
    if query.final_verdict is not None and found.final.get(hit.sentence.id) is not (
        query.final_verdict
    ):
        return False
    if query.reviewer_id is not None and not by_reviewer(hit, candidate, flags, query, found):
        return False
    return within_dates(hit.when, query)


def by_reviewer(hit: Hit, candidate: Candidate, flags, query: SearchQuery, found: Found) -> bool:
    """Tell whether the chosen reviewer wrote the comment, or flagged the sentence."""
    if hit.kind == "comment":
        return found.comments[candidate.ref_id].author_id == query.reviewer_id
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
