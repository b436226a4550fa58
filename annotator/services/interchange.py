"""Importing an article's canonical JSON export: the same record, on another server."""

import functools
import json
from datetime import date
from importlib import resources

import sqlalchemy as sa

from annotator import limits
from annotator.auth.permissions import Action
from annotator.errors import ValidationError
from annotator.extensions import db
from annotator.models import (
    Article,
    ArticleState,
    ArticleVersion,
    Assignment,
    Sentence,
    SentenceTriage,
    Team,
    User,
)
from annotator.services.access import require
from annotator.services.accounts import create_user, find_user_by_email
from annotator.services.articles import find_article_by_text, record_import, sha256_of
from annotator.services.following import start_following
from annotator.services.interchange_review import (
    Restored,
    moment,
    person,
    restore_review,
)
from annotator.services.record_format import FORMAT, VERSION
from annotator.text.normalise import normalise_text

#: The format's published schema, shipped in the package (annotator/schemas/).
SCHEMA = resources.files("annotator").joinpath("schemas", "json-export.schema.json")
#: How much of a schema complaint to show: a hostile value may be megabytes long.
MESSAGE_LENGTH = 200
#: The limit of each text field of an export, by its place in the file (list positions left
#: out); the schema states the same lengths (tests/test_limits.py). Any other text may run
#: over lines, and no text may hold NUL or another control character.
TEXT_LIMITS = {
    "article/title": limits.ARTICLE_TITLE,
    "article/source_url": limits.WEB_ADDRESS,
    "article/publisher": limits.PUBLISHER,
    "article/language": limits.LANGUAGE_TAG,
    "people/name": limits.PERSON_NAME,
    "people/email": limits.EMAIL,
    "triage/reasons": limits.TRIAGE_REASONS,
    "annotations/note": limits.NOTE,
    "annotations/sources/url": limits.WEB_ADDRESS,
    "annotations/sources/title": limits.SOURCE_TITLE,
    "annotations/sources/quote": limits.SOURCE_QUOTE,
    "annotations/adopted_from/title": limits.ARTICLE_TITLE,
    "revisions/note": limits.NOTE,
    "revisions/sources/url": limits.WEB_ADDRESS,
    "revisions/sources/title": limits.SOURCE_TITLE,
    "revisions/sources/quote": limits.SOURCE_QUOTE,
    "resolutions/rationale": limits.RATIONALE,
    "resolutions/rating/label": limits.RATING_LABEL,
    "resolutions/claimant/name": limits.CLAIMANT,
    "resolutions/claim_url": limits.WEB_ADDRESS,
    "responses/comment": limits.RESPONSE_COMMENT,
    "comments/body": limits.DISCUSSION_COMMENT,
}


def import_article_json(actor: User | None, team: Team, payload: object) -> Article:
    """Recreate an exported article with everything recorded on it, or nothing at all.

    ``actor`` None means the server itself (the CLI). People are matched by e-mail address;
    unknown ones get an account without a password, as demo reviewers do. The whole import
    runs in a savepoint: a file that fails any check half-way leaves no row behind.
    """
    if actor is not None:
        require(actor, team.id, Action.import_article)
    document = checked_payload(payload)
    try:
        with db.session.begin_nested():
            article = restore(actor, team, document)
    except (KeyError, TypeError, ValueError, IndexError, AttributeError) as error:
        raise ValidationError({"file": f"The export is malformed: {error!r}."}) from None
    except (sa.exc.IntegrityError, sa.exc.DataError) as error:
        reason = str(error.orig).splitlines()[0][:MESSAGE_LENGTH]
        raise ValidationError({"file": f"The export contradicts itself: {reason}."}) from None
    return article


@functools.cache
def schema_validator():
    """Return the record format's validator (jsonschema is imported here, when first used)."""
    from jsonschema import Draft202012Validator

    return Draft202012Validator(json.loads(SCHEMA.read_text(encoding="utf-8")))


def checked_payload(payload: object) -> dict:
    """Return the payload if it is a canonical export this server can read, in every field."""
    if not isinstance(payload, dict) or payload.get("format") != FORMAT:
        raise ValidationError({"file": "This is not an Annotator article export."})
    if payload.get("version") != VERSION:
        raise ValidationError(
            {"file": f"Export version {payload.get('version')!r} is not supported (use {VERSION})."}
        )
    error = next(iter(sorted(schema_validator().iter_errors(payload), key=str)), None)
    if error is not None:
        where = "/".join(str(part) for part in error.absolute_path) or "the document"
        raise ValidationError(
            {"file": f"The export does not match its schema at {where}: {schema_problem(error)}"}
        )
    check_texts(payload)
    return payload


def check_texts(payload: dict) -> None:
    """Refuse a file holding a text its field may not hold, naming the field (nothing is read).

    NUL and other control characters anywhere, tabs and line breaks in one-line fields.
    """
    # A loop, not recursion, as for API bodies: the schema bounds the depth, not the size.
    pending: list[tuple[tuple, object]] = [((), payload)]
    while pending:
        path, value = pending.pop()
        if isinstance(value, dict):
            pending.extend(((*path, key), item) for key, item in value.items())
        elif isinstance(value, list):
            pending.extend(((*path, number), item) for number, item in enumerate(value))
        elif isinstance(value, str) and (problem := text_problem(path, value)):
            where = "/".join(str(step) for step in path)
            raise ValidationError({"file": f"The export's {where}: {problem}"})


def text_problem(path: tuple, text: str) -> str | None:
    """Return why the field at this place may not hold the text, or None."""
    place = "/".join(step for step in path if isinstance(step, str))
    limit = TEXT_LIMITS.get(place)
    if limit is not None:
        return limit.problem(text)
    found = limits.unusable_character(text)
    return f"Unusable characters: {found}." if found else None


def schema_problem(error) -> str:
    """Say what a schema complaint means, without quoting a value that may be megabytes long."""
    if error.validator == "maxItems":
        return f"more than {error.validator_value} items (annotator/limits.py)."
    if error.validator == "maxLength":
        return f"longer than {error.validator_value:,} characters (annotator/limits.py)."
    return error.message[:MESSAGE_LENGTH]


def restore(actor: User | None, team: Team, payload: dict) -> Article:
    """Create the article and everything attached to it, in the file's order."""
    people = {record["id"]: find_or_create_person(record) for record in payload["people"]}
    article = restore_article(team, people, payload["article"])
    for record in payload["versions"]:
        restore_version(article, people, record)
    restored = Restored(article, restore_sentences(article, payload["sentences"]), people)
    restore_triage(restored, payload["triage"])
    restore_assignments(restored, payload["assignments"])
    restore_review(restored, payload)
    record_import(actor, article, **{"from": "json"})
    if actor is not None:
        start_following(actor, article)
    return article


def find_or_create_person(record: dict) -> User:
    """Return the account with the person's e-mail, creating one if needed."""
    return find_user_by_email(record["email"]) or create_user(record["email"], record["name"], None)


def checked_text(text: str, sha256: str, what: str) -> str:
    """Return a text that is normalised and matches its sha256, or refuse the file."""
    if normalise_text(text) != text:
        raise ValidationError({"file": f"The {what} is not normalised."})
    if sha256_of(text) != sha256:
        raise ValidationError({"file": f"The {what} does not match its sha256."})
    return text


def restore_article(team: Team, people: dict[int, User], record: dict) -> Article:
    """Create the article exactly as exported, refusing a text that does not match."""
    text = checked_text(record["text"], record["sha256"], "article text")
    if find_article_by_text(team, record["sha256"]) is not None:
        raise ValidationError({"file": "This team already has an article with that text."})
    published_on = record["published_on"]
    article = Article(
        team=team,
        title=record["title"].strip() or "Untitled",
        text=text,
        sha256=record["sha256"],
        source_url=record["source_url"],
        publisher=record["publisher"],
        published_on=date.fromisoformat(published_on) if published_on else None,
        language=record["language"],
        version=record["version"],
        version_dated=moment(record["version_dated"]),
        created_at=moment(record["created_at"]),
        imported_by=person(people, record["imported_by"]),
        state=ArticleState(record["state"]),
        blind_review=record["blind_review"],
        reviewers_wanted=record["reviewers_wanted"],
    )
    db.session.add(article)
    db.session.flush()
    return article


def restore_version(article: Article, people: dict[int, User], record: dict) -> None:
    """Keep an earlier text, after checking it and its sentences' offsets."""
    text = checked_text(record["text"], record["sha256"], f"text of version {record['number']}")
    if record["number"] >= article.version:
        raise ValidationError({"file": f"Version {record['number']} is not an earlier one."})
    if not all(0 <= start < end <= len(text) for start, end, _ in record["sentences"]):
        raise ValidationError({"file": f"A sentence of version {record['number']} is outside it."})
    db.session.add(
        ArticleVersion(
            article_id=article.id,
            number=record["number"],
            text=text,
            sha256=record["sha256"],
            sentences=record["sentences"],
            dated=moment(record["dated"]),
            replaced_at=moment(record["replaced_at"]),
            replaced_by=person(people, record["replaced_by"]),
        )
    )


def restore_sentences(article: Article, records: list) -> dict[int, Sentence]:
    """Store the exported offsets as they are, after checking each against the text."""
    sentences = {}
    for record in records:
        start, end = record["start"], record["end"]
        if not 0 <= start < end <= len(article.text) or article.text[start:end] != record["text"]:
            message = f"Sentence {record['index']} does not match the text."
            raise ValidationError({"file": message})
        sentences[record["index"]] = Sentence(
            article=article,
            index=record["index"],
            start=start,
            end=end,
            paragraph=record["paragraph"],
        )
    db.session.add_all(sentences.values())
    db.session.flush()
    return sentences


def restore_triage(restored: Restored, records: list) -> None:
    """Keep each sentence's score and "not a claim" dismissal as the other server had them."""
    for record in records:
        sentence = restored.sentence(record["sentence"])
        db.session.add(
            SentenceTriage(
                sentence_id=sentence.id,
                article_id=restored.article.id,
                score=record["score"],
                reasons=record["reasons"],
                dismissed_at=moment(record["dismissed_at"]),
                dismissed_by=restored.person(record["dismissed_by"]),
            )
        )


def restore_assignments(restored: Restored, records: list) -> None:
    """Recreate who was asked to review the article, by whom and by when."""
    for record in records:
        due_on = record["due_on"]
        db.session.add(
            Assignment(
                article=restored.article,
                reviewer=restored.person(record["reviewer"]),
                assigned_by=restored.person(record["assigned_by"]),
                due_on=date.fromisoformat(due_on) if due_on else None,
                created_at=moment(record["created_at"]),
            )
        )
