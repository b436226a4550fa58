"""History events in plain sentences ("Rita marked sentence 4 disputed"), for every page
and announcement that tells what happened; the internal action codes stay in the log."""

from collections.abc import Callable

import sqlalchemy as sa

from annotator.extensions import db
from annotator.models import ArticleState, AuditEvent, Role, Sentence, Stance, Verdict
from annotator.services.visibility import EventView

#: Says what the actor did, from (before, after, where).
Phrase = Callable[[dict, dict, str], str]


def verdict_words(value: str | None) -> str:
    return Verdict(value).label.lower() if value in Verdict.__members__ else "no verdict"


def role_words(value: str | None) -> str:
    role = Role.__members__.get(value or "")
    return role.label.lower() if role else "member"


def reviewers_words(count) -> str:
    return "1 reviewer" if count == 1 else f"{count} reviewers"


def assignment_words(after: dict) -> str:
    due = f", due {after['due_on']}" if after.get("due_on") else ""
    return f"assigned the article to {after.get('reviewer', 'a reviewer')}{due}"


def comment_words(after: dict, where: str) -> str:
    if after.get("parent_id"):
        return f"replied to a comment on {where}"
    return f"commented on {where}"


def response_words(after: dict, where: str) -> str:
    stance = after.get("stance")
    if stance == Stance.agree.value:
        return f"agreed with a flag on {where}"
    if stance == Stance.disagree.value:
        return f"disagreed with a flag on {where}"
    return f"responded to a flag on {where}"


def name_words(state: dict) -> str:
    return f"the canonical name “{state.get('name', '')}”"


def revision_words(after: dict) -> str:
    counts = ", ".join(
        f"{after[key]} {key}" for key in ("changed", "added", "unplaced") if after.get(key)
    )
    return f"revised the article's text to version {after.get('version')}" + (
        f" (sentences: {counts})" if counts else ""
    )


def on_off(value) -> str:
    return "on" if value else "off"


# Each phrase takes (before, after, where): the event's states and its place in words
# ("sentence 4", "the article"), and says what the actor did, after their name.
PHRASES: dict[str, Phrase] = {
    "annotation.set": lambda b, a, w: f"marked {w} {verdict_words(a.get('verdict'))}",
    "annotation.change": lambda b, a, w: (
        f"changed their verdict on {w} to {verdict_words(a.get('verdict'))}"
    ),
    "annotation.clear": lambda b, a, w: f"cleared their verdict on {w}",
    "annotation.undo": lambda b, a, w: f"undid their last change on {w}",
    "annotation.restore": lambda b, a, w: (
        f"restored version {a.get('restored')} of their verdict on {w}"
    ),
    "annotation.adopt": lambda b, a, w: (
        f"adopted the team's earlier final verdict, {verdict_words(a.get('verdict'))}, for {w}"
    ),
    "annotation.attach": lambda b, a, w: f"attached a reviewer's flag to {w}",
    "comment.attach": lambda b, a, w: f"attached a comment to {w}",
    "resolution.attach": lambda b, a, w: f"attached a final verdict to {w}",
    "response.set": lambda b, a, w: response_words(a, w),
    "comment.post": lambda b, a, w: comment_words(a, w),
    "comment.resolve": lambda b, a, w: f"resolved a discussion on {w}",
    "sentence.settle": lambda b, a, w: f"settled {w} as {verdict_words(a.get('verdict'))}",
    "sentence.reopen": lambda b, a, w: f"reopened {w}",
    "sentence.confirm": lambda b, a, w: f"confirmed the final verdict of {w} for its new words",
    "triage.dismiss": lambda b, a, w: f"marked {w} as not a claim",
    "triage.restore": lambda b, a, w: f"put {w} back among the claims",
    "article.import": lambda b, a, w: f"imported the article “{a.get('title', '')}”",
    "article.revise": lambda b, a, w: revision_words(a),
    "article.transition": lambda b, a, w: (
        f"moved the article to {ArticleState(a['state']).label}"
        if a.get("state") in ArticleState.__members__
        else "moved the article"
    ),
    "article.blind_review": lambda b, a, w: (
        f"turned independent review {on_off(a.get('blind_review'))}"
    ),
    "article.reviewers_wanted": lambda b, a, w: (
        f"asked for {reviewers_words(a.get('reviewers_wanted'))}"
    ),
    "assignment.set": lambda b, a, w: assignment_words(a),
    "assignment.remove": lambda b, a, w: f"removed {b.get('reviewer', 'a reviewer')}'s assignment",
    "membership.add": lambda b, a, w: (
        f"added {a.get('member', 'a member')} to the team as {role_words(a.get('role'))}"
    ),
    "membership.role": lambda b, a, w: (
        f"made {a.get('member', 'a member')} {role_words(a.get('role'))}"
    ),
    "membership.remove": lambda b, a, w: f"removed {b.get('member', 'a member')} from the team",
    "invitation.create": lambda b, a, w: (
        f"invited {a.get('email', 'someone')} as {role_words(a.get('role'))}"
    ),
    "invitation.revoke": lambda b, a, w: f"withdrew the invitation to {a.get('email', 'someone')}",
    "invitation.accept": lambda b, a, w: (
        f"accepted the invitation sent to {a.get('email', 'them')}"
    ),
    "invitation.decline": lambda b, a, w: (
        f"declined the invitation sent to {a.get('email', 'them')}"
    ),
    "name.add": lambda b, a, w: f"added {name_words(a)}",
    "name.change": lambda b, a, w: f"changed {name_words(b)}",
    "name.delete": lambda b, a, w: f"deleted {name_words(b)}",
    "name.import": lambda b, a, w: (
        f"imported canonical names ({a.get('added', 0)} added, {a.get('updated', 0)} updated)"
    ),
    "token.create": lambda b, a, w: f"created the access token “{a.get('name', '')}”",
    "token.revoke": lambda b, a, w: f"revoked the access token “{b.get('name', '')}”",
    "token.revoke_all": lambda b, a, w: f"revoked all their access tokens ({a.get('revoked', 0)})",
    "account.password_change": lambda b, a, w: "changed their password",
    "account.password_set": lambda b, a, w: "set a member's password",
    "account.password_reset": lambda b, a, w: "reset a password",
    "account.instance_admin": lambda b, a, w: (
        "made an account an instance administrator"
        if a.get("instance_admin")
        else "took an account's instance administration away"
    ),
}
#: Events recorded without an actor on purpose, told without one.
WITHOUT_ACTOR: dict[str, Phrase] = {
    "invitation.decline": lambda b, a, w: (
        f"The invitation sent to {a.get('email', 'someone')} was declined"
    ),
}
#: Under blind review an event of a judgement says only that one was made, and where.
HIDDEN_PHRASES = {
    "annotation": "changed their verdict on {where}",
    "response": "responded to a flag on {where}",
    "sentence": "settled or reopened {where}",
    "resolution": "attached a final verdict to {where}",
}


#: The words a member wrote that an event carries, by action: shown under the sentence.
WRITTEN = {"comment.post": "body", "response.set": "comment", "sentence.settle": "rationale"}


def written_words(event: AuditEvent) -> str:
    """Return the text a member wrote that the event carries (a comment, a response's
    comment, a rationale), or "" when it carries none."""
    key = WRITTEN.get(event.action)
    return str((event.after or {}).get(key) or "") if key else ""


def place_words(event: AuditEvent, sentence_number: int | None) -> str:
    """Say where the event happened: "sentence 4", "a sentence" (since removed), "the article"."""
    if sentence_number is not None:
        return f"sentence {sentence_number}"
    if event.sentence_id is not None:
        return "a sentence"
    return "the article" if event.article_id is not None else "the team"


def word_event(event: AuditEvent, sentence_number: int | None = None, hidden: bool = False) -> str:
    """Return the event as a sentence without its full stop: who did what, and where.

    ``hidden``: blind review holds back the judgement, so only the kind of change shows. An
    action this function does not know still reads as words, never as its code.
    """
    where = place_words(event, sentence_number)
    if not event.actor_name and event.action in WITHOUT_ACTOR:
        return WITHOUT_ACTOR[event.action](event.before or {}, event.after or {}, where)
    actor = event.actor_name or "The server"
    kind = event.action.split(".", 1)[0]
    if hidden and kind in HIDDEN_PHRASES:
        return f"{actor} {HIDDEN_PHRASES[kind].format(where=where)}"
    phrase = PHRASES.get(event.action)
    if phrase is None:
        return f"{actor} made a change to {where}"
    return f"{actor} {phrase(event.before or {}, event.after or {}, where)}"


def sentence_numbers(events: list[AuditEvent]) -> dict[int, int]:
    """Return the number (position + 1) of each sentence the events happened in, in one query."""
    ids = {event.sentence_id for event in events} - {None}
    if not ids:
        return {}
    rows = db.session.execute(sa.select(Sentence.id, Sentence.index).where(Sentence.id.in_(ids)))
    return {sentence_id: index + 1 for sentence_id, index in rows}


def word_events(views: list[EventView]) -> dict[int, str]:
    """Return each event of a history in words, by event id, blind review applied."""
    numbers = sentence_numbers([view.event for view in views])
    return {
        view.id: word_event(view.event, numbers.get(view.event.sentence_id), view.hidden)
        for view in views
    }
