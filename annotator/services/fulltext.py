"""Engine-specific full-text matching: SQLite FTS5 and PostgreSQL text search, each its own path.

Both answer the same thing: candidate matches as (kind, id, article id) in rank order, where
kind is ``title``, ``sentence``, ``note`` or ``comment`` and id is the matching row's id.
"""

import re
from typing import NamedTuple

import sqlalchemy as sa

from annotator.extensions import db
from annotator.models import Annotation, Article, Comment, Sentence

#: FTS5 row ids encode the kind: ``id * 8 + code``, so a row can be replaced by its id alone.
KIND_CODES = {"title": 1, "sentence": 2, "note": 3, "comment": 4}
#: More candidates than a page shows, since filters and blind review drop some.
CANDIDATES = 500
#: PostgreSQL: no stemming, like SQLite's unicode61 tokenizer, for mixed-language newsrooms.
PG_CONFIG = "simple"


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


def fts5_expression(terms: list[str]) -> str:
    """Quote every term, so nothing the user types is read as FTS5 syntax."""
    return " ".join('"' + term.replace('"', '""') + '"' for term in terms)


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
    """Match with to_tsvector / websearch_to_tsquery, ranked by ts_rank."""
    phrase = " ".join(f'"{term}"' if " " in term else term for term in terms)
    query = sa.func.websearch_to_tsquery(PG_CONFIG, phrase)
    sentence_text = sa.func.substr(Article.text, Sentence.start + 1, Sentence.end - Sentence.start)
    # Only articles whose whole text matches can have a matching sentence.
    matching_articles = sa.select(Article.id).where(
        Article.id.in_(article_ids), matches(Article.text, query)
    )
    sources = [
        ("title", Article.id, Article.id, Article.title, Article.id.in_(article_ids), None),
        (
            "sentence",
            Sentence.id,
            Sentence.article_id,
            sentence_text,
            Sentence.article_id.in_(matching_articles),
            Article,
        ),
        (
            "note",
            Annotation.id,
            Annotation.article_id,
            Annotation.note,
            Annotation.article_id.in_(article_ids),
            None,
        ),
        (
            "comment",
            Comment.id,
            Comment.article_id,
            Comment.body,
            Comment.article_id.in_(article_ids),
            None,
        ),
    ]
    selects = []
    for kind, ref_id, article_id, body, scope, joined in sources:
        select = sa.select(
            sa.literal(kind).label("kind"),
            ref_id.label("ref_id"),
            article_id.label("article_id"),
            sa.func.ts_rank(sa.func.to_tsvector(PG_CONFIG, body), query).label("rank"),
        ).where(scope, matches(body, query))
        if joined is not None:
            select = select.join(joined, joined.id == Sentence.article_id)
        selects.append(select)
    union = sa.union_all(*selects).subquery()
    ranked = sa.select(union.c.kind, union.c.ref_id, union.c.article_id).order_by(
        union.c.rank.desc(), union.c.kind, union.c.ref_id
    )
    return [Candidate(*row) for row in db.session.execute(ranked.limit(CANDIDATES))]


def matches(body, query):
    return sa.func.to_tsvector(PG_CONFIG, body).op("@@")(query)


def compared_with_models(name: str | None, type_: str, parent_names: dict) -> bool:
    """Tell Alembic which database objects the models describe: not the FTS5 index tables."""
    return not (type_ in {"table", "index"} and name is not None and name.startswith("search_fts"))
