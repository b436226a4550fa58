"""A team's webhook endpoints, and the messages owed to them (the outbox).

Admins of a team register endpoints: an address, a description, the events it wants, and a
secret that signs every message (shown once, rotatable). Every change that concerns an
endpoint passes through ``services.audit.append_event``, which calls ``capture_event``: in
the same transaction, one message row per subscribed endpoint, its body written then and
never again (a redelivery sends the same bytes, under the same ``webhook-id``).

What a body tells is no more than any member of the team may see (ADR 13): while blind
review holds an article's judgements back from its viewers, a judgement's event says who
acted where, and withholds what they judged (``"withheld": "blind review"``).
"""

import base64
import ipaddress
import json
import secrets
from datetime import datetime
from urllib.parse import urlsplit

import sqlalchemy as sa

from annotator import limits
from annotator.auth.permissions import Action
from annotator.errors import NotFound, ValidationError
from annotator.extensions import db
from annotator.models import Article, AuditEvent, Role, Sentence, Team, User, utcnow
from annotator.models.webhook import (
    DeliveryState,
    WebhookDelivery,
    WebhookEndpoint,
    WebhookEvent,
)
from annotator.services.access import require
from annotator.services.visibility import JUDGEMENT_EVENTS, blinds
from annotator.storage.after_commit import after_commit_batch

DESCRIPTION = limits.TextLimit(200)
#: The names a loopback or unqualified host goes by, refused outside development.
LOCAL_NAMES = ("localhost", "localhost.localdomain", "ip6-localhost")

#: Every action code of the history, mapped to the webhook events it raises (none: not an
#: integration's business). Explicit, so a new action code is a decision: the tests check
#: that every code the history knows is listed here.
ACTION_EVENTS: dict[str, tuple[WebhookEvent, ...]] = {
    "article.import": (WebhookEvent.article_imported,),
    "article.revise": (WebhookEvent.article_revised,),
    "article.transition": (WebhookEvent.article_state_changed,),  # + published, see below
    "annotation.set": (WebhookEvent.annotation_set,),
    "annotation.change": (WebhookEvent.annotation_set,),
    "annotation.clear": (WebhookEvent.annotation_set,),
    "annotation.undo": (WebhookEvent.annotation_set,),
    "annotation.restore": (WebhookEvent.annotation_set,),
    "annotation.adopt": (WebhookEvent.annotation_set,),
    "response.set": (WebhookEvent.response_set,),
    "comment.post": (WebhookEvent.comment_posted,),
    "sentence.settle": (WebhookEvent.final_verdict_set,),
    "sentence.reopen": (WebhookEvent.final_verdict_set,),
    "sentence.confirm": (WebhookEvent.final_verdict_set,),
    # Re-placing records after a revision, settings, people, names, tokens, accounts.
    "annotation.attach": (),
    "comment.attach": (),
    "resolution.attach": (),
    "comment.resolve": (),
    "triage.dismiss": (),
    "triage.restore": (),
    "article.blind_review": (),
    "article.reviewers_wanted": (),
    "assignment.set": (),
    "assignment.remove": (),
    "membership.add": (),
    "membership.role": (),
    "membership.remove": (),
    "invitation.create": (),
    "invitation.revoke": (),
    "invitation.accept": (),
    "invitation.decline": (),
    "name.add": (),
    "name.change": (),
    "name.delete": (),
    "name.import": (),
    "token.create": (),
    "token.revoke": (),
    "token.revoke_all": (),
    "account.password_change": (),
    "account.password_set": (),
    "account.password_reset": (),
    "account.instance_admin": (),
    "team.create": (),
    "team.rename": (),
    "team.publisher": (),
}


def new_secret() -> str:
    """Return a Standard Webhooks secret: ``whsec_`` and 32 random bytes in base64."""
    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()


def new_message_id() -> str:
    return "msg_" + secrets.token_urlsafe(18)


# -- Endpoints ---------------------------------------------------------------------------


def check_endpoint(url: str, description: str, events: list[str], allow_local: bool) -> None:
    """Raise ValidationError with every problem of an endpoint's fields at once."""
    problems = {}
    if problem := check_endpoint_url(url.strip(), allow_local):
        problems["url"] = problem
    if problem := DESCRIPTION.problem(description.strip()):
        problems["description"] = problem
    known = {event.value for event in WebhookEvent}
    if not events:
        problems["events"] = "Choose at least one event."
    elif unknown := [event for event in events if event not in known]:
        problems["events"] = f"Unknown event: {', '.join(unknown)[:100]}."
    if problems:
        raise ValidationError(problems)


def check_endpoint_url(url: str, allow_local: bool) -> str | None:
    """Return why the address cannot receive webhooks, or None when it can."""
    if problem := limits.WEB_ADDRESS.required_problem(url, "an address"):
        return problem
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises on a port that is not a number
    except ValueError:
        return "Enter a valid web address."
    schemes = ("https", "http") if allow_local else ("https",)
    if parts.scheme.lower() not in schemes:
        return "Enter an address starting with https://."
    if not parts.hostname or " " in url:
        return "Enter a web address with a host name."
    if parts.username or parts.password:
        return "Leave the user name and password out of the address."
    if not allow_local and is_local_host(parts.hostname):
        return "This address is on this server's own network: enter a public address."
    return None


def is_local_host(host: str) -> bool:
    """Tell whether a host name or literal address is loopback, private or link-local."""
    if host.lower().rstrip(".") in LOCAL_NAMES or ("." not in host and ":" not in host):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False  # a name: checked again, resolved, when a message is sent
    return not address.is_global


def endpoints_of(actor: User, team: Team) -> list[WebhookEndpoint]:
    """Return the team's endpoints, newest first, for one of its admins."""
    require(actor, team.id, Action.manage_members)
    query = (
        sa.select(WebhookEndpoint)
        .where(WebhookEndpoint.team_id == team.id)
        .order_by(WebhookEndpoint.id.desc())
    )
    return list(db.session.scalars(query))


def find_endpoint(actor: User, team: Team, endpoint_id: int) -> WebhookEndpoint:
    """Return one of the team's endpoints for its admin (anyone else: not found)."""
    require(actor, team.id, Action.manage_members)
    endpoint = db.session.get(WebhookEndpoint, endpoint_id)
    if endpoint is None or endpoint.team_id != team.id:
        raise NotFound("No such endpoint.")
    return endpoint


def create_endpoint(
    actor: User, team: Team, url: str, description: str, events: list[str], allow_local: bool
) -> WebhookEndpoint:
    """Register an endpoint for the team; its secret is on the returned row (show it once)."""
    require(actor, team.id, Action.manage_members)
    check_endpoint(url, description, events, allow_local)
    endpoint = WebhookEndpoint(
        team_id=team.id,
        url=url.strip(),
        description=description.strip(),
        events=sorted(set(events)),
        secret=new_secret(),
    )
    db.session.add(endpoint)
    db.session.flush()
    return endpoint


def change_endpoint(
    actor: User,
    endpoint: WebhookEndpoint,
    url: str,
    description: str,
    events: list[str],
    active: bool,
    allow_local: bool,
) -> None:
    """Change an endpoint's address, description, events, or switch it on or off."""
    require(actor, endpoint.team_id, Action.manage_members)
    check_endpoint(url, description, events, allow_local)
    endpoint.url, endpoint.description = url.strip(), description.strip()
    endpoint.events = sorted(set(events))
    if active and not endpoint.active:
        endpoint.disabled_reason, endpoint.failing_since = "", None
    endpoint.active = active
    db.session.flush()


def rotate_secret(actor: User, endpoint: WebhookEndpoint) -> str:
    """Give the endpoint a new secret (the old one stops at once) and return it."""
    require(actor, endpoint.team_id, Action.manage_members)
    endpoint.secret = new_secret()
    db.session.flush()
    return endpoint.secret


def delete_endpoint(actor: User, endpoint: WebhookEndpoint) -> None:
    """Delete the endpoint with its messages and their log."""
    require(actor, endpoint.team_id, Action.manage_members)
    db.session.execute(sa.delete(WebhookDelivery).where(WebhookDelivery.endpoint_id == endpoint.id))
    db.session.delete(endpoint)
    db.session.flush()


# -- Capturing events (the outbox) --------------------------------------------------------


def events_raised(action: str, after: dict | None) -> tuple[WebhookEvent, ...]:
    """Return the webhook events one history event (its action and after-state) raises."""
    raised = ACTION_EVENTS.get(action, ())
    if action == "article.transition" and (after or {}).get("state") == "published":
        raised = (*raised, WebhookEvent.article_published)
    return raised


#: The active endpoints of a team: asked with every event that raises a webhook event.
TEAM_ENDPOINTS = sa.select(WebhookEndpoint.id, WebhookEndpoint.events).where(
    WebhookEndpoint.team_id == sa.bindparam("team_id"), WebhookEndpoint.active
)


#: What a message says of where the event happened: its team, article and sentence, read
#: in one statement (the write path runs as plain statements: nothing of these is loaded).
EVENT_SUBJECT = (
    sa.select(
        Team.id.label("team_id"),
        Team.slug.label("team_slug"),
        Team.name.label("team_name"),
        Article.id.label("article_id"),
        Article.title,
        Article.state,
        Article.blind_review,
        Sentence.index.label("sentence"),
    )
    .select_from(Team)
    .outerjoin(Article, Article.id == sa.bindparam("article_id"))
    .outerjoin(Sentence, Sentence.id == sa.bindparam("sentence_id"))
    .where(Team.id == sa.bindparam("team_id"))
)


def capture_event(connection: sa.Connection, values: dict) -> None:
    """Write, in the event's transaction, one message per endpoint of its team that wants it.

    ``values`` are the event's row as services/audit.py append_event wrote it on
    ``connection`` (the session's, for the annotation writes that run as plain statements).
    """
    raised = events_raised(values["action"], values["after"])
    if not raised or values["team_id"] is None:
        return
    endpoints = connection.execute(TEAM_ENDPOINTS, {"team_id": values["team_id"]}).all()
    if not endpoints:
        return
    event = AuditEvent(**values)
    where = {key: values.get(key) for key in ("team_id", "article_id", "sentence_id")}
    subject = connection.execute(EVENT_SUBJECT, where).one()
    bodies = {
        kind: message_body(kind, event, subject)
        for kind in raised
        if any(kind.value in events for _, events in endpoints)
    }
    now = utcnow()
    rows = [
        {
            "endpoint_id": endpoint_id,
            "message_id": new_message_id(),
            "event_type": kind.value,
            "body": body,
            "state": DeliveryState.pending,
            "round_attempts": 0,
            "next_attempt_at": now,
            "created_at": now,
        }
        for kind, body in bodies.items()
        for endpoint_id, events in endpoints
        if kind.value in events
    ]
    if not rows:
        return
    # One statement for the event's messages, and one task for the whole transaction's.
    inserted = connection.execute(
        sa.insert(WebhookDelivery).returning(WebhookDelivery.id, sort_by_parameter_order=True),
        rows,
    )
    for delivery_id in inserted.scalars():
        after_commit_batch("deliver_webhooks", delivery_id)


def message_body(kind: WebhookEvent, event: AuditEvent, subject: sa.Row) -> str:
    """Return the JSON body of a message: what any member of the team may see of the event
    (``subject``: its row of EVENT_SUBJECT)."""
    article = subject if subject.article_id is not None else None
    data: dict = {
        "team": {"id": subject.team_id, "slug": subject.team_slug, "name": subject.team_name},
        "article": {"id": article.article_id, "title": article.title, "state": article.state.value}
        if article
        else None,
        "sentence": subject.sentence,
        "action": event.action,
        "actor": event.actor_name or None,
        "event_id": event.id,
    }
    if article is not None and withheld(event, article):
        data["withheld"] = "blind review"
    else:
        data["details"] = event.after or {}
    payload = {"type": kind.value, "timestamp": iso_time(event.created_at), "data": data}
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def withheld(event: AuditEvent, article: sa.Row) -> bool:
    """Tell whether blind review keeps the event's details from some member of the team
    (a viewer: the least any member sees); ``article`` has its blind_review and state."""
    return event.action.startswith(JUDGEMENT_EVENTS) and blinds(article, Role.viewer)


def iso_time(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds").replace("+00:00", "Z")
