"""The webhook pages as a team admin uses them: add an endpoint (its secret shown once),
read its delivery log, change it, make a new secret, send a message again, delete it."""

import re

import pytest
import sqlalchemy as sa

from annotator.extensions import db
from annotator.models import (
    DeliveryState,
    Role,
    WebhookAttempt,
    WebhookDelivery,
    WebhookEndpoint,
)
from annotator.services.articles import ArticleDraft, import_article

HOOKS = "/teams/demo-newsroom/webhooks"
FORM = {
    "url": "https://cms.example.org/in",
    "description": "Our CMS",
    "events": ["article.imported", "article.published"],
}


@pytest.fixture
def admin_browser(client, login, make_member):
    login(make_member(Role.admin, name="Ada Admin"))
    return client


def only_endpoint() -> WebhookEndpoint:
    db.session.expire_all()
    return db.session.scalars(sa.select(WebhookEndpoint)).one()


def test_adding_an_endpoint_shows_its_secret_once(admin_browser):
    assert "no webhooks yet" in admin_browser.get(f"{HOOKS}/").text
    form = admin_browser.get(f"{HOOKS}/new")
    assert form.status_code == 200
    assert "An article is published" in form.text
    made = admin_browser.post(f"{HOOKS}/new", data=FORM)
    assert made.status_code == 201
    endpoint = only_endpoint()
    assert endpoint.secret in made.text
    assert endpoint.events == ["article.imported", "article.published"]
    assert "Copy the signing secret now" in made.text
    page = admin_browser.get(f"{HOOKS}/{endpoint.id}")
    assert endpoint.secret not in page.text
    assert "No messages yet" in page.text
    listed = admin_browser.get(f"{HOOKS}/").text
    assert "https://cms.example.org/in" in listed
    assert endpoint.secret not in listed


def test_every_problem_of_the_form_shows_at_once(admin_browser):
    refused = admin_browser.post(f"{HOOKS}/new", data={"url": "http://", "description": "x" * 201})
    assert refused.status_code == 422
    for field in ("url", "description"):
        assert f'id="{field}-error"' in refused.text
    assert "Choose at least one event." in refused.text
    assert db.session.scalar(sa.select(sa.func.count(WebhookEndpoint.id))) == 0


def test_the_log_shows_each_try_and_sends_a_message_again(admin_browser, team):
    admin_browser.post(f"{HOOKS}/new", data=FORM)
    endpoint = only_endpoint()
    import_article(team, None, ArticleDraft("Bridges", "One. Two."))
    db.session.commit()
    delivery = db.session.scalars(sa.select(WebhookDelivery)).one()
    delivery.state = DeliveryState.failed
    db.session.add(
        WebhookAttempt(
            delivery_id=delivery.id, status_code=503, duration_ms=42, response_body="busy"
        )
    )
    db.session.commit()
    page = admin_browser.get(f"{HOOKS}/{endpoint.id}").text
    assert delivery.message_id in page
    assert re.search(r"<td>503</td>\s*<td>42 ms</td>", page)
    assert "busy" in page
    assert "a message leaves the log 90 days after it was delivered or failed" in page
    assert "after 5 seconds, 5 minutes, 30 minutes, 2 hours, 5 hours and 10 hours," in page
    again = admin_browser.post(
        f"{HOOKS}/{endpoint.id}/deliveries/{delivery.id}/redeliver", follow_redirects=True
    )
    assert f"Message {delivery.message_id} will be sent again shortly." in again.text
    db.session.expire_all()
    assert delivery.state == DeliveryState.pending
    refused = admin_browser.post(
        f"{HOOKS}/{endpoint.id}/deliveries/{delivery.id}/redeliver", follow_redirects=True
    )
    assert refused.status_code == 200  # pending: nothing to send again yet, said so
    assert db.session.get(WebhookDelivery, delivery.id).state == DeliveryState.pending


def test_changing_switching_off_and_on_and_deleting_an_endpoint(admin_browser):
    admin_browser.post(f"{HOOKS}/new", data=FORM)
    endpoint = only_endpoint()
    edit = admin_browser.get(f"{HOOKS}/{endpoint.id}/edit")
    assert 'value="https://cms.example.org/in"' in edit.text
    changed = {**FORM, "url": "https://cms.example.org/v2", "events": ["comment.posted"]}
    saved = admin_browser.post(f"{HOOKS}/{endpoint.id}/edit", data=changed)
    assert saved.status_code == 302
    endpoint = only_endpoint()
    assert (endpoint.url, endpoint.events, endpoint.active) == (
        "https://cms.example.org/v2",
        ["comment.posted"],
        False,  # the box was not ticked
    )
    assert "switched off" in admin_browser.get(f"{HOOKS}/{endpoint.id}").text
    admin_browser.post(f"{HOOKS}/{endpoint.id}/edit", data={**changed, "active": "y"})
    assert only_endpoint().active
    refused = admin_browser.post(f"{HOOKS}/{endpoint.id}/edit", data={**changed, "url": "x"})
    assert refused.status_code == 422
    assert only_endpoint().url == "https://cms.example.org/v2"
    deleted = admin_browser.post(f"{HOOKS}/{endpoint.id}/delete", follow_redirects=True)
    assert "The endpoint is deleted" in deleted.text
    assert db.session.scalar(sa.select(sa.func.count(WebhookEndpoint.id))) == 0


def test_a_new_secret_replaces_the_old_one_and_is_shown_once(admin_browser):
    admin_browser.post(f"{HOOKS}/new", data=FORM)
    old = only_endpoint().secret
    rotated = admin_browser.post(f"{HOOKS}/{only_endpoint().id}/secret")
    assert rotated.status_code == 200
    new = only_endpoint().secret
    assert new != old
    assert new in rotated.text
    assert old not in rotated.text


def test_production_refuses_plain_http_and_this_machine(admin_browser, app):
    app.config["WEBHOOK_ALLOW_LOCAL"] = False
    for url in ("http://cms.example.org/in", "https://127.0.0.1/in", "https://localhost/in"):
        refused = admin_browser.post(f"{HOOKS}/new", data={**FORM, "url": url})
        assert refused.status_code == 422, url
        assert 'id="url-error"' in refused.text
    assert "an https:// address on the public internet" in admin_browser.get(f"{HOOKS}/new").text
    app.config["WEBHOOK_ALLOW_LOCAL"] = True
    local = admin_browser.post(f"{HOOKS}/new", data={**FORM, "url": "http://127.0.0.1:9/in"})
    assert local.status_code == 201


def test_team_settings_and_members_link_to_the_webhooks(admin_browser):
    for page in ("/teams/demo-newsroom/settings", "/teams/demo-newsroom/members"):
        assert f'href="{HOOKS}/"' in admin_browser.get(page).text


def test_the_page_states_the_log_and_retries_as_configured(admin_browser, app):
    app.config["WEBHOOK_LOG_DAYS"] = 0
    admin_browser.post(f"{HOOKS}/new", data=FORM)
    page = admin_browser.get(f"{HOOKS}/{only_endpoint().id}").text
    assert "The latest 50 messages, newest first." in page
    assert "leaves the log" not in page
    app.config["WEBHOOK_LOG_DAYS"] = 1
    page = admin_browser.get(f"{HOOKS}/{only_endpoint().id}").text
    assert "a message leaves the log 1 day after it was delivered or failed." in page
    app.config["WEBHOOK_RETRY_DELAYS"] = "60, 90"
    page = admin_browser.get(f"{HOOKS}/{only_endpoint().id}").text
    assert "is tried again later: after 1 minute and 90 seconds, then the message fails." in page
    app.config["WEBHOOK_RETRY_DELAYS"] = ""
    page = admin_browser.get(f"{HOOKS}/{only_endpoint().id}").text
    assert "is not tried again: the message fails." in page
