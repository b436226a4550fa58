"""Seeding a team with the articles and demo annotations kept in seeds/."""

import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import sqlalchemy as sa

from annotator.extensions import db
from annotator.models import Article, CanonicalName, Role, Sentence, Stance, Team, User, Verdict
from annotator.services.accounts import create_user, find_user_by_email
from annotator.services.annotations import (
    AnnotationEntry,
    SourceEntry,
    annotate_sentence,
    find_annotation,
)
from annotator.services.articles import ArticleDraft, import_article
from annotator.services.documents import read_document
from annotator.services.names import apply_entry, read_names_csv, team_names
from annotator.services.reviews import find_response, respond_to_annotation
from annotator.services.settling import find_resolution, settle_sentence
from annotator.services.teams import set_membership

#: The demo newsroom's articles, shipped in the package (a symlink to seeds/ in a checkout).
DEMO_SEEDS = resources.files("annotator").joinpath("seeds")


@dataclass
class SeedReport:
    articles_created: int = 0
    annotations_created: int = 0
    responses_created: int = 0
    settlements_created: int = 0
    names_created: int = 0


def seed_team(team: Team, directory: Path) -> SeedReport:
    """Import every article in the directory, and its demo annotations, into the team.

    Running it again creates nothing new: articles are found by their text's hash and an
    annotation is only added where its reviewer has none on that sentence.
    """
    report = SeedReport()
    for path in sorted(directory.glob("*.txt")):
        document = read_document(path.name, path.read_bytes())
        result = import_article(team, None, ArticleDraft(document.title, document.text))
        report.articles_created += result.created
        notes = path.with_suffix(".annotations.json")
        if notes.exists():
            spec = json.loads(notes.read_text(encoding="utf-8"))
            report.annotations_created += seed_annotations(team, result.article, spec)
            report.responses_created += seed_responses(result.article, spec.get("responses", []))
            report.settlements_created += seed_settlements(team, result.article, spec)
    names = directory / "names.csv"
    if names.exists():
        report.names_created += seed_names(team, names.read_text(encoding="utf-8"))
    return report


def seed_names(team: Team, text: str) -> int:
    """Add the canonical names of the CSV the team's list lacks; return how many were new."""
    known = {row.name.lower() for row in team_names(team.id)}
    created = 0
    for entry in read_names_csv(text):
        if entry.name.lower() not in known:
            row = CanonicalName(team_id=team.id)
            apply_entry(row, entry)
            db.session.add(row)
            known.add(entry.name.lower())
            created += 1
    db.session.flush()
    return created


def seed_annotations(team: Team, article: Article, spec: dict) -> int:
    """Create the demo reviewers and their annotations; return how many were new."""
    created = 0
    for reviewer_spec in spec["reviewers"]:
        reviewer = demo_reviewer(team, reviewer_spec)
        for item in reviewer_spec["annotations"]:
            sentence = find_sentence(article, item["sentence_begins"])
            if find_annotation(sentence, reviewer) is None:
                annotate_sentence(reviewer, sentence, entry_from_spec(article, sentence, item))
                created += 1
    return created


def demo_reviewer(team: Team, spec: dict) -> User:
    """Return the demo account, created without a password so it cannot log in."""
    user = find_user_by_email(spec["email"]) or create_user(spec["email"], spec["name"], None)
    set_membership(team, user, Role(spec.get("role", "reviewer")))
    return user


def find_sentence(article: Article, beginning: str) -> Sentence:
    """Return the article's first sentence that starts with these words."""
    for sentence in db.session.scalars(
        sa.select(Sentence).where(Sentence.article_id == article.id).order_by(Sentence.index)
    ):
        if article.text.startswith(beginning, sentence.start):
            return sentence
    raise LookupError(f"No sentence of article {article.id} begins with {beginning!r}")


def entry_from_spec(article: Article, sentence: Sentence, item: dict) -> AnnotationEntry:
    """Build an annotation entry, locating the span's words inside the sentence."""
    span = None
    if item.get("span"):
        start = article.text.index(item["span"], sentence.start, sentence.end)
        span = (start, start + len(item["span"]))
    sources = [
        SourceEntry(s["url"], s.get("title", ""), s.get("quote", ""))
        for s in item.get("sources", [])
    ]
    return AnnotationEntry(Verdict(item["verdict"]), item.get("note", ""), span, sources)


def seed_responses(article: Article, specs: list[dict]) -> int:
    """Add the demo replies to flags; a reviewer who has replied already is left alone."""
    created = 0
    for item in specs:
        responder = find_user_by_email(item["by"])
        author = find_user_by_email(item["to"])
        sentence = find_sentence(article, item["sentence_begins"])
        annotation = find_annotation(sentence, author)
        if annotation is None or find_response(annotation, responder) is not None:
            continue
        respond_to_annotation(responder, annotation, Stance(item["stance"]), item["comment"])
        created += 1
    return created


def seed_settlements(team: Team, article: Article, spec: dict) -> int:
    """Let the demo editor settle the sentences the seed notes name, once."""
    if "editor" not in spec:
        return 0
    editor = demo_reviewer(team, {**spec["editor"], "role": "editor"})
    created = 0
    for item in spec["editor"]["settlements"]:
        sentence = find_sentence(article, item["sentence_begins"])
        if find_resolution(sentence) is None:
            settle_sentence(editor, sentence, Verdict(item["verdict"]), item["rationale"])
            created += 1
    return created
