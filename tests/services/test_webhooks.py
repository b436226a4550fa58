"""Webhook endpoints and the outbox: one message per subscribed endpoint, written in the
transaction of the change, saying no more than any member of the team may see."""

import json

import pytest
import sqlalchemy as sa

from annotator.errors import NotFound, PermissionDenied, ValidationError
from annotator.extensions import db
from annotator.models import (
    ArticleState,
    DeliveryState,
    Role,
    Stance,
    Verdict,
    WebhookDelivery,
    WebhookEndpoint,
    WebhookEvent,
)
from annotator.services import event_words, teams, webhooks
from annotator.services.annotations import AnnotationEntry, annotate_sentence
from annotator.services.articles import ArticleDraft, import_article
from annotator.services.discussion import post_comment
from annotator.services.reviews import respond_to_annotation
from annotator.services.settling import settle_sentence
from annotator.services.workflow import move_article, set_blind_review
from annotator.storage import after_commit
from tests.stories import corrected_story

ALL = [event.value for event in WebhookEvent]


@pytest.fixture
def admin(make_member):
    return make_member(Role.admin, name="Ada Admin")


def endpoint_for(admin, team, events=ALL, url="https://hooks.example.org/in"):
    endpoint = webhooks.create_endpoint(admin, team, url, "CMS", events, allow_local=False)
    db.session.commit()
    return endpoint


def messages(endpoint=None) -> list[dict]:
    query = sa.select(WebhookDelivery).order_by(WebhookDelivery.id)
    if endpoint is not None:
        query = query.where(WebhookDelivery.endpoint_id == endpoint.id)
    return [json.loads(d.body) for d in db.session.scalars(query)]


def types(endpoint=None) -> list[str]:
    return [message["type"] for message in messages(endpoint)]


def test_every_action_of_the_history_is_mapped_to_webhook_events_on_purpose():
    assert set(event_words.PHRASES) <= set(webhooks.ACTION_EVENTS)
    raised = {event for events in webhooks.ACTION_EVENTS.values() for event in events}
    assert raised | {WebhookEvent.article_published} == set(WebhookEvent)


def test_a_secret_follows_the_standard_webhooks_format(admin, team):
    endpoint = endpoint_for(admin, team)
    assert endpoint.secret.startswith("whsec_")
    import base64

    assert len(base64.b64decode(endpoint.secret.removeprefix("whsec_"))) == 32
    old = endpoint.secret
    assert webhooks.rotate_secret(admin, endpoint) != old


def test_the_story_raises_each_event_once_per_endpoint_in_order(admin, team, make_member):
    endpoint = endpoint_for(admin, team)
    corrected_story(team, make_member)
    assert types(endpoint) == [
        "article.imported",
        "annotation.set",
        "final_verdict.set",
        "article.state_changed",
        "article.state_changed",
        "article.state_changed",
        "article.published",
        "article.state_changed",
        "article.revised",
    ]
    published = messages(endpoint)[6]["data"]
    assert published["article"]["title"] == "Bridges"
    assert published["team"]["slug"] == team.slug
    assert published["details"] == {"state": "published"}


def test_responses_and_comments_are_sent_with_their_sentence(admin, team, make_member):
    endpoint = endpoint_for(admin, team, ["response.set", "comment.posted"])
    rita, bo = make_member(Role.reviewer), make_member(Role.reviewer)
    article = import_article(team, None, ArticleDraft("Bridges", "One. Two three.")).article
    set_blind_review(admin, article, False)
    sentence = article.sentences[1]
    flag = annotate_sentence(rita, sentence, AnnotationEntry(Verdict.disputed, "No."))
    respond_to_annotation(bo, flag, Stance.agree, "Yes, <b>disputed</b>.")
    post_comment(bo, sentence, "Which source?")
    db.session.commit()
    response, comment = messages(endpoint)
    assert response["type"] == "response.set"
    assert response["data"]["sentence"] == 1
    assert response["data"]["details"]["comment"] == "Yes, <b>disputed</b>."
    assert comment["data"]["details"]["body"] == "Which source?"
    assert comment["data"]["actor"] == bo.name


def test_blind_review_withholds_what_was_judged_until_the_article_is_settled(
    admin, team, make_member
):
    endpoint = endpoint_for(admin, team, ["annotation.set", "final_verdict.set"])
    rita = make_member(Role.reviewer, name="Rita")
    article = import_article(team, None, ArticleDraft("Bridges", "One. Two three.")).article
    sentence = article.sentences[0]
    annotate_sentence(rita, sentence, AnnotationEntry(Verdict.disputed, "Secret note."))
    settle_sentence(admin, sentence, Verdict.disputed, "Secret rationale.")
    for state in ("in_review", "settled"):
        move_article(admin, article, ArticleState(state))
    settle_sentence(admin, article.sentences[1], Verdict.verified, "Open rationale.")
    db.session.commit()
    hidden_flag, hidden_verdict, open_verdict = messages(endpoint)
    for hidden in (hidden_flag, hidden_verdict):
        assert hidden["data"]["withheld"] == "blind review"
        assert "details" not in hidden["data"]
        assert "Secret" not in json.dumps(hidden)
        assert "disputed" not in json.dumps(hidden)
    assert hidden_flag["data"]["actor"] == "Rita"  # who acted, where: as the history shows
    assert open_verdict["data"]["details"]["rationale"] == "Open rationale."


def test_another_team_never_receives_this_teams_events(admin, team, make_member):
    other = teams.create_team("Other desk", "other-desk")
    other_admin = make_member(Role.admin, in_team=other)
    theirs = endpoint_for(other_admin, other)
    ours = endpoint_for(admin, team)
    import_article(team, None, ArticleDraft("Ours", "One."))
    db.session.commit()
    assert types(ours) == ["article.imported"]
    assert types(theirs) == []


def test_an_endpoint_gets_only_the_events_it_chose_and_none_while_off(admin, team):
    chosen = endpoint_for(admin, team, ["article.published"])
    off = endpoint_for(admin, team)
    webhooks.change_endpoint(admin, off, off.url, "", ALL, active=False, allow_local=False)
    import_article(team, None, ArticleDraft("Ours", "One."))
    db.session.commit()
    assert types(chosen) == []
    assert types(off) == []


def test_a_rolled_back_change_owes_no_message_and_queues_nothing(admin, team, monkeypatch):
    endpoint = endpoint_for(admin, team)
    queued = []
    monkeypatch.setitem(after_commit.HANDLERS, "deliver_webhooks", queued.append)
    import_article(team, None, ArticleDraft("Rolled back", "One."))
    db.session.rollback()
    assert types(endpoint) == []
    assert queued == []
    import_article(team, None, ArticleDraft("Kept", "One."))
    assert queued == []  # not before the commit
    db.session.commit()
    (batch,) = queued
    (delivery,) = [db.session.get(WebhookDelivery, delivery_id) for delivery_id in batch]
    assert delivery.state == DeliveryState.pending


def test_a_transaction_queues_one_task_for_all_the_messages_it_owes(admin, team, monkeypatch):
    """Each event writes a message per endpoint; the queue gets one task per transaction."""
    first, second = endpoint_for(admin, team), endpoint_for(admin, team)
    queued = []
    monkeypatch.setitem(after_commit.HANDLERS, "deliver_webhooks", queued.append)
    import_article(team, None, ArticleDraft("One", "One."))
    import_article(team, None, ArticleDraft("Two", "Two."))
    db.session.commit()
    (batch,) = queued
    owed = db.session.scalars(sa.select(WebhookDelivery.id).order_by(WebhookDelivery.id))
    assert batch == list(owed)
    assert len(batch) == 4
    assert types(first) == types(second) == ["article.imported", "article.imported"]


def test_a_failing_handler_does_not_undo_the_committed_change(admin, team, monkeypatch):
    endpoint = endpoint_for(admin, team)

    def broken(_delivery_ids):
        raise ConnectionError("queue down")

    monkeypatch.setitem(after_commit.HANDLERS, "deliver_webhooks", broken)
    import_article(team, None, ArticleDraft("Kept", "One."))
    db.session.commit()
    assert types(endpoint) == ["article.imported"]


def test_events_of_no_team_or_not_for_webhooks_write_nothing(admin, team):
    endpoint_for(admin, team)
    from annotator.services.audit import record_event

    record_event(admin, None, "account.password_change")
    record_event(admin, team.id, "team.rename", before={"name": "a"}, after={"name": "b"})
    db.session.commit()
    assert types() == []


@pytest.mark.parametrize(
    ("url", "local", "problem"),
    [
        ("", False, "Enter an address"),
        ("ftp://example.org/", False, "https://"),
        ("http://example.org/", False, "https://"),
        ("https://", False, "host name"),
        ("https://user:pw@example.org/", False, "user name"),
        ("https://127.0.0.1/", False, "own network"),
        ("https://10.1.2.3/", False, "own network"),
        ("https://[::1]:8080/", False, "own network"),
        ("https://localhost/", False, "own network"),
        ("https://intranet/", False, "own network"),
        ("https://example.org:99999/", False, "valid web address"),
        ("https://exa mple.org/", False, "host name"),
        ("https://example.org/\x00", False, "Unusable"),
    ],
)
def test_bad_addresses_are_refused_with_a_reason(url, local, problem):
    with pytest.raises(ValidationError) as refused:
        webhooks.check_endpoint(url, "", ["article.published"], local)
    assert problem in refused.value.fields["url"]


def test_development_allows_plain_http_to_this_machine():
    webhooks.check_endpoint("http://127.0.0.1:9/hook", "", ["article.published"], True)
    webhooks.check_endpoint("https://example.org/hook", "", ["article.published"], False)


def test_every_problem_is_named_at_once():
    with pytest.raises(ValidationError) as refused:
        webhooks.check_endpoint("nope", "x" * 201, ["article.exploded"], False)
    assert set(refused.value.fields) == {"url", "description", "events"}
    assert "article.exploded" in refused.value.fields["events"]
    with pytest.raises(ValidationError) as refused:
        webhooks.check_endpoint("https://example.org/", "", [], False)
    assert refused.value.fields == {"events": "Choose at least one event."}


def test_only_the_teams_admins_manage_its_endpoints(admin, team, make_member):
    endpoint = endpoint_for(admin, team)
    editor = make_member(Role.editor)
    with pytest.raises(PermissionDenied):
        webhooks.endpoints_of(editor, team)
    with pytest.raises(PermissionDenied):
        webhooks.create_endpoint(editor, team, "https://example.org/", "", ALL, False)
    other = teams.create_team("Other desk", "other-desk")
    outsider = make_member(Role.admin, in_team=other)
    for attempt in (
        lambda: webhooks.find_endpoint(outsider, team, endpoint.id),
        lambda: webhooks.rotate_secret(outsider, endpoint),
        lambda: webhooks.delete_endpoint(outsider, endpoint),
    ):
        with pytest.raises(NotFound):
            attempt()
    with pytest.raises(NotFound):
        webhooks.find_endpoint(outsider, other, endpoint.id)  # not their team's endpoint
    assert webhooks.endpoints_of(admin, team) == [endpoint]


def test_switching_on_again_clears_why_the_server_switched_it_off(admin, team):
    endpoint = endpoint_for(admin, team)
    endpoint.active, endpoint.disabled_reason = False, "Switched off"
    webhooks.change_endpoint(admin, endpoint, endpoint.url, "", ALL, True, False)
    assert endpoint.active
    assert endpoint.disabled_reason == ""
    assert endpoint.failing_since is None


def test_deleting_an_endpoint_deletes_its_messages(admin, team):
    endpoint = endpoint_for(admin, team)
    import_article(team, None, ArticleDraft("Ours", "One."))
    db.session.commit()
    webhooks.delete_endpoint(admin, endpoint)
    db.session.commit()
    assert db.session.scalar(sa.select(sa.func.count(WebhookEndpoint.id))) == 0
    assert types() == []
