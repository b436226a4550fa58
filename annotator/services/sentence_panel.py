"""The sentence panel's read model: the sentence in context, the flags the member may see,
the discussion, the final verdict and the team's memory of the claim."""

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from annotator.auth.permissions import Action, can
from annotator.extensions import db
from annotator.models import (
    Adoption,
    Annotation,
    Article,
    ArticleState,
    Comment,
    Draft,
    Resolution,
    Response,
    Role,
    Sentence,
    SentenceTriage,
    User,
)
from annotator.services.access import require
from annotator.services.discussion import threads_of
from annotator.services.drafts import draft_of
from annotator.services.memory import SettledMatch, adoption_of, settled_matches
from annotator.services.names import NameHint, hints_for_sentences
from annotator.services.reviews import responses_by_annotation
from annotator.services.settling import find_resolution
from annotator.services.triage import triage_of
from annotator.services.visibility import ReviewVisibility, visibility_for


@dataclass
class SentenceClaims:
    """The sentence's check-worthiness, name hints and the team's settled claims elsewhere.

    Independent review does not hide the matches: they are the team's final verdicts on
    other articles, which the team means its reviewers to reuse (docs/adr/0010).
    """

    triage: SentenceTriage
    name_hints: list[NameHint]
    settled_elsewhere: list[SettledMatch]
    adoption: Adoption | None


@dataclass
class SentencePanel:
    """What the sentence page and the article page's side panel show one member."""

    article: Article
    sentence: Sentence
    role: Role | None
    visibility: ReviewVisibility
    before: Sentence | None
    after: Sentence | None
    mine: Annotation | None
    #: The member's own unsaved words on the sentence: nobody else's panel ever holds one.
    draft: Draft | None
    #: Teammates' current flags the member may see, oldest change first.
    teammates: list[Annotation]
    #: How many teammates' flags blind review keeps back for now.
    hidden_flags: int
    #: Responses to the flags shown (mine included), by annotation id.
    responses: dict[int, list[Response]]
    threads: list[Comment]
    #: The final verdict, when there is one the member may see.
    resolution: Resolution | None
    claims: SentenceClaims

    @property
    def read_only(self) -> bool:
        return self.article.state is ArticleState.published

    def may(self, action: Action) -> bool:
        """Tell whether the member may take the action here now (nothing writes when published)."""
        return can(self.role, action) and (action is Action.settle or not self.read_only)


def neighbours(sentence: Sentence) -> tuple[Sentence | None, Sentence | None]:
    """Return the sentences just before and after this one in the same paragraph."""
    rows = db.session.scalars(
        sa.select(Sentence).where(
            Sentence.article_id == sentence.article_id,
            Sentence.index.in_([sentence.index - 1, sentence.index + 1]),
            Sentence.paragraph == sentence.paragraph,
        )
    )
    by_index = {row.index: row for row in rows}
    return by_index.get(sentence.index - 1), by_index.get(sentence.index + 1)


def sentence_annotations(sentence: Sentence) -> list[Annotation]:
    """Return every reviewer's current annotation on the sentence, sources loaded."""
    return list(
        db.session.scalars(
            sa.select(Annotation)
            .where(Annotation.sentence_id == sentence.id)
            .options(
                selectinload(Annotation.sources),
                selectinload(Annotation.reviewer),
                selectinload(Annotation.revisions),
            )
            .order_by(Annotation.updated_at)
        )
    )


def sentence_panel(viewer: User, sentence: Sentence) -> SentencePanel:
    """Gather everything the sentence panel shows the member, blind review applied."""
    article = sentence.article
    role = require(viewer, article.team_id, Action.read)
    visibility = visibility_for(viewer, article)
    everyone = sentence_annotations(sentence)
    mine = next((a for a in everyone if a.reviewer_id == viewer.id), None)
    flags = [a for a in everyone if a.reviewer_id != viewer.id and a.verdict]
    teammates = [a for a in flags if visibility.shows(a.reviewer_id, a.sentence_id)]
    shown = visibility.shows_sentence(sentence.id)
    answered = [a.id for a in teammates] + ([mine.id] if mine and shown else [])
    before, after = neighbours(sentence)
    return SentencePanel(
        article=article,
        sentence=sentence,
        role=role,
        visibility=visibility,
        before=before,
        after=after,
        mine=mine,
        draft=draft_of(viewer, sentence) if can(role, Action.annotate) else None,
        teammates=teammates,
        hidden_flags=len(flags) - len(teammates),
        responses=responses_by_annotation(answered),
        threads=threads_of(sentence),
        resolution=find_resolution(sentence) if shown else None,
        claims=SentenceClaims(
            triage=triage_of(sentence),
            name_hints=hints_for_sentences(article, [sentence]).get(sentence.id, []),
            settled_elsewhere=settled_matches(sentence),
            adoption=adoption_of(mine),
        ),
    )
