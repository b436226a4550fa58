"""A reviewed article of any size: sentences, reviewers, annotations, sources, discussion.

Shared by the query-count tests and the benchmarks. The article is imported through the
service (segmentation included); the review rows are inserted in bulk, because the point
is to read them back, not to time how they were written.
"""

from dataclasses import dataclass

import sqlalchemy as sa

from annotator.extensions import db
from annotator.models import (
    Annotation,
    Article,
    ArticleState,
    Comment,
    Resolution,
    Response,
    Role,
    Sentence,
    Source,
    Stance,
    Team,
    User,
    Verdict,
)
from annotator.services import accounts, teams
from annotator.services.articles import ArticleDraft, import_article

VERDICTS = [Verdict.verified, Verdict.unverified, Verdict.disputed]
PER_PARAGRAPH = 5


@dataclass
class ReviewedArticle:
    article: Article
    editor: User
    reviewers: list[User]


def article_text(sentences: int) -> str:
    """Return news-like text of exactly this many sentences, five to a paragraph."""
    lines = [
        f"Report {n} says the council spent {n * 3 + 7} thousand euros on roads in district {n}."
        for n in range(sentences)
    ]
    paragraphs = [
        " ".join(lines[start : start + PER_PARAGRAPH])
        for start in range(0, sentences, PER_PARAGRAPH)
    ]
    return "\n\n".join(paragraphs)


def add_member(team: Team, name: str, role: Role, password: str) -> User:
    user = accounts.create_user(f"{name.lower().replace(' ', '.')}@example.org", name, password)
    teams.set_membership(team, user, role)
    return user


def annotation_rows(article: Article, sentence_ids: list[int], reviewers: list[User]) -> list:
    """Return one annotation per reviewer per sentence; one in five carries a note."""
    return [
        {
            "sentence_id": sentence_id,
            "article_id": article.id,
            "reviewer_id": reviewer.id,
            "verdict": VERDICTS[(position + number) % 3],
            "note": f"Checked against the **budget** table, line {position}."
            if (position + number) % 5 == 0
            else "",
        }
        for position, sentence_id in enumerate(sentence_ids)
        for number, reviewer in enumerate(reviewers)
    ]


def source_rows(annotation_ids: list[int]) -> list:
    """Return 0.3 sources per annotation on average: the issue's 3,000 for 10,000."""
    return [
        {
            "annotation_id": annotation_id,
            "position": 0,
            "url": f"https://data.example.org/budget/{annotation_id}",
            "title": "Budget table",
            "quote": "Roads: 4.2 million",
        }
        for number, annotation_id in enumerate(annotation_ids)
        if number % 10 < 3
    ]


def discussion_rows(article: Article, sentence_ids: list[int], users: list[User]) -> None:
    """Add responses, comments and resolutions on every tenth sentence."""
    editor, first, *_ = users
    every_tenth = sentence_ids[::10]
    annotations = db.session.scalars(
        sa.select(Annotation.id).where(
            Annotation.sentence_id.in_(every_tenth), Annotation.reviewer_id == first.id
        )
    ).all()
    db.session.execute(
        sa.insert(Response),
        [
            {
                "annotation_id": a,
                "article_id": article.id,
                "responder_id": editor.id,
                "stance": Stance.agree,
                "comment": "",
            }
            for a in annotations
        ],
    )
    db.session.execute(
        sa.insert(Comment),
        [
            {
                "sentence_id": s,
                "article_id": article.id,
                "author_id": first.id,
                "body": "Is this the *2024* budget?",
            }
            for s in every_tenth
        ],
    )
    db.session.execute(
        sa.insert(Resolution),
        [
            {
                "sentence_id": s,
                "article_id": article.id,
                "verdict": Verdict.verified,
                "rationale": "Matches the table.",
                "settled_by_id": editor.id,
            }
            for s in every_tenth
        ],
    )


def build_reviewed_article(
    team: Team, sentences: int, reviewers: int, password: str, tag: str = ""
) -> ReviewedArticle:
    """Import an article of this many sentences and review it by this many reviewers."""
    editor = add_member(team, f"Editor {tag}{sentences}x{reviewers}", Role.editor, password)
    people = [
        add_member(team, f"Reviewer {tag}{sentences}x{reviewers} {n}", Role.reviewer, password)
        for n in range(reviewers)
    ]
    draft = ArticleDraft(title=f"Road budget {tag}{sentences}", text=article_text(sentences))
    article = import_article(team, None, draft, max_bytes=10 * 1024 * 1024).article
    article.state = ArticleState.in_review
    sentence_ids = db.session.scalars(
        sa.select(Sentence.id).where(Sentence.article_id == article.id).order_by(Sentence.index)
    ).all()
    db.session.execute(sa.insert(Annotation), annotation_rows(article, sentence_ids, people))
    annotation_ids = db.session.scalars(
        sa.select(Annotation.id).where(Annotation.article_id == article.id)
    ).all()
    db.session.execute(sa.insert(Source), source_rows(annotation_ids))
    discussion_rows(article, sentence_ids, [editor, *people])
    db.session.flush()
    return ReviewedArticle(article, editor, people)
