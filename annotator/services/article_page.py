"""The article page's read model: everything its templates show, blind review applied."""

from dataclasses import dataclass

import sqlalchemy as sa

from annotator.auth.permissions import Action, can
from annotator.models import Article, ArticleState, ArticleVersion, Assignment, Role, User
from annotator.services.access import require
from annotator.services.agreement import (
    ArticleAgreement,
    agreement_of,
    reviewers_of,
    visible_verdicts,
)
from annotator.services.assignments import assignees_of
from annotator.services.following import is_following
from annotator.services.live import latest_event_id
from annotator.services.progress import Progress, article_progress, page_progress
from annotator.services.public_pages import public_address_of
from annotator.services.reading import (
    Part,
    count_sentences,
    flags_in,
    flags_on,
    part_of,
    sentence_rows,
    sentences_at,
    sentences_in,
)
from annotator.services.revisions import UnplacedWork, earlier_versions, unplaced_work
from annotator.services.visibility import ReviewVisibility, visibility_for
from annotator.services.workflow import Transition, transitions_from


@dataclass
class ArticleReview:
    """The review block: agreement over the verdicts the member sees, workflow, assignees."""

    figures: ArticleAgreement
    #: Positions of the sentences where the verdicts the member sees differ.
    disagreements: list[int]
    #: The workflow moves the member may make.
    transitions: list[Transition]
    assignees: list[Assignment]


@dataclass
class ArticlePage:
    """What the article page shows one member, in a constant number of statements."""

    article: Article
    role: Role | None
    visibility: ReviewVisibility
    #: Every sentence, as plain rows: the page counts them and numbers the disagreements.
    sentences: list[sa.Row]
    part: Part
    #: The shown part's flags that the member may see, by sentence id.
    flags: dict[int, list[sa.Row]]
    progress: Progress
    review: ArticleReview
    versions: list[ArticleVersion]
    unplaced: UnplacedWork
    #: The event the page's live feed starts after.
    live_cursor: int
    #: Whether the member follows the article (hears when it is published).
    following: bool = False
    #: The path of the article's public page while anyone may read it (else None).
    public_address: str | None = None

    def may(self, action: Action) -> bool:
        return can(self.role, action)

    @property
    def read_only(self) -> bool:
        return self.article.state is ArticleState.published

    @property
    def part_sentences(self) -> list[sa.Row]:
        return self.sentences[self.part.first : self.part.last]

    @property
    def can_annotate(self) -> bool:
        return self.may(Action.annotate)

    @property
    def can_revise(self) -> bool:
        """Editors revise the text, and attach unplaced work, until the article is published."""
        return self.may(Action.import_article) and not self.read_only


def article_page(viewer: User, article: Article, part_number: int) -> ArticlePage:
    """Gather everything the article page shows the member, blind review applied."""
    role = require(viewer, article.team_id, Action.read)
    visibility = visibility_for(viewer, article)
    sentences = sentence_rows(article)
    part = part_of(len(sentences), part_number)
    # One read of the verdicts the member sees serves the agreement figures and the counts.
    verdicts = visible_verdicts(article, visibility)
    return ArticlePage(
        article=article,
        role=role,
        visibility=visibility,
        sentences=sentences,
        part=part,
        flags=flags_in(article, part, visibility),
        progress=page_progress(article.id, viewer.id, len(sentences), verdicts),
        review=article_review(article, role, verdicts, sentences),
        versions=earlier_versions(article),
        unplaced=unplaced_work(article, visibility),
        live_cursor=latest_event_id(article),
        following=is_following(viewer, article),
        public_address=public_address_of(article),
    )


def article_review(
    article: Article, role: Role | None, verdicts: list[sa.Row], sentences: list[sa.Row]
) -> ArticleReview:
    """Gather the review block: figures from the verdicts the member sees, in two queries."""
    figures = agreement_of(verdicts, reviewers_of(verdicts))
    positions = {sentence.id: sentence.index for sentence in sentences}
    return ArticleReview(
        figures=figures,
        disagreements=[positions[s] for s in figures.disagreements if s in positions],
        transitions=moves_for(article, role),
        assignees=assignees_of(article),
    )


@dataclass
class ArticleSummary:
    """What the top of the article page shows that changes as the team works: the progress
    counts, and the workflow state with the moves the member may make.

    The live feed and the answer to a reviewer's own save carry it, so the counts and the
    state stay current without a reload. The agreement figures are left to a reload: they
    cost a read of every verdict, too much to repeat for each open page at each change.
    """

    article: Article
    progress: Progress
    transitions: list[Transition]


def article_summary(viewer: User, article: Article) -> ArticleSummary:
    """Gather the article's summary as the member sees it: counts under blind review come
    from the verdicts the member may see, in four aggregate queries whatever its size."""
    role = require(viewer, article.team_id, Action.read)
    return ArticleSummary(
        article=article,
        progress=article_progress([article.id], viewer.id)[article.id],
        transitions=moves_for(article, role),
    )


def moves_for(article: Article, role: Role | None) -> list[Transition]:
    """Return the workflow moves a member with this role may make from the article's state."""
    return transitions_from(article.state) if can(role, Action.publish) else []


@dataclass
class SentenceMarks:
    """Sentences of the article as the page draws them, with the flags the member may see."""

    article: Article
    sentences: list[sa.Row]
    flags: dict[int, list[sa.Row]]


def article_part(viewer: User, article: Article, number: int) -> SentenceMarks | None:
    """Return a later part of the article for the page's script, or None past the last."""
    require(viewer, article.team_id, Action.read)
    part = part_of(count_sentences(article), number)
    if part.number != number:
        return None
    visibility = visibility_for(viewer, article)
    return SentenceMarks(article, sentences_in(article, part), flags_in(article, part, visibility))


def sentence_marks(viewer: User, article: Article, indexes: list[int]) -> SentenceMarks:
    """Return the sentences at these positions, to redraw after a change."""
    require(viewer, article.team_id, Action.read)
    sentences = sentences_at(article, indexes) if indexes else []
    flags = flags_on(sentences, visibility_for(viewer, article)) if sentences else {}
    return SentenceMarks(article, sentences, flags)
