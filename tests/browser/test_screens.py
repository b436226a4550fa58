"""Screenshots of every main page at three sizes, with the rules a first screen must keep.

One seeded newsroom and one server for the module; one logged-in browser context per size.
Each page is checked for sideways scrolling and axe-core serious or critical violations, and
written as a PNG to SCREENSHOT_DIR (default build/screenshots; CI keeps the folder). On the
article page the title and the first paragraph fit the first screen at 1280×800, the first
sentence at 360×740, and the sentence panel's verdict buttons stay in view.
"""

import os
import threading
from datetime import date, timedelta
from importlib import resources

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade
from werkzeug.serving import make_server

from annotator import create_app
from annotator.extensions import db
from annotator.models import (
    Article,
    DeliveryState,
    Notification,
    NotificationKind,
    Role,
    WebhookAttempt,
    WebhookDelivery,
    utcnow,
)
from annotator.services import accounts, teams, webhooks
from annotator.services.access import get_sentence_for
from annotator.services.articles import ArticleDraft, import_article
from annotator.services.discussion import post_comment
from annotator.services.inbox import notify
from annotator.services.mail_compose import MailSetup, compose_digest, compose_notification_mail
from annotator.services.mail_tokens import unsubscribe_token
from annotator.services.seeds import DEMO_SEEDS, seed_team
from tests.browser.conftest import log_in, watch_policy
from tests.browser.test_reviewer_day import AXE, axe_violations
from tests.conftest import PASSWORD, REPOSITORY, base_config, database_of_its_own, unavailable

pytestmark = pytest.mark.browser

SHOTS = REPOSITORY / os.environ.get("SCREENSHOT_DIR", "build/screenshots")
#: name: (viewport, device scale). "zoom" is a 1280×800 screen at 200% zoom.
SIZES = {
    "1280": ({"width": 1280, "height": 800}, 1),
    "360": ({"width": 360, "height": 740}, 1),
    "zoom": ({"width": 640, "height": 400}, 2),
}
EDITOR = "edith@example.org"
LIST_TEXT = (
    "The council met on Tuesday to plan the repairs.\n"
    "- The north bridge closes in May. Buses take the old road.\n"
    "- The south bridge stays open.\n"
    "* Work ends in 2027.\n"
    "The mayor said the plan costs 4 million euros."
)
PAGES = {
    "articles": "/",
    "article": "/articles/{demo}",
    "article-lists": "/articles/{lists}",
    "review-queue": "/review",
    "settle": "/articles/{demo}/settle",
    "rating-scale": "/teams/demo-newsroom/rating-scale/",
    "dashboard": "/dashboard",
    "inbox": "/inbox",
    "search": "/search?q=fentanyl",
    "email-settings": "/account/email",
    "unsubscribe": "/unsubscribe/{unsubscribe}",
    "report": "/articles/{demo}/export/html?inline=1",
    "webhooks": "/teams/demo-newsroom/webhooks/",
    "webhook-form": "/teams/demo-newsroom/webhooks/new",
    "webhook-log": "/teams/demo-newsroom/webhooks/{hook}",
}


@pytest.fixture(scope="module")
def newsroom(engine_name, sqlite_template, tmp_path_factory, cheap_password_hashing):
    """A live server on a seeded demo newsroom; yields its address and the article ids."""
    folder = tmp_path_factory.mktemp("screens")
    with database_of_its_own(engine_name, sqlite_template, folder, "annotator_screens") as url:
        app = create_app(base_config(url))
        with app.app_context():
            upgrade()
            ids = seed_newsroom()
        server = make_server("127.0.0.1", 0, app, threaded=True)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        yield f"http://127.0.0.1:{server.server_port}", ids
        server.shutdown()
        thread.join(timeout=5)
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


def seed_newsroom() -> dict:
    team = teams.create_team("Demo newsroom", "demo-newsroom")
    editor = accounts.create_user(EDITOR, "Edith Editor", PASSWORD)
    # The team's admin: the webhook and rating-scale pages open too.
    teams.set_membership(team, editor, Role.admin)
    hook = webhooks.create_endpoint(
        editor,
        team,
        "https://cms.example.org/hooks/annotator/incoming?source=demo-newsroom",
        "Publishes verdicts on the newsroom's CMS",
        ["article.published", "final_verdict.set", "article.imported"],
        allow_local=False,
    )
    with resources.as_file(DEMO_SEEDS) as demo:
        seed_team(team, demo)
    draft = ArticleDraft(
        "Bridge repairs", LIST_TEXT, publisher="City Gazette", published_on=date(2026, 12, 1)
    )
    lists = import_article(team, editor, draft).article
    db.session.commit()
    demo = db.session.scalar(sa.select(Article.id).where(Article.id != lists.id))
    # A teammate asks the editor something: the inbox quotes it (issue 18).
    rita = accounts.create_user("rita@example.org", "Rita Reviewer", PASSWORD)
    teams.set_membership(team, rita, Role.reviewer)
    sentence = get_sentence_for(rita, demo, 2)
    post_comment(rita, sentence, "@Edith is the **Board** missing from this name?")
    db.session.commit()
    webhook_log(hook)
    db.session.commit()
    return {
        "demo": demo,
        "lists": lists.id,
        "hook": hook.id,
        "unsubscribe": unsubscribe_token("test-secret", editor.id, "mention"),
        "mails": editors_mails(editor, lists, rita),
    }


def webhook_log(hook) -> None:
    """Give the endpoint's messages a history: one delivered, one that failed, one waiting."""
    messages = db.session.scalars(
        sa.select(WebhookDelivery).where(WebhookDelivery.endpoint_id == hook.id)
    ).all()
    now = utcnow()
    delivered, failed, *_ = messages
    delivered.state, delivered.delivered_at = DeliveryState.delivered, now
    db.session.add(WebhookAttempt(delivery_id=delivered.id, status_code=200, duration_ms=84))
    failed.state, failed.next_attempt_at = DeliveryState.pending, now + timedelta(minutes=5)
    answer = "<html><body><h1>502 Bad Gateway</h1></body></html>"
    db.session.add(
        WebhookAttempt(
            delivery_id=failed.id, status_code=502, duration_ms=312, response_body=answer
        )
    )
    db.session.add(
        WebhookAttempt(
            delivery_id=failed.id,
            duration_ms=10_000,
            error="No answer within 10 s.",
            started_at=now - timedelta(minutes=1),
        )
    )


def editors_mails(editor, lists, rita) -> dict[str, str]:
    """The HTML of the mails the editor gets: the mention alone, and a day's digest."""
    notify(
        editor.id,
        NotificationKind.assignment,
        rita,
        lists,
        "Rita Reviewer asked you to review “Bridge repairs”, due 2026-12-08.",
    )
    notify(
        editor.id,
        NotificationKind.published,
        rita,
        lists,
        "“Bridge repairs”, which you follow, was published by Rita Reviewer.",
    )
    db.session.commit()
    told = list(
        db.session.scalars(
            sa.select(Notification)
            .where(Notification.user_id == editor.id)
            .order_by(Notification.id)
        )
    )
    setup = MailSetup(None, "desk@example.org", "https://annotator.example.org", "test-secret")
    mention = compose_notification_mail(editor, told[0], setup, utcnow())
    digest = compose_digest(editor, told, setup, utcnow())
    return {
        name: mail.get_body(("html",)).get_content()
        for name, mail in (("mail", mention), ("digest", digest))
    }


@pytest.fixture(scope="module", params=list(SIZES))
def screen(request, browser, newsroom):
    """A logged-in page at one size, reused for every page of the suite."""
    if not AXE.exists():
        unavailable("axe-core is not installed (npm install --prefix tests/browser)")
    viewport, scale = SIZES[request.param]
    context = browser.new_context(viewport=viewport, device_scale_factor=scale)
    page = context.new_page()
    page.set_default_timeout(10_000)
    errors: list[str] = []
    violations: list[str] = []
    missing: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("response", lambda answer: missing.append(answer.url) if answer.status == 404 else None)
    watch_policy(page, violations)
    base, ids = newsroom
    log_in(page, base, EDITOR)
    yield page, request.param, base, ids
    context.close()
    assert errors == [], f"JavaScript errors: {errors}"
    assert violations == [], f"Content-Security-Policy violations: {violations}"
    assert missing == [], f"404 answers (the icon included): {missing}"


def box(page, selector: str) -> dict:
    return page.locator(selector).first.bounding_box()


def horizontal_overflow(page) -> int:
    return page.evaluate("document.scrollingElement.scrollWidth - innerWidth")


@pytest.mark.parametrize("name", list(PAGES))
def test_page_fits_its_screen_and_passes_axe(screen, name):
    page, size, base, ids = screen
    if name == "report":
        page = report_page(page)
    try:
        check_page(page, size, base + PAGES[name].format(**ids), name)
    finally:
        if name == "report":
            page.context.close()


def test_unsubscribing_and_a_refused_link_fit_the_screen(screen):
    page, size, base, ids = screen
    check_page(page, size, f"{base}/unsubscribe/{ids['unsubscribe']}", "unsubscribe-ask")
    page.get_by_role("button", name="Unsubscribe").click()
    assert page.get_by_role("heading", name="You are unsubscribed").is_visible()
    shoot(page, "unsubscribe-done", size)
    response = page.goto(f"{base}/unsubscribe/tampered.token")
    assert response.status == 400
    assert page.get_by_role("heading", name="This link does not work").is_visible()
    shoot(page, "unsubscribe-refused", size)


@pytest.mark.parametrize("name", ["mail", "digest"])
def test_an_email_reads_in_a_browser(screen, name):
    """The HTML of an e-mail, opened as a mail reader shows it: no sideways scroll, no axe
    violation, the link to the sentence in view."""
    page, size, _, ids = screen
    SHOTS.mkdir(parents=True, exist_ok=True)
    saved = SHOTS / f"{name}.html"
    saved.write_text(ids["mails"][name], encoding="utf-8")
    page.goto(saved.as_uri())
    assert page.get_by_role("link", name="Open sentence 3").is_visible()
    shoot(page, name, size)


def shoot(page, name: str, size: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}-{size}.png"), full_page=True)
    problems = []
    if (overflow := horizontal_overflow(page)) > 0:
        problems.append(f"scrolls sideways by {overflow}px")
    if found := axe_violations(page):
        problems.append(f"axe: {found}")
    assert problems == [], f"{name} at {size}"


def check_page(page, size: str, url: str, name: str) -> None:
    response = page.goto(url)
    assert response.ok, f"{name}: {response.status}"
    problems = []
    if name == "article":
        problems += first_screen_problems(page, size)
        problems += panel_problems(page, size)
    if name == "inbox" and not page.locator(".inbox-quote", has_text="Board").count():
        problems.append("the inbox does not quote the teammate's question")
    SHOTS.mkdir(parents=True, exist_ok=True)
    # The delivery log is below the endpoint's details: its shot is the whole page.
    page.screenshot(path=str(SHOTS / f"{name}-{size}.png"), full_page=name == "webhook-log")
    if (overflow := horizontal_overflow(page)) > 0:
        problems.append(f"scrolls sideways by {overflow}px")
    if found := axe_violations(page):
        problems.append(f"axe: {found}")
    assert problems == [], f"{name} at {size}"


def report_page(page):
    """A page for the report, whose policy sandboxes it: no script runs there, not even the
    tests' (axe, measures), unless the browser is told to bypass the policy. Same login."""
    context = page.context
    twin = context.browser.new_context(
        viewport=page.viewport_size,
        device_scale_factor=page.evaluate("devicePixelRatio"),
        storage_state=context.storage_state(),
        bypass_csp=True,
    )
    return twin.new_page()


def bottom(found: dict) -> float:
    return found["y"] + found["height"]


def first_screen_problems(page, size: str) -> list[str]:
    """Text first: what a reader must see before scrolling."""
    height = page.viewport_size["height"]
    if size == "1280" and bottom(box(page, ".article-text .paragraph")) > height:
        return [f"the first paragraph ends below the first screen: {box(page, '.paragraph')}"]
    if size == "360" and bottom(box(page, "#s0")) > height:
        return [f"the first sentence ends below the first screen: {box(page, '#s0')}"]
    return []


def panel_problems(page, size: str) -> list[str]:
    """Open the third sentence: verdict buttons in view; a bottom sheet leaves the sentence seen."""
    page.locator("#s2 .sentence-link").click()
    page.locator("#side-panel .panel-actions").wait_for()
    problems = []
    actions, sheet, sentence = (box(page, s) for s in (".panel-actions", "#side-panel", "#s2"))
    if actions["y"] < 0 or bottom(actions) > page.viewport_size["height"]:
        problems.append(f"the verdict buttons are out of view: {actions}")
    if size != "1280" and not 0 <= sentence["y"] < sheet["y"] - 10:
        problems.append(f"the sheet hides the sentence: {sentence}, {sheet}")
    return problems
