"""Account pages in a real browser: invitation links, then axe and phone width on each page."""

import json

import pytest

from annotator.models import Role
from annotator.services import accounts, invitations
from annotator.services.teams import create_team
from annotator.services.tokens import create_token
from tests.browser.conftest import watch_policy
from tests.browser.test_reviewer_day import PHONE, axe_violations, log_in, release_database, shoot

pytestmark = pytest.mark.browser


@pytest.fixture
def desk(team, make_member):
    """An admin who is also instance administrator, a demo reviewer, and invitations."""
    admin = make_member(Role.admin, name="Ada Admin")
    admin.is_instance_admin = True
    accounts.record_login(admin)
    demo = make_member(Role.reviewer, name="Demo Reviewer")
    demo.password_hash = None
    far = create_team("Far desk", "far-desk")
    nia = make_member(Role.editor, name="Nia Night", in_team=far)
    invitations.create_invitation(admin, team, "someone.new@example.org", Role.viewer)
    _, for_nia = invitations.create_invitation(admin, team, nia.email, Role.reviewer)
    _, for_newcomer = invitations.create_invitation(admin, team, "pat@example.org", Role.editor)
    create_token(admin, "CMS plugin")
    release_database()
    return {"admin": admin, "nia": nia, "for_nia": for_nia, "for_newcomer": for_newcomer}


def test_a_link_opens_the_invitation_and_leaves_no_code_in_the_address(live_server, browser, desk):
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.goto(f"{live_server}/invitations/open#{desk['for_newcomer']}")
    page.get_by_role("button", name="Create account and join").wait_for()
    assert page.url == f"{live_server}/invitations/open"
    page.get_by_label("Your name").fill("Pat Newcomer")
    page.get_by_label("Password", exact=True).fill("pat's own passphrase")
    page.get_by_label("Repeat password").fill("pat's own passphrase")
    page.get_by_role("button", name="Create account and join").click()
    page.get_by_text("Welcome to Demo newsroom").wait_for()
    context.close()
    assert accounts.find_user_by_email("pat@example.org").name == "Pat Newcomer"


def test_a_link_pasted_on_the_open_page_opens_it_too(live_server, browser, desk):
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    log_in(page, live_server, desk["nia"].email)
    page.goto(f"{live_server}/invitations/open")
    page.evaluate(f"location.hash = '{desk['for_nia']}'")  # as pasting into the address bar
    page.get_by_role("button", name="Accept and join").click()
    page.get_by_text("Welcome to Demo newsroom: you joined as reviewer.").wait_for()
    context.close()


PAGES = {
    "members": "/teams/demo-newsroom/members",
    "teams": "/teams/",
    "team-settings": "/teams/demo-newsroom/settings",
    "accounts": "/accounts/",
    "tokens": "/account/tokens/",
    "password": "/account/password",
    "invitation-open": "/invitations/open",
}


def check(page, name: str, width: str, results: dict) -> None:
    results[name] = axe_violations(page)
    overflow = page.evaluate("document.documentElement.scrollWidth - innerWidth")
    assert overflow <= 0, f"{name} scrolls sideways by {overflow}px at {width}"
    shoot(page, f"account-{name}-{width}")


@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_account_pages_pass_axe_and_fit_a_phone(live_server, browser, desk, axe_installed, width):
    viewport = PHONE if width == "phone" else {"width": 1280, "height": 900}
    results: dict = {}
    violations: list[str] = []
    admin = browser.new_context(viewport=viewport).new_page()
    watch_policy(admin, violations)
    log_in(admin, live_server, desk["admin"].email)
    for name, path in PAGES.items():
        admin.goto(live_server + path)
        check(admin, name, width, results)
    admin.goto(live_server + PAGES["members"])
    admin.get_by_label("E-mail", exact=True).fill("a.rather.long.address@newsroom.example.org")
    admin.get_by_role("button", name="Create invitation").click()
    admin.get_by_label("Invitation link").wait_for()
    check(admin, "members-invited", width, results)
    nia = browser.new_context(viewport=viewport).new_page()
    watch_policy(nia, violations)
    log_in(nia, live_server, desk["nia"].email)
    nia.goto(live_server + "/inbox/")
    check(nia, "inbox-invitation", width, results)
    nia.goto(f"{live_server}/invitations/open#{desk['for_nia']}")
    nia.get_by_role("button", name="Accept and join").wait_for()
    check(nia, "invitation-invitee", width, results)
    newcomer = browser.new_context(viewport=viewport).new_page()
    watch_policy(newcomer, violations)
    newcomer.goto(f"{live_server}/invitations/open#{desk['for_newcomer']}")
    newcomer.get_by_role("button", name="Create account and join").wait_for()
    check(newcomer, "invitation-newcomer", width, results)
    for page in (admin, nia, newcomer):
        page.context.close()
    print(f"\naxe serious/critical violations at {width} width:", json.dumps(results))
    assert all(not found for found in results.values()), results
    assert violations == []


@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_setup_passes_axe_and_fits_a_phone_blank_and_refused(
    live_server, browser, team, axe_installed, width
):
    viewport = PHONE if width == "phone" else {"width": 1280, "height": 900}
    release_database()
    results: dict = {}
    violations: list[str] = []
    page = browser.new_context(viewport=viewport).new_page()
    watch_policy(page, violations)
    page.goto(live_server + "/setup")
    check(page, "setup", width, results)
    page.get_by_label("Your newsroom's name").fill("demo NEWSROOM")
    page.get_by_label("Your name").fill("Ada Admin")
    page.get_by_label("E-mail").fill("ada@example.org")
    for label in ("Password", "Repeat password"):
        page.get_by_label(label, exact=True).fill("too short")
    page.get_by_role("button", name="Create newsroom and administrator").click()
    page.get_by_text("A team named “demo NEWSROOM” exists already").wait_for()
    assert page.get_by_text("Use at least 10 characters.").is_visible()  # both at once
    check(page, "setup-refused", width, results)
    page.context.close()
    assert all(not found for found in results.values()), results
    assert violations == []


@pytest.fixture
def axe_installed():
    from tests.browser.test_reviewer_day import AXE
    from tests.conftest import unavailable

    if not AXE.exists():
        unavailable("axe-core is not installed (npm install --prefix tests/browser)")
