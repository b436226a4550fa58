"""The e-mail pages: a member's choices, the follow toggle, the one-click unsubscribe link."""

import pytest

from annotator.extensions import db
from annotator.models import MailCadence, NotificationKind, Role
from annotator.services import mail_tokens
from annotator.services.articles import ArticleDraft, import_article
from annotator.services.following import is_following
from annotator.services.mail_preferences import mail_preferences_of
from annotator.services.mail_tokens import unsubscribe_token

CHOICES = {
    "mention": "daily",
    "response": "never",
    "assignment": "immediately",
    "published": "never",
}


@pytest.fixture
def rita(make_member):
    return make_member(Role.reviewer, name="Rita Reviewer")


@pytest.fixture
def article(team):
    article = import_article(team, None, ArticleDraft("Bridge", "One claim. Two claims.")).article
    db.session.commit()
    return article


def test_the_email_page_shows_the_choices_and_says_mail_is_off(client, login, rita):
    login(rita)
    page = client.get("/account/email")
    assert page.status_code == 200
    assert "sends no e-mail yet" in page.text
    assert '<option selected value="immediately">Immediately</option>' in page.text
    assert "In a daily digest" in page.text
    assert 'href="/account/email">E-mail</a>' in page.text  # linked from every page


def test_the_email_page_says_nothing_of_smtp_when_mail_is_on(app, client, login, rita):
    app.config.update(
        SMTP_HOST="smtp.example.org", MAIL_SENDER="a@example.org", BASE_URL="https://x"
    )
    login(rita)
    assert "sends no e-mail yet" not in client.get("/account/email").text


def test_saving_choices_keeps_them(client, login, rita):
    login(rita)
    response = client.post("/account/email", data=CHOICES)
    assert response.status_code == 302
    assert mail_preferences_of(rita.id)[NotificationKind.mention] is MailCadence.daily
    assert "Your e-mail choices are saved." in client.get("/account/email").text


def test_a_bad_choice_is_named_on_its_field_and_nothing_is_kept(client, login, rita):
    login(rita)
    response = client.post("/account/email", data={**CHOICES, "mention": "hourly"})
    assert response.status_code == 422
    assert "Not a valid choice" in response.text
    assert mail_preferences_of(rita.id)[NotificationKind.response] is MailCadence.immediately


def test_follow_and_unfollow_from_the_article_page(client, login, rita, article):
    login(rita)
    page = client.get(f"/articles/{article.id}")
    assert f'action="/articles/{article.id}/follow"' in page.text
    assert client.post(f"/articles/{article.id}/follow").status_code == 302
    assert is_following(rita, article)
    page = client.get(f"/articles/{article.id}")
    assert "Following ✓" in page.text
    assert f'action="/articles/{article.id}/unfollow"' in page.text
    assert client.post(f"/articles/{article.id}/unfollow").status_code == 302
    assert not is_following(rita, article)


def test_unsubscribe_link_asks_first_then_unsubscribes_without_login(client, rita):
    token = unsubscribe_token("test-secret", rita.id, "mention")
    page = client.get(f"/unsubscribe/{token}")
    assert page.status_code == 200
    assert "Stop “Mention” e-mails?" in page.text
    assert '<form method="post">' in page.text
    assert mail_preferences_of(rita.id)[NotificationKind.mention] is MailCadence.immediately
    for _ in range(2):  # a second click, or the mail program's POST after the person's
        done = client.post(f"/unsubscribe/{token}", data={"List-Unsubscribe": "One-Click"})
        assert done.status_code == 200
        assert "You are unsubscribed" in done.text
    assert mail_preferences_of(rita.id)[NotificationKind.mention] is MailCadence.never
    assert mail_preferences_of(rita.id)[NotificationKind.response] is MailCadence.immediately


def test_unsubscribe_from_the_digest_names_it(client, rita):
    token = unsubscribe_token("test-secret", rita.id, "digest")
    assert "Stop the daily digest?" in client.get(f"/unsubscribe/{token}").text
    client.post(f"/unsubscribe/{token}")
    assert mail_preferences_of(rita.id)[NotificationKind.published] is MailCadence.never


def test_a_token_for_one_member_never_unsubscribes_another(client, rita, make_member):
    otto = make_member(Role.reviewer, name="Otto Other")
    token = unsubscribe_token("test-secret", rita.id, "mention")
    # Swapping the member inside the token breaks its signature.
    _payload, _, rest = token.partition(".")
    forged = unsubscribe_token("test-secret", otto.id, "mention").partition(".")[0] + "." + rest
    assert client.post(f"/unsubscribe/{forged}").status_code == 400
    client.post(f"/unsubscribe/{token}")
    assert mail_preferences_of(otto.id)[NotificationKind.mention] is MailCadence.immediately
    assert mail_preferences_of(rita.id)[NotificationKind.mention] is MailCadence.never


@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize(
    "token",
    ["nonsense", unsubscribe_token("another-secret", 1, "mention"), "x" * 400, "a.b.c"],
)
def test_a_tampered_or_strange_token_gets_a_clear_400_page(client, rita, method, token):
    response = client.open(f"/unsubscribe/{token}", method=method)
    assert response.status_code == 400
    assert "This link does not work" in response.text


def test_a_token_with_a_nul_is_refused_before_it_is_read(client, rita):
    assert client.post("/unsubscribe/%00").status_code == 400


def test_an_expired_token_gets_the_400_page(client, rita, monkeypatch):
    token = unsubscribe_token("test-secret", rita.id, "mention")
    monkeypatch.setattr(mail_tokens, "MAX_AGE_SECONDS", -1)
    response = client.post(f"/unsubscribe/{token}")
    assert response.status_code == 400
    assert "more than a year old" in response.text


def test_a_token_of_a_deleted_account_gets_the_400_page(client, rita):
    token = unsubscribe_token("test-secret", 99_999, "mention")
    response = client.get(f"/unsubscribe/{token}")
    assert response.status_code == 400
    assert "no longer exists" in response.text
