"""Importing articles: validation, normalisation, segmentation, one transaction."""

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa

from annotator import limits
from annotator.auth.permissions import Action
from annotator.errors import ValidationError
from annotator.extensions import db
from annotator.models import Article, Sentence, Team, User
from annotator.services.access import require
from annotator.services.audit import record_event_in
from annotator.services.bulk import insert_rows
from annotator.services.following import start_following
from annotator.services.sources import check_web_url
from annotator.text.normalise import normalise_text
from annotator.text.segment import split_sentences

_LANGUAGE_TAG = re.compile(r"^[a-zA-Z]{2,3}(?:-[a-zA-Z0-9]{2,8})*$")
DEFAULT_MAX_BYTES = 2 * 1024 * 1024
SENTENCE_COLUMNS = ("article_id", "index", "start", "end", "paragraph")


@dataclass
class ArticleDraft:
    """What an editor submits to import an article."""

    title: str
    text: str
    source_url: str = ""
    publisher: str = ""
    published_on: date | None = None
    language: str = "en"
    errors: dict[str, str] = field(default_factory=dict, repr=False)


@dataclass(frozen=True)
class ImportResult:
    article: Article
    created: bool


def sha256_of(text: str) -> str:
    """Return the hex sha256 of the text encoded as UTF-8."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def check_draft(draft: ArticleDraft, max_bytes: int) -> str:
    """Return the normalised text, or raise ValidationError naming every bad field."""
    errors: dict[str, str] = {}
    text = normalise_text(draft.text)
    if not text:
        errors["text"] = "The article has no text."
    elif found := limits.unusable_character(text):
        errors["text"] = f"The text holds {found}: is this a binary file?"
    elif len(text.encode("utf-8")) > max_bytes:
        errors["text"] = f"The text is larger than the limit of {max_bytes:,} bytes."
    errors.update(check_details(draft))
    if errors:
        raise ValidationError(errors)
    return text


def check_details(draft: ArticleDraft) -> dict[str, str]:
    """Return the problems of the draft's title, source, publisher and language, by field."""
    errors = {}
    title = draft.title.strip()
    if problem := limits.ARTICLE_TITLE.required_problem(title, "a title"):
        errors["title"] = problem
    if draft.source_url and (problem := check_web_url(draft.source_url)):
        errors["source_url"] = problem
    if problem := limits.PUBLISHER.problem(draft.publisher.strip()):
        errors["publisher"] = problem
    if not _LANGUAGE_TAG.match(draft.language or ""):
        errors["language"] = "Enter a language tag such as en or pt-BR."
    return errors


def find_article_by_text(team: Team, digest: str) -> Article | None:
    """Return the team's article whose text has this sha256, if any."""
    return db.session.scalar(
        sa.select(Article).where(Article.team_id == team.id, Article.sha256 == digest)
    )


def import_article(
    team: Team, actor: User | None, draft: ArticleDraft, max_bytes: int = DEFAULT_MAX_BYTES
) -> ImportResult:
    """Store an article with its sentences, or return the team's copy of the same text.

    ``actor`` None means the server itself (seeding, an admin's shell).
    """
    if actor is not None:
        require(actor, team.id, Action.import_article)
    text = check_draft(draft, max_bytes)
    digest = sha256_of(text)
    existing = find_article_by_text(team, digest)
    if existing is not None:
        return ImportResult(existing, created=False)
    article = Article(
        team=team,
        title=draft.title.strip(),
        text=text,
        sha256=digest,
        source_url=draft.source_url.strip() or None,
        publisher=draft.publisher.strip() or None,
        published_on=draft.published_on,
        language=draft.language,
        imported_by=actor,
    )
    db.session.add(article)
    db.session.flush()
    store_sentences(article)
    record_import(actor, article)
    if actor is not None:
        start_following(actor, article)
    return ImportResult(article, created=True)


def record_import(actor: User | None, article: Article, **details: str) -> None:
    """Append the article's import to the history (``details``: e.g. the file's format)."""
    after = {"title": article.title, "sha256": article.sha256, **details}
    record_event_in(actor, article, "article.import", after=after)


def store_sentences(article: Article) -> None:
    """Segment the article's text and insert its sentences in the same transaction.

    Rows go in as plain tuples, not ORM objects (services/bulk.py), and check-worthiness
    is scored when the triage list first asks (services/triage.py): an import then costs
    little more than segmenting its text.
    """
    article_id = article.id  # read once: an ORM attribute costs a call per row
    rows = [
        (article_id, index, span.start, span.end, span.paragraph)
        for index, span in enumerate(split_sentences(article.text, article.language))
    ]
    # Never empty: check_draft refuses a blank text, and a sentence holds every non-space.
    insert_rows(Sentence.__table__, SENTENCE_COLUMNS, rows)
    db.session.expire(article, ["sentences"])
