"""The access tokens page: create (shown once), list with last use, revoke."""

import pytest

from annotator.extensions import db
from annotator.models import AccessToken


def test_page_lists_no_tokens_at_first(client, login, make_member):
    login(make_member("viewer"))
    page = client.get("/account/tokens/")
    assert page.status_code == 200
    assert "You have no tokens." in page.get_data(as_text=True)


def test_new_token_is_shown_once(client, login, make_member):
    login(make_member("viewer"))
    created = client.post("/account/tokens/", data={"name": "CMS plugin"})
    assert created.status_code == 201
    secret = created.get_data(as_text=True).split('id="new-token"')[1].split('value="')[1][:47]
    assert secret.startswith("ann_")
    later = client.get("/account/tokens/").get_data(as_text=True)
    assert "CMS plugin" in later
    assert secret not in later
    assert "Not yet" in later


def test_new_token_with_past_expiry_is_refused(client, login, make_member):
    login(make_member("viewer"))
    response = client.post("/account/tokens/", data={"name": "Old", "expires_on": "2001-01-01"})
    assert response.status_code == 422
    assert db.session.scalar(db.select(db.func.count(AccessToken.id))) == 0


def test_new_token_form_reports_every_problem_at_once(client, login, make_member):
    login(make_member("viewer"))
    response = client.post("/account/tokens/", data={"name": "", "expires_on": "2001-01-01"})
    assert response.status_code == 422
    assert "This field is required." in response.text
    assert "Choose a date after today, or no expiry." in response.text
    assert response.text.count('class="error"') == 2


def test_new_token_is_shown_in_a_read_only_field_with_a_copy_button(client, login, make_member):
    login(make_member("viewer"))
    page = client.post("/account/tokens/", data={"name": "CMS plugin"}).text
    field = page.split('id="new-token"', 1)[1].split(">", 1)[0]
    assert "readonly" in field
    assert 'class="token-secret"' in page
    assert 'data-copy="new-token"' in page
    assert 'data-status="copy-status"' in page
    assert 'id="copy-status"' in page


def test_revoke_stops_the_token(client, login, make_member):
    login(make_member("viewer"))
    client.post("/account/tokens/", data={"name": "Leaked"})
    token = db.session.scalars(db.select(AccessToken)).one()
    response = client.post(f"/account/tokens/{token.id}/revoke")
    assert response.status_code == 302
    db.session.refresh(token)
    assert token.revoked_at is not None


def test_nobody_revokes_anothers_token(client, login, make_member, token_for_member):
    token = token_for_member(make_member("viewer"))
    login(make_member("admin"))
    assert client.post(f"/account/tokens/{token.id}/revoke").status_code == 404


def test_account_menu_links_to_tokens(client, login, make_member):
    login(make_member("viewer"))
    assert 'href="/account/tokens/"' in client.get("/").get_data(as_text=True)


@pytest.fixture
def token_for_member(app):
    from annotator.services.tokens import create_token

    def make(user):
        token, _ = create_token(user, "theirs")
        db.session.commit()
        return token

    return make


def test_revoke_all_needs_the_box_ticked(client, login, make_member, token_for_member):
    user = login(make_member("viewer"))
    token = token_for_member(user)
    response = client.post("/account/tokens/revoke-all", data={})
    assert response.status_code == 422
    assert "Tick the box" in response.text
    db.session.refresh(token)
    assert token.revoked_at is None


def test_revoke_all_stops_every_token_of_mine_and_no_one_elses(
    client, login, make_member, token_for_member
):
    user = login(make_member("viewer"))
    mine = [token_for_member(user), token_for_member(user)]
    theirs = token_for_member(make_member("viewer"))
    assert "Revoke all 2 tokens" in client.get("/account/tokens/").text
    response = client.post(
        "/account/tokens/revoke-all", data={"confirm": "y"}, follow_redirects=True
    )
    assert "2 tokens revoked" in response.text
    for token in [*mine, theirs]:
        db.session.refresh(token)
    assert [token.revoked_at is not None for token in mine] == [True, True]
    assert theirs.revoked_at is None
    assert "Revoke all" not in response.text  # nothing left to revoke
