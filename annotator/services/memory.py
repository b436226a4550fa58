"""Team memory: sentences settled in other articles of the team that make the same claim.

Candidates come from a full-text index over settled sentences (FTS5 on SQLite, a GIN
tsvector index on PostgreSQL; migration 0007), always within one team; a pure similarity
function (annotator/text/similarity.py) then re-ranks the few candidates.
"""

import re
from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import load_only

from annotator import limits
from annotator.auth.permissions import Action
from annotator.errors import NotFound
from annotator.extensions import db
from annotator.models import (
    Adoption,
    Annotation,
    Article,
    Resolution,
    Sentence,
    SettledClaim,
    Source,
    User,
    utcnow,
)
from annotator.services.access import require
from annotator.services.annotations import (
    AnnotationEntry,
    SourceEntry,
    annotate_sentence,
)
from annotator.services.audit import record_event_in
from annotator.services.fulltext import PG_CONFIG
from annotator.text.similarity import claim_similarity, claim_words

#: Candidates fetched from the index before the similarity re-rank.
CANDIDATES = 50
#: The similarity from which two sentences count as the same claim.
MIN_SIMILARITY = 0.5
#: Matches shown for one sentence.
MAX_MATCHES = 3
#: Words of the sentence used to look for candidates: the longest, which are the rarest.
QUERY_WORDS = 16


@dataclass
class SettledMatch:
    """A sentence settled elsewhere in the team, close enough to be the same claim."""

    resolution: Resolution
    article: Article
    #: The settled sentence's words as indexed when it was settled.
    text: str
    similarity: float
    sources: list[Source] = field(default_factory=list)

    @property
    def settled_at(self) -> datetime:
        return self.resolution.settled_at


def remember_settlement(resolution: Resolution) -> None:
    """Keep the resolution's sentence in the team memory while it has a verdict."""
    claim = db.session.get(SettledClaim, resolution.id)
    sentence = resolution.sentence
    if resolution.verdict is None or sentence is None:
        if claim is not None:
            db.session.delete(claim)
            db.session.flush()
        return
    article = sentence.article
    # Read the text before adding the claim: a deferred article text loads on first use,
    # and that query's autoflush would insert a claim without its article.
    text = sentence.text_in(article.text)
    if claim is None:
        claim = SettledClaim(resolution_id=resolution.id, team_id=article.team_id)
        db.session.add(claim)
    claim.article_id, claim.text = article.id, text
    db.session.flush()


def query_words(text: str) -> list[str]:
    """Return the sentence's distinct claim words safe for any full-text syntax, longest first."""
    words = {word for word in claim_words(text) if re.fullmatch(r"\w+", word)}
    return sorted(words, key=lambda word: (-len(word), word))[:QUERY_WORDS]


def claim_candidates(team_id: int, words: list[str], article_id: int) -> list[int]:
    """Return ids of resolutions of the team, outside the article, whose words match, best first."""
    if db.engine.dialect.name == "postgresql":
        text_vector = sa.func.to_tsvector(PG_CONFIG, SettledClaim.text)
        query = sa.func.to_tsquery(PG_CONFIG, " | ".join(words))
        return list(
            db.session.scalars(
                sa.select(SettledClaim.resolution_id)
                .where(
                    SettledClaim.team_id == team_id,
                    SettledClaim.article_id != article_id,
                    text_vector.op("@@")(query),
                )
                .order_by(sa.func.ts_rank(text_vector, query).desc(), SettledClaim.resolution_id)
                .limit(CANDIDATES)
            )
        )
    expression = f'team : "t{team_id}" AND body : (' + " OR ".join(f'"{w}"' for w in words) + ")"
    rows = db.session.execute(
        sa.text(
            "SELECT c.resolution_id FROM search_fts_claims f "
            "JOIN settled_claim c ON c.resolution_id = f.rowid "
            "WHERE search_fts_claims MATCH :expression AND c.article_id <> :article "
            "ORDER BY bm25(search_fts_claims) LIMIT :limit"
        ),
        {"expression": expression, "article": article_id, "limit": CANDIDATES},
    )
    return list(rows.scalars())


def settled_matches(sentence: Sentence) -> list[SettledMatch]:
    """Return the closest sentences settled in the team's other articles, best first."""
    article = sentence.article
    text = sentence.text_in(article.text)
    words = query_words(text)
    if not words:
        return []
    ids = claim_candidates(article.team_id, words, article.id)
    matches = [
        SettledMatch(resolution, origin, claim.text, claim_similarity(text, claim.text))
        for claim, resolution, origin in current_claims(ids)
        if origin.team_id == article.team_id and origin.id != article.id
    ]
    matches = [m for m in matches if m.similarity >= MIN_SIMILARITY]
    matches.sort(key=lambda m: (-m.similarity, -m.resolution.id))
    matches = matches[:MAX_MATCHES]
    add_sources(matches)
    return matches


def current_claims(ids: list[int]) -> list[tuple[SettledClaim, Resolution, Article]]:
    """Load the candidates whose resolution still has a verdict on a sentence, by primary keys.

    Three lookups by key rather than one join: a join filtered on the team let SQLite walk
    every article of a large team.
    """
    if not ids:
        return []
    claims = by_key(SettledClaim, SettledClaim.resolution_id, ids)
    resolutions = by_key(Resolution, Resolution.id, ids)
    settled = {key: r for key, r in resolutions.items() if r.verdict is not None and r.sentence_id}
    articles = by_key(
        Article,
        Article.id,
        {r.article_id for r in settled.values()},
        load_only(Article.id, Article.title, Article.team_id),
    )
    return [
        (claims[key], settled[key], articles[settled[key].article_id])
        for key in ids
        if key in settled and key in claims
    ]


def by_key(model, column, keys, *options) -> dict:
    rows = db.session.scalars(sa.select(model).where(column.in_(keys)).options(*options))
    return {getattr(row, column.key): row for row in rows}


def add_sources(matches: list[SettledMatch]) -> None:
    """Give each match the sources its reviewers cited for the verdict the editor settled."""
    if not matches:
        return
    wanted = {m.resolution.sentence_id: m for m in matches}
    rows = db.session.execute(
        sa.select(Source, Annotation.sentence_id, Annotation.verdict)
        .join(Annotation, Annotation.id == Source.annotation_id)
        .where(Annotation.sentence_id.in_(wanted))
        .order_by(Annotation.id, Source.position)
    )
    for source, sentence_id, verdict in rows:
        match = wanted[sentence_id]
        seen = {s.url for s in match.sources}
        if verdict is match.resolution.verdict and source.url not in seen:
            match.sources.append(source)


def find_origin(sentence: Sentence, resolution_id: int) -> SettledMatch:
    """Return a settled sentence of another article of the sentence's team, or raise NotFound."""
    article = sentence.article
    row = db.session.execute(
        sa.select(SettledClaim, Resolution, Article)
        .join(Resolution, Resolution.id == SettledClaim.resolution_id)
        .join(Article, Article.id == Resolution.article_id)
        .where(
            SettledClaim.resolution_id == resolution_id,
            Resolution.verdict.is_not(None),
            Resolution.sentence_id.is_not(None),
            Article.team_id == article.team_id,
            Article.id != article.id,
        )
    ).first()
    if row is None:
        raise NotFound("No such settled sentence in your team's other articles.")
    claim, resolution, origin = row
    text = sentence.text_in(article.text)
    match = SettledMatch(resolution, origin, claim.text, claim_similarity(text, claim.text))
    add_sources([match])
    return match


def adopt_settlement(
    reviewer: User, sentence: Sentence, resolution_id: int, expected_version: int | None = None
) -> Annotation:
    """Take a settled sentence's verdict and sources as the reviewer's own annotation."""
    require(reviewer, sentence.article.team_id, Action.annotate)
    origin = find_origin(sentence, resolution_id)
    resolution = origin.resolution
    settled_on = resolution.settled_at.date().isoformat()
    note = (
        f"Adopted from “{origin.article.title}”, sentence {resolution.sentence.index + 1}, "
        f"settled as {resolution.verdict.label.lower()} on {settled_on}: {resolution.rationale}"
    )
    sources = [SourceEntry(s.url, s.title, s.quote) for s in origin.sources[: limits.SOURCES]]
    entry = AnnotationEntry(resolution.verdict, note, None, sources)
    # The reviewer's own typing, if any, stays their draft: the adopted words are not theirs.
    annotation = annotate_sentence(reviewer, sentence, entry, expected_version, from_draft=False)
    remember_adoption(annotation, origin)
    record_event_in(
        reviewer,
        sentence,
        "annotation.adopt",
        subject=f"annotation:{annotation.id}",
        after={
            "verdict": resolution.verdict.value,
            "origin_article_id": origin.article.id,
            "origin_sentence": resolution.sentence.index + 1,
        },
    )
    return annotation


def remember_adoption(annotation: Annotation, origin: SettledMatch) -> None:
    """Store where the annotation's verdict came from (replacing an earlier adoption)."""
    adoption = db.session.get(Adoption, annotation.id) or Adoption(annotation_id=annotation.id)
    adoption.origin_resolution_id = origin.resolution.id
    adoption.origin_article_id = origin.article.id
    adoption.origin_index = origin.resolution.sentence.index
    adoption.origin_title = origin.article.title
    adoption.origin_text = origin.text
    adoption.adopted_at = utcnow()
    db.session.add(adoption)
    db.session.flush()


def adoption_of(annotation: Annotation | None) -> Adoption | None:
    """Return where the annotation's verdict was adopted from, if it was."""
    if annotation is None:
        return None
    return db.session.get(Adoption, annotation.id)
