"""A published fact-check for the public pages' tests: reviewed, settled and published."""

from annotator.extensions import db
from annotator.models import ArticleState, Team, User, Verdict
from annotator.services.annotations import AnnotationEntry, annotate_sentence
from annotator.services.articles import ArticleDraft, import_article
from annotator.services.entries import SourceEntry
from annotator.services.settling import settle_sentence
from annotator.services.team_settings import PublicSettings, change_public_settings
from annotator.services.workflow import move_article

TEXT = (
    "The bridge cost 4 million euros. The mayor opened it in May.\n\n"
    "Nobody came to the opening. It rained all day."
)
NOTE = "RITA-PRIVATE-NOTE about the bridge budget."
RATIONALE = "The **city budget** shows 6 million, not 4."
SOURCE = SourceEntry("https://example.org/budget", "City budget 2026", "Bridge: 6,000,000")


def open_public_pages(admin: User, team: Team, reviewer_names: bool = False) -> None:
    change_public_settings(admin, team, PublicSettings(True, reviewer_names))
    db.session.commit()


def publish_story(
    team: Team,
    editor: User,
    reviewer: User,
    title: str = "Bridge story",
    text: str = TEXT,
    rationale: str = RATIONALE,
    source: SourceEntry = SOURCE,
    claims: int = 2,
):
    """Import an article; the reviewer judges its first ``claims`` sentences (a note and a
    source on the first), the editor settles them and publishes it."""
    article = import_article(team, editor, ArticleDraft(title, text)).article
    for n, sentence in enumerate(article.sentences[:claims]):
        verdict = Verdict.disputed if n == 0 else Verdict.verified
        entry = AnnotationEntry(verdict, NOTE if n == 0 else "", sources=[source] if n == 0 else [])
        annotate_sentence(reviewer, sentence, entry)
        settle_sentence(editor, sentence, verdict, rationale if n == 0 else "")
    move_article(editor, article, ArticleState.in_review)
    move_article(editor, article, ArticleState.settled)
    move_article(editor, article, ArticleState.published)
    db.session.commit()
    return article
