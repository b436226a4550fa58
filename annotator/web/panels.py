"""What the sentence panel shows: the sentence in context, teammates' flags, my form."""

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from annotator.auth.permissions import Action, can
from annotator.extensions import db
from annotator.models import Annotation, ArticleState, Sentence, User, Verdict
from annotator.services.access import role_in_team
from annotator.services.discussion import threads_of
from annotator.services.reviews import flags_hidden, responses_by_annotation
from annotator.services.settling import find_resolution
from annotator.web.claims_panel import claims_context
from annotator.web.forms import ClearVerdictForm


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


def sentence_panel_context(sentence: Sentence, user: User, form) -> dict:
    """Gather what the sentence page and the article page's side panel render."""
    article = sentence.article
    everyone = sentence_annotations(sentence)
    mine = next((a for a in everyone if a.reviewer_id == user.id), None)
    before, after = neighbours(sentence)
    role = role_in_team(user, article.team_id)
    clear_form = ClearVerdictForm(formdata=None, version=mine.version if mine else 0)
    teammates = [a for a in everyone if a.reviewer_id != user.id and a.verdict]
    hidden = flags_hidden(article, role, bool(mine and mine.verdict))
    writable = article.state is not ArticleState.published
    return {
        "article": article,
        "sentence": sentence,
        "before": before,
        "after": after,
        "mine": mine,
        "teammates": [] if hidden else teammates,
        "hidden_flags": len(teammates) if hidden else 0,
        "responses": responses_by_annotation([a.id for a in everyone]),
        "threads": threads_of(sentence),
        # The final verdict would bias a blinded reviewer just as teammates' verdicts would.
        "resolution": None if hidden else find_resolution(sentence),
        "form": form,
        "clear_form": clear_form,
        "can_annotate": can(role, Action.annotate) and writable,
        "can_respond": can(role, Action.respond) and writable,
        "can_comment": can(role, Action.comment) and writable,
        "can_settle": can(role, Action.settle),
        "read_only": not writable,
        "verdicts": Verdict,
        "claims": claims_context(sentence, mine),
    }
