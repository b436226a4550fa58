"""Importing an article's canonical JSON export: the same review, on another server."""

from datetime import date, datetime

from annotator.auth.permissions import Action
from annotator.errors import ValidationError
from annotator.exports.canonical_json import FORMAT, VERSION
from annotator.extensions import db
from annotator.models import (
    Annotation,
    Article,
    ArticleState,
    Resolution,
    Response,
    Sentence,
    Source,
    Stance,
    Team,
    User,
    Verdict,
)
from annotator.services.access import require
from annotator.services.accounts import create_user, find_user_by_email
from annotator.services.articles import find_article_by_text, sha256_of
from annotator.text.normalise import normalise_text


def import_article_json(actor: User | None, team: Team, payload: object) -> Article:
    """Recreate an exported article with its sentences, annotations, resolutions, responses.

    ``actor`` None means the server itself (the CLI). People are matched by e-mail address;
    unknown ones get an account without a password, as demo reviewers do.
    """
    if actor is not None:
        require(actor, team.id, Action.import_article)
    try:
        return restore(actor, team, checked_payload(payload))
    except (KeyError, TypeError, ValueError, IndexError, AttributeError) as error:
        raise ValidationError({"file": f"The export is malformed: {error!r}."}) from None


def checked_payload(payload: object) -> dict:
    """Return the payload if it is a canonical export this server can read."""
    if not isinstance(payload, dict) or payload.get("format") != FORMAT:
        raise ValidationError({"file": "This is not an Annotator article export."})
    if payload.get("version") != VERSION:
        raise ValidationError(
            {"file": f"Export version {payload.get('version')!r} is not supported (use {VERSION})."}
        )
    return payload


def restore(actor: User | None, team: Team, payload: dict) -> Article:
    """Create the article and everything attached to it."""
    article = restore_article(actor, team, payload["article"])
    sentences = restore_sentences(article, payload["sentences"])
    people = {record["id"]: find_or_create_person(record) for record in payload["people"]}
    annotations = {
        record["id"]: restore_annotation(article, sentences, people, record)
        for record in payload["annotations"]
    }
    for record in payload["resolutions"]:
        restore_resolution(article, sentences, people, record)
    for record in payload["responses"]:
        restore_response(article, annotations, people, record)
    db.session.flush()
    return article


def restore_article(actor: User | None, team: Team, record: dict) -> Article:
    """Create the article exactly as exported, refusing a text that does not match."""
    text = record["text"]
    if not isinstance(text, str) or normalise_text(text) != text:
        raise ValidationError({"file": "The article text is missing or not normalised."})
    if sha256_of(text) != record["sha256"]:
        raise ValidationError({"file": "The article text does not match its sha256."})
    if find_article_by_text(team, record["sha256"]) is not None:
        raise ValidationError({"file": "This team already has an article with that text."})
    article = Article(
        team=team,
        title=str(record["title"]).strip()[:300] or "Untitled",
        text=text,
        sha256=record["sha256"],
        source_url=record["source_url"],
        publisher=record["publisher"],
        published_on=date.fromisoformat(record["published_on"]) if record["published_on"] else None,
        language=record["language"],
        version=int(record["version"]),
        created_at=datetime.fromisoformat(record["created_at"]),
        state=ArticleState(record["state"]),
        blind_review=bool(record["blind_review"]),
        reviewers_wanted=record["reviewers_wanted"],
        imported_by=actor,
    )
    db.session.add(article)
    db.session.flush()
    return article


def restore_sentences(article: Article, records: list) -> dict[int, Sentence]:
    """Store the exported offsets as they are, after checking each against the text."""
    sentences = {}
    for record in records:
        start, end = int(record["start"]), int(record["end"])
        if not 0 <= start < end <= len(article.text) or article.text[start:end] != record["text"]:
            message = f"Sentence {record['index']} does not match the text."
            raise ValidationError({"file": message})
        sentence = Sentence(
            article=article,
            index=record["index"],
            start=start,
            end=end,
            paragraph=record["paragraph"],
        )
        sentences[record["index"]] = sentence
    db.session.add_all(sentences.values())
    db.session.flush()
    return sentences


def find_or_create_person(record: dict) -> User:
    """Return the account with the person's e-mail, creating one if needed."""
    return find_user_by_email(record["email"]) or create_user(record["email"], record["name"], None)


def restore_annotation(
    article: Article, sentences: dict[int, Sentence], people: dict[int, User], record: dict
) -> Annotation:
    """Create one annotation with its sources."""
    sentence = sentences[record["sentence"]]
    span = record["span"]
    if span is not None and not sentence.start <= span[0] < span[1] <= sentence.end:
        raise ValidationError(
            {"file": f"Annotation {record['id']} has a span outside its sentence."}
        )
    annotation = Annotation(
        sentence=sentence,
        article_id=article.id,
        reviewer=people[record["reviewer"]],
        verdict=Verdict(record["verdict"]) if record["verdict"] else None,
        note=record["note"],
        span_start=span[0] if span else None,
        span_end=span[1] if span else None,
        version=int(record["version"]),
        created_at=datetime.fromisoformat(record["created_at"]),
        updated_at=datetime.fromisoformat(record["updated_at"]),
        sources=[
            Source(position=n, url=s["url"], title=s["title"], quote=s["quote"])
            for n, s in enumerate(record["sources"])
        ],
    )
    db.session.add(annotation)
    return annotation


def restore_resolution(
    article: Article, sentences: dict[int, Sentence], people: dict[int, User], record: dict
) -> None:
    """Create one resolution, reopened ones included."""
    settled_by = record["settled_by"]
    db.session.add(
        Resolution(
            sentence=sentences[record["sentence"]],
            article_id=article.id,
            verdict=Verdict(record["verdict"]) if record["verdict"] else None,
            rationale=record["rationale"],
            settled_by=people[settled_by] if settled_by is not None else None,
            settled_at=datetime.fromisoformat(record["settled_at"]),
            version=int(record["version"]),
        )
    )


def restore_response(
    article: Article, annotations: dict[int, Annotation], people: dict[int, User], record: dict
) -> None:
    """Create one teammate's response to an annotation."""
    db.session.add(
        Response(
            annotation=annotations[record["annotation"]],
            article_id=article.id,
            responder=people[record["responder"]],
            stance=Stance(record["stance"]),
            comment=record["comment"],
            created_at=datetime.fromisoformat(record["created_at"]),
            updated_at=datetime.fromisoformat(record["updated_at"]),
        )
    )
