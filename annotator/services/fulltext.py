"""Engine-specific full-text matching: SQLite FTS5 and PostgreSQL text search, each its own path.

Both answer the same thing: candidate matches as (kind, id, article id) in rank order, where
kind is one of ``KIND_CODES`` and id is the matching row's id. Both stem English words
(SQLite's porter tokenizer, PostgreSQL's ``english`` configuration) and read every word of
three letters or more as a prefix, so "girder" finds "girders" and "narco" "narcotics".
"""

import re
import unicodedata
from typing import NamedTuple

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY, TSQUERY

from annotator.extensions import db
from annotator.models import Annotation, Article, Comment, Resolution, Response, Sentence, Source

#: FTS5 row ids encode the kind: ``id * 8 + code``, so a row can be replaced by its id alone
#: (the triggers of migration 0011 use the same codes).
KIND_CODES = {
    "title": 1,
    "sentence": 2,
    "note": 3,
    "comment": 4,
    "rationale": 5,
    "response": 6,
    "source": 7,
}
#: More candidates than a page shows, since filters and blind review drop some.
CANDIDATES = 500
#: PostgreSQL, for the team memory: no stemming, like its SQLite index (migration 0007).
PG_CONFIG = "simple"
#: PostgreSQL, for search: English stemming, as SQLite's porter tokenizer (migration 0011).
SEARCH_CONFIG = "english"
#: Shorter words match whole only: a one- or two-letter prefix would match most of a text.
SHORTEST_PREFIX = 3
#: Endings trimmed from a searched word before marking the words that start with the rest:
#: an approximation of the engines' stemmers, for highlighting only.
ENDINGS = ("ies", "es", "ed", "ing", "s", "e", "y")


class Candidate(NamedTuple):
    kind: str
    ref_id: int
    article_id: int


def words_and_phrases(query: str) -> list[str]:
    """Split what the user typed into "quoted phrases" and single words, dropping syntax."""
    terms = []
    for phrase, word in re.findall(r'"([^"]*)"|(\w+)', query):
        text = " ".join(re.findall(r"\w+", phrase)) if phrase else word
        if text:
            terms.append(text)
    return terms


def is_prefix(term: str) -> bool:
    """Tell whether a term is read as the start of words: a single word long enough."""
    return " " not in term and len(term) >= SHORTEST_PREFIX


def fts5_expression(terms: list[str]) -> str:
    """Quote every term, so nothing the user types is read as FTS5 syntax; words are prefixes."""
    quoted = (
        '"' + term.replace('"', '""') + '"' + ("*" if is_prefix(term) else "") for term in terms
    )
    return " ".join(quoted)


def tsquery(terms: list[str]):
    """PostgreSQL: every term must match; words as stemmed prefixes, phrases in order.

    Each word is quoted as one lexeme for ``to_tsquery`` (words are ``\\w+``: no quote in them),
    so nothing typed is read as tsquery syntax. A stop word alone matches nothing and is
    dropped from the query by PostgreSQL, as "the" would be.
    """
    parts = []
    for term in terms:
        if is_prefix(term):
            parts.append(sa.func.to_tsquery(SEARCH_CONFIG, f"'{term}':*"))
        elif " " in term:
            parts.append(sa.func.phraseto_tsquery(SEARCH_CONFIG, term))
        else:
            parts.append(sa.func.plainto_tsquery(SEARCH_CONFIG, term))
    query = parts[0]
    for part in parts[1:]:
        query = query.op("&&")(part)
    return query


def fold(word: str) -> str:
    """Lower-case a word and drop its accents, as both engines compare words."""
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def root(word: str) -> str:
    """Return the start a word's forms share, roughly: "girders" -> "girder"."""
    word = fold(word)
    for ending in ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= SHORTEST_PREFIX:
            return word[: -len(ending)]
    return word


def matching_spans(text: str, query: str) -> list[tuple[int, int]]:
    """Return the (start, end) offsets of the words of a text that the query's words find.

    For highlighting: a word is marked when it starts with the root of a searched word of
    three letters or more, or equals a shorter one. Close to, not exactly, the engines' rules.
    """
    roots, whole = set(), set()
    for term in words_and_phrases(query):
        for word in term.split():
            (roots if len(word) >= SHORTEST_PREFIX else whole).add(root(word))
    spans = []
    for found in re.finditer(r"\w+", text):
        word = fold(found.group())
        if word in whole or any(word.startswith(start) for start in roots):
            spans.append(found.span())
    return spans


def candidates(terms: list[str], article_ids: list[int]) -> list[Candidate]:
    """Return matches in the given articles, best first, on whichever engine is in use."""
    if not terms or not article_ids:
        return []
    if db.engine.dialect.name == "postgresql":
        return postgresql_candidates(terms, article_ids)
    index_articles(article_ids)
    return sqlite_candidates(terms, article_ids)


def sqlite_candidates(terms: list[str], article_ids: list[int]) -> list[Candidate]:
    """Match with FTS5, ranked by bm25."""
    rows = db.session.execute(
        sa.text(
            "SELECT kind, ref_id, article_id FROM search_fts "
            "WHERE search_fts MATCH :expression AND article_id IN :articles "
            "ORDER BY bm25(search_fts) LIMIT :limit"
        ).bindparams(sa.bindparam("articles", expanding=True)),
        {"expression": fts5_expression(terms), "articles": article_ids, "limit": CANDIDATES},
    )
    return [Candidate(*row) for row in rows]


def index_articles(article_ids: list[int]) -> None:
    """Add the titles and sentences of articles not yet in the FTS5 index.

    Sentences are cut from the article text here, in Python: SQLite's substr walks a long
    text from its start for every sentence, which made a trigger quadratic on long articles.
    Notes and comments are kept in the index by triggers (migration 0005).
    """
    indexed = db.session.execute(
        sa.text("SELECT ref_id FROM search_fts WHERE rowid IN :rowids").bindparams(
            sa.bindparam("rowids", expanding=True)
        ),
        {"rowids": [fts_rowid("title", article_id) for article_id in article_ids]},
    )
    missing = set(article_ids) - set(indexed.scalars())
    for article in db.session.scalars(sa.select(Article).where(Article.id.in_(missing))):
        rows = [fts_row("title", article.id, article.id, article.title)]
        sentences = db.session.scalars(sa.select(Sentence).where(Sentence.article_id == article.id))
        rows += [fts_row("sentence", s.id, article.id, s.text_in(article.text)) for s in sentences]
        db.session.execute(
            sa.text(
                "INSERT OR REPLACE INTO search_fts (rowid, body, kind, ref_id, article_id) "
                "VALUES (:rowid, :body, :kind, :ref_id, :article_id)"
            ),
            rows,
        )


def fts_rowid(kind: str, ref_id: int) -> int:
    return ref_id * 8 + KIND_CODES[kind]


def fts_row(kind: str, ref_id: int, article_id: int, body: str) -> dict:
    return {
        "rowid": fts_rowid(kind, ref_id),
        "body": body,
        "kind": kind,
        "ref_id": ref_id,
        "article_id": article_id,
    }


def postgresql_candidates(terms: list[str], article_ids: list[int]) -> list[Candidate]:
    """Match with to_tsvector / to_tsquery, ranked by ts_rank across every kind."""
    query = sa.cast(db.session.scalar(sa.select(sa.cast(tsquery(terms), sa.Text))), TSQUERY)
    ranked = written_matches(query, article_ids) + sentence_matches(query, article_ids)
    ranked.sort(key=lambda row: (-row[3], row[0], row[1]))
    return [Candidate(kind, ref_id, article_id) for kind, ref_id, article_id, _ in ranked][
        :CANDIDATES
    ]


def written_matches(query, article_ids: list[int]) -> list[tuple]:
    """Return (kind, id, article id, rank) of the titles and texts people wrote that match."""
    sources = [
        ("title", Article.id, Article.id, Article.title, Article.id.in_(article_ids)),
        (
            "note",
            Annotation.id,
            Annotation.article_id,
            Annotation.note,
            Annotation.article_id.in_(article_ids),
        ),
        (
            "comment",
            Comment.id,
            Comment.article_id,
            Comment.body,
            Comment.article_id.in_(article_ids),
        ),
        (
            "rationale",
            Resolution.id,
            Resolution.article_id,
            Resolution.rationale,
            sa.and_(Resolution.article_id.in_(article_ids), Resolution.verdict.is_not(None)),
        ),
        (
            "response",
            Response.id,
            Response.article_id,
            Response.comment,
            Response.article_id.in_(article_ids),
        ),
        (
            "source",
            Source.id,
            Annotation.article_id,
            Source.title,
            Annotation.article_id.in_(article_ids),
        ),
    ]
    selects = []
    for kind, ref_id, article_id, body, scope in sources:
        select = sa.select(
            sa.literal(kind).label("kind"),
            ref_id.label("ref_id"),
            article_id.label("article_id"),
            sa.func.ts_rank(sa.func.to_tsvector(SEARCH_CONFIG, body), query).label("rank"),
        ).where(scope, matches(body, query))
        if kind == "source":
            select = select.join(Annotation, Annotation.id == Source.annotation_id)
        selects.append(select)
    union = sa.union_all(*selects).subquery()
    ranked = sa.select(union).order_by(union.c.rank.desc(), union.c.kind, union.c.ref_id)
    return [tuple(row) for row in db.session.execute(ranked.limit(CANDIDATES))]


def sentence_matches(query, article_ids: list[int]) -> list[tuple]:
    """Return (kind, id, article id, rank) of the matching sentences.

    Only articles whose whole text matches can have a matching sentence. Their sentences are
    cut in Python and sent as one array: cut in SQL, each sentence read the whole (TOASTed)
    article text again, which took seconds at 2,000 sentences.
    """
    found = []
    articles = db.session.execute(
        sa.select(Article.id, Article.text).where(
            Article.id.in_(article_ids), matches(Article.text, query)
        )
    )
    for article_id, text in articles:
        sentences = db.session.execute(
            sa.select(Sentence.id, Sentence.start, Sentence.end).where(
                Sentence.article_id == article_id
            )
        ).all()
        texts = sa.func.unnest(sa.cast([text[s.start : s.end] for s in sentences], ARRAY(sa.Text)))
        ordered = texts.table_valued("body", with_ordinality="position").render_derived()
        rows = db.session.execute(
            sa.select(
                ordered.c.position,
                sa.func.ts_rank(sa.func.to_tsvector(SEARCH_CONFIG, ordered.c.body), query),
            ).where(matches(ordered.c.body, query))
        )
        found += [("sentence", sentences[n - 1].id, article_id, rank) for n, rank in rows]
    return found


def matches(body, query):
    return sa.func.to_tsvector(SEARCH_CONFIG, body).op("@@")(query)


def compared_with_models(name: str | None, type_: str, parent_names: dict) -> bool:
    """Tell Alembic which database objects the models describe: not the FTS5 index tables."""
    return not (type_ in {"table", "index"} and name is not None and name.startswith("search_fts"))
