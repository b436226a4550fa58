"""Check-worthiness triage: scores stored per sentence, the most check-worthy first, dismissals."""

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from annotator.auth.permissions import Action
from annotator.extensions import db
from annotator.models import Article, Sentence, SentenceTriage, User, utcnow
from annotator.services.access import require
from annotator.services.audit import record_event_in
from annotator.text.checkworthiness import REASONS, THRESHOLD, score_sentence


@dataclass(frozen=True)
class TriageEntry:
    """One sentence of the triage list, with its score and reasons in words."""

    sentence: Sentence
    triage: SentenceTriage
    text: str

    @property
    def reasons(self) -> list[str]:
        return [REASONS[reason] for reason in self.triage.reason_list if reason in REASONS]

    @property
    def needs_checking(self) -> bool:
        return self.triage.score >= THRESHOLD


def score_article(article: Article) -> int:
    """Score the article's sentences that have no score yet; return how many were scored.

    Imports and revisions leave scoring to the first reader that needs it; two readers
    at once both score, and the second one's rows are skipped, not an error.
    """
    scored = sa.select(SentenceTriage.sentence_id).where(SentenceTriage.article_id == article.id)
    unscored = db.session.execute(
        sa.select(Sentence.id, Sentence.start, Sentence.end).where(
            Sentence.article_id == article.id, Sentence.id.not_in(scored)
        )
    ).all()
    rows = [triage_values(article, *sentence) for sentence in unscored]
    if rows:
        db.session.execute(insert_unless_scored(), rows)
    return len(rows)


def triage_values(article: Article, sentence_id: int, start: int, end: int) -> dict:
    """Return the triage row of one sentence of the article, scored from its text."""
    triage = score_sentence(article.text[start:end])
    return {
        "sentence_id": sentence_id,
        "article_id": article.id,
        "score": triage.score,
        "reasons": " ".join(triage.reasons),
    }


def insert_unless_scored():
    """Return an INSERT of triage rows that skips a sentence scored in the meantime."""
    dialect = db.session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    return insert(SentenceTriage.__table__).on_conflict_do_nothing(index_elements=["sentence_id"])


def triage_list(article: Article, include_dismissed: bool = False) -> list[TriageEntry]:
    """Return the article's sentences, most check-worthy first (scoring any not yet scored)."""
    score_article(article)
    query = (
        sa.select(Sentence, SentenceTriage)
        .join(SentenceTriage, SentenceTriage.sentence_id == Sentence.id)
        .where(Sentence.article_id == article.id)
        .order_by(SentenceTriage.score.desc(), Sentence.index)
    )
    if not include_dismissed:
        query = query.where(SentenceTriage.dismissed_at.is_(None))
    rows = db.session.execute(query).all()
    return [TriageEntry(s, t, s.text_in(article.text)) for s, t in rows]


def triage_of(sentence: Sentence) -> SentenceTriage:
    """Return the sentence's triage row; one not scored yet is scored now but not stored
    (pages that only read take no write lock for it)."""
    row = db.session.get(SentenceTriage, sentence.id)
    if row is None:
        values = triage_values(sentence.article, sentence.id, sentence.start, sentence.end)
        row = SentenceTriage(**values)
    return row


def stored_triage_of(sentence: Sentence) -> SentenceTriage:
    """Return the sentence's triage row, storing its score first if need be."""
    row = db.session.get(SentenceTriage, sentence.id)
    if row is None:
        article = sentence.article
        values = triage_values(article, sentence.id, sentence.start, sentence.end)
        db.session.execute(insert_unless_scored(), [values])
        row = db.session.get(SentenceTriage, sentence.id)
    return row


def dismiss_sentence(actor: User, sentence: Sentence) -> SentenceTriage:
    """Mark the sentence as not a claim, so that triage lists it no more."""
    require(actor, sentence.article.team_id, Action.annotate)
    row = stored_triage_of(sentence)
    if row.dismissed_at is None:
        row.dismissed_at, row.dismissed_by = utcnow(), actor
        db.session.flush()
        record_dismissal(actor, sentence, "triage.dismiss", dismissed=True)
    return row


def restore_sentence(actor: User, sentence: Sentence) -> SentenceTriage:
    """Undo a dismissal: the sentence is a claim to triage again."""
    require(actor, sentence.article.team_id, Action.annotate)
    row = stored_triage_of(sentence)
    if row.dismissed_at is not None:
        row.dismissed_at, row.dismissed_by = None, None
        db.session.flush()
        record_dismissal(actor, sentence, "triage.restore", dismissed=False)
    return row


def record_dismissal(actor: User, sentence: Sentence, action: str, dismissed: bool) -> None:
    record_event_in(
        actor,
        sentence,
        action,
        before={"not_a_claim": not dismissed},
        after={"not_a_claim": dismissed},
    )
