"""A team's rating scale: the textual ratings its final verdicts are published under.

Each entry stands for one of the three verdicts and may carry a number on schema.org's
1 (worst) to 5 (best) scale. Every team starts with DEFAULT_SCALE; its admins add, change,
reorder and remove entries. An entry a settled claim uses is never removed nor moved to
another verdict, and every verdict keeps at least one entry, so a settlement can always be
given words and published ones keep theirs.
"""

from dataclasses import dataclass

import sqlalchemy as sa

from annotator import limits
from annotator.auth.permissions import Action
from annotator.errors import ValidationError
from annotator.extensions import db
from annotator.models import RatingEntry, Resolution, Team, User, Verdict
from annotator.services.access import require
from annotator.services.audit import record_event

#: Best and worst numbers of every scale (schema.org's defaults, given explicitly).
BEST, WORST = 5, 1
#: Which numbers each verdict may carry: a verified claim cannot read as "false" in the
#: markup, nor a disputed one as "true"; an inconclusive check makes no truth judgement, so
#: it has no number (a mid-scale 3 would read as "half true").
VALUES = {
    Verdict.verified: range(3, BEST + 1),
    Verdict.disputed: range(WORST, 4),
    Verdict.unverified: range(0),
}


@dataclass(frozen=True)
class RatingDraft:
    """An entry as typed: the verdict and value as given, checked by ``check_rating``."""

    label: str
    description: str = ""
    verdict: Verdict | str | None = None
    value: int | None = None


DEFAULT_SCALE = (
    RatingDraft(
        "Accurate",
        "The claim is correct and leaves out nothing that changes its meaning.",
        Verdict.verified,
        5,
    ),
    RatingDraft(
        "Mostly accurate",
        "The claim is correct in substance but needs a clarification or missing context.",
        Verdict.verified,
        4,
    ),
    RatingDraft(
        "Unproven",
        "The evidence available neither confirms nor refutes the claim.",
        Verdict.unverified,
    ),
    RatingDraft(
        "Misleading",
        "The claim holds some truth but leaves out or distorts facts, giving a false impression.",
        Verdict.disputed,
        2,
    ),
    RatingDraft("False", "The evidence shows the claim is wrong.", Verdict.disputed, 1),
)


def rating_scale(team_id: int) -> list[RatingEntry]:
    """Return the team's scale in order, giving the team the default one if it has none."""
    entries = list(
        db.session.scalars(
            sa.select(RatingEntry)
            .where(RatingEntry.team_id == team_id)
            .order_by(RatingEntry.position, RatingEntry.id)
        )
    )
    return entries or give_default_scale(team_id)


def give_default_scale(team_id: int) -> list[RatingEntry]:
    """Store the default scale as the team's own."""
    entries = [
        RatingEntry(
            team_id=team_id,
            label=draft.label,
            description=draft.description,
            verdict=draft.verdict,
            value=draft.value,
            position=position,
        )
        for position, draft in enumerate(DEFAULT_SCALE)
    ]
    db.session.add_all(entries)
    db.session.flush()
    return entries


def ratings_for(team_id: int, verdict: Verdict) -> list[RatingEntry]:
    """Return the entries of the team's scale that stand for this verdict, in order."""
    return [entry for entry in rating_scale(team_id) if entry.verdict is verdict]


def suggested_rating(team_id: int, verdict: Verdict) -> RatingEntry:
    """Return the entry a settlement with this verdict is offered: its first."""
    return ratings_for(team_id, verdict)[0]


def find_rating(team_id: int, rating_id: object) -> RatingEntry | None:
    """Return the team's entry with this id; another team's, or none, is None alike."""
    if not isinstance(rating_id, int) or isinstance(rating_id, bool):
        return None
    entry = db.session.get(RatingEntry, rating_id)
    return entry if entry is not None and entry.team_id == team_id else None


def uses_of(entry: RatingEntry) -> int:
    """Return how many final verdicts are published under this entry."""
    query = sa.select(sa.func.count()).where(Resolution.rating_id == entry.id)
    return db.session.scalar(query)


def require_scale_admin(actor: User, team: Team) -> None:
    """Raise unless the actor administers the team, as its settings page asks (outsiders,
    instance administrators too, find no such page)."""
    require(actor, team.id, Action.manage_members)


def check_rating(team: Team, draft: RatingDraft, entry: RatingEntry | None = None) -> RatingDraft:
    """Return the draft trimmed, its verdict an Enum, or raise with every problem at once."""
    label, description = draft.label.strip(), draft.description.strip()
    errors = {}
    if problem := limits.RATING_LABEL.required_problem(label, "a label"):
        errors["label"] = problem
    elif taken_label(team, label, entry):
        errors["label"] = f"The scale has a “{label}” already; choose another label."
    if problem := limits.RATING_DESCRIPTION.problem(description):
        errors["description"] = problem
    verdict = Verdict.__members__.get(getattr(draft.verdict, "value", draft.verdict) or "")
    if verdict is None:
        errors["verdict"] = "Choose the verdict this rating stands for."
    elif problem := value_problem(verdict, draft.value):
        errors["value"] = problem
    if entry is not None and verdict is not None and verdict is not entry.verdict:
        errors.update(verdict_change_problem(team, entry))
    if errors:
        raise ValidationError(errors)
    return RatingDraft(label, description, verdict, draft.value)


def taken_label(team: Team, label: str, entry: RatingEntry | None) -> bool:
    others = [e for e in rating_scale(team.id) if e is not entry]
    return any(e.label.lower() == label.lower() for e in others)


def value_problem(verdict: Verdict, value: object) -> str | None:
    """Return why this number cannot stand for the verdict, or None."""
    if value is None:
        return None
    allowed = VALUES[verdict]
    if not allowed:
        return "An unverified rating has no number: an inconclusive check is no truth score."
    if isinstance(value, bool) or not isinstance(value, int) or value not in allowed:
        return (
            f"Give a {verdict.label.lower()} rating a whole number from {allowed[0]} to "
            f"{allowed[-1]} (5 is true, 1 false), or none."
        )
    return None


def verdict_change_problem(team: Team, entry: RatingEntry) -> dict[str, str]:
    """Return why the entry may not stand for another verdict: it is used, or the last."""
    if used := uses_of(entry):
        return {"verdict": f"{claims(used)} settled under “{entry.label}” keep its verdict."}
    if len(ratings_for(team.id, entry.verdict)) == 1:
        return {"verdict": last_of_verdict(entry)}
    return {}


def claims(count: int) -> str:
    return "1 claim" if count == 1 else f"{count:,} claims"


def last_of_verdict(entry: RatingEntry) -> str:
    return (
        f"“{entry.label}” is the only {entry.verdict.label.lower()} rating; every verdict "
        "keeps at least one. Add another first."
    )


def state_of(entry: RatingEntry) -> dict:
    return {
        "label": entry.label,
        "description": entry.description,
        "verdict": entry.verdict.value,
        "value": entry.value,
        "position": entry.position,
    }


def record_rating(actor: User, team: Team, entry: RatingEntry, action: str, before=None) -> None:
    after = state_of(entry) if action != "rating.remove" else None
    subject = f"rating:{entry.id}"
    record_event(actor, team.id, action, subject=subject, before=before, after=after)


def add_rating(actor: User, team: Team, draft: RatingDraft) -> RatingEntry:
    """Add an entry at the end of the team's scale, as its admin."""
    require_scale_admin(actor, team)
    draft = check_rating(team, draft)
    position = len(rating_scale(team.id))
    entry = RatingEntry(team_id=team.id, position=position, **vars(draft))
    db.session.add(entry)
    db.session.flush()
    record_rating(actor, team, entry, "rating.add")
    return entry


def change_rating(actor: User, team: Team, entry: RatingEntry, draft: RatingDraft) -> bool:
    """Change an entry's words, verdict or number, as the team's admin; True if it changed."""
    require_scale_admin(actor, team)
    draft = check_rating(team, draft, entry)
    before = state_of(entry)
    entry.label, entry.description, entry.verdict, entry.value = vars(draft).values()
    if state_of(entry) == before:
        return False
    db.session.flush()
    record_rating(actor, team, entry, "rating.change", before)
    return True


def move_rating(actor: User, team: Team, entry: RatingEntry, steps: int) -> bool:
    """Move an entry up (negative steps) or down the scale; True if it moved."""
    require_scale_admin(actor, team)
    scale = rating_scale(team.id)
    old = scale.index(entry)
    new = max(0, min(len(scale) - 1, old + steps))
    if new == old:
        return False
    before = state_of(entry)
    scale.insert(new, scale.pop(old))
    for position, each in enumerate(scale):
        each.position = position
    db.session.flush()
    record_rating(actor, team, entry, "rating.move", before)
    return True


def remove_rating(actor: User, team: Team, entry: RatingEntry) -> None:
    """Remove an entry no settled claim uses, unless it is its verdict's last."""
    require_scale_admin(actor, team)
    if used := uses_of(entry):
        raise ValidationError(
            {
                "": f"“{entry.label}” is not removed: {claims(used)} settled under it "
                "would lose their rating. Rename it instead, or settle them again first."
            }
        )
    if len(ratings_for(team.id, entry.verdict)) == 1:
        raise ValidationError({"": f"“{entry.label}” is not removed: {last_of_verdict(entry)}"})
    before = state_of(entry)
    record_rating(actor, team, entry, "rating.remove", before)
    db.session.delete(entry)
    scale = [e for e in rating_scale(team.id) if e is not entry]
    for position, each in enumerate(scale):
        each.position = position
    db.session.flush()


def scale_with_uses(team_id: int) -> list[tuple[RatingEntry, int]]:
    """Return the team's scale in order, each entry with how many final verdicts use it."""
    scale = rating_scale(team_id)
    counts = dict(
        db.session.execute(
            sa.select(Resolution.rating_id, sa.func.count())
            .where(Resolution.rating_id.in_([entry.id for entry in scale]))
            .group_by(Resolution.rating_id)
        ).all()
    )
    return [(entry, counts.get(entry.id, 0)) for entry in scale]
