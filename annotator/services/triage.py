"""Check-worthiness triage: scores stored per sentence, the most check-worthy first, dismissals."""

from dataclasses import dataclass

import sqlalchemy as sa

from annotator.auth.permissions import Action
from annotator.extensions import db
from annotator.models import Article, Sentence, SentenceTriage, User, utcnow
from annotator.services.access import require
from annotator.services.audit import record_event
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
    """Score the article's sentences that have no score yet; return how many were scored."""
    scored = sa.select(SentenceTriage.sentence_id).where(SentenceTriage.article_id == article.id)
    unscored = db.session.execute(
        sa.select(Sentence.id, Sentence.start, Sentence.end).where(
            Sentence.article_id == article.id, Sentence.id.not_in(scored)
        )
    ).all()
    rows = []
    for sentence_id, start, end in unscored:
        triage = score_sentence(article.text[start:end])
        rows.append(
            {
                "sentence_id": sentence_id,
                "article_id": article.id,
                "score": triage.score,
                "reasons": " ".join(triage.reasons),
            }
        )
    if rows:
        db.session.execute(sa.insert(SentenceTriage), rows)
    return len(rows)


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
    """Return the sentence's triage row, scoring its article first if need be."""
    row = db.session.get(SentenceTriage, sentence.id)
    if row is None:
        score_article(sentence.article)
        row = db.session.get(SentenceTriage, sentence.id)
    return row


def dismiss_sentence(actor: User, sentence: Sentence) -> SentenceTriage:
    """Mark the sentence as not a claim, so that triage lists it no more."""
    require(actor, sentence.article.team_id, Action.annotate)
    row = triage_of(sentence)
    if row.dismissed_at is None:
        row.dismissed_at, row.dismissed_by = utcnow(), actor
        db.session.flush()
        record_dismissal(actor, sentence, "triage.dismiss", dismissed=True)
    return row


def restore_sentence(actor: User, sentence: Sentence) -> SentenceTriage:
    """Undo a dismissal: the sentence is a claim to triage again."""
    require(actor, sentence.article.team_id, Action.annotate)
    row = triage_of(sentence)
    if row.dismissed_at is not None:
        row.dismissed_at, row.dismissed_by = None, None
        db.session.flush()
        record_dismissal(actor, sentence, "triage.restore", dismissed=False)
    return row


def record_dismissal(actor: User, sentence: Sentence, action: str, dismissed: bool) -> None:
    record_event(
        actor,
        sentence.article.team_id,
        action,
        subject=f"sentence:{sentence.id}",
        article_id=sentence.article_id,
        sentence_id=sentence.id,
        before={"not_a_claim": not dismissed},
        after={"not_a_claim": dismissed},
    )
