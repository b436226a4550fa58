"""Stories several test layers tell: the same records, built once.

Issue 17's correction: Rita flags "212" Disputed, an editor settles it, the article is
published, reopened and revised to "198". Pages, exports and the browser must then mark the
final verdict "changed since review" and quote the words judged.
"""

from annotator.extensions import db
from annotator.models import Annotation, Article, ArticleState, Role, User, Verdict
from annotator.services.annotations import AnnotationEntry, annotate_sentence
from annotator.services.articles import ArticleDraft, import_article
from annotator.services.revisions import revise_article
from annotator.services.settling import settle_sentence
from annotator.services.workflow import move_article

OPENING = "The mayor spoke on Tuesday."
CLAIM = "She said 212 of the city's bridges need repair."
CLOSING = "Work starts in May."
TEXT = f"{OPENING} {CLAIM}\n\n{CLOSING}"
REVISED = TEXT.replace("212", "198")
NEW_CLAIM = CLAIM.replace("212", "198")


def corrected_story(team, make_member) -> tuple[Article, User, Annotation]:
    """Build the story up to the revision; return the article, the editor and Rita's flag."""
    editor = make_member(Role.editor, name="Edith Editor")
    rita = make_member(Role.reviewer, name="Rita Reviewer")
    article = import_article(team, None, ArticleDraft("Bridges", TEXT)).article
    sentence = article.sentences[1]
    start = TEXT.index("212")
    entry = AnnotationEntry(Verdict.disputed, "The audit lists 198.", (start, start + 3))
    annotation = annotate_sentence(rita, sentence, entry)
    settle_sentence(editor, sentence, Verdict.disputed, "The city audit lists 198.")
    for state in ("in_review", "settled", "published", "in_review"):
        move_article(editor, article, ArticleState(state))
    revise_article(article, editor, ArticleDraft("Bridges", REVISED))
    db.session.commit()
    return article, editor, annotation
