"""Hostile text in every field a user can write, on every page and in every export, in Chromium.

One team's world is filled with payloads (script tags, attribute breakouts, ``</script>``,
``]]>``, template syntax, ``javascript:`` addresses, characters outside the BMP). Every GET
page of the URL map is then opened with the world's ids, so a new page cannot escape, and
every export format besides. A page fails when a payload runs (``window.__xss`` or a
dialog), when its markup reached the DOM as markup (an event-handler attribute, a foreign
script element, a ``javascript:`` link, a CSP refusal in the console), or when ``{{7*7}}``
came out as 49.
"""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from flask import url_for

from annotator.exports import registry
from annotator.extensions import db
from annotator.models import (
    ArticleState,
    DeliveryState,
    NotificationKind,
    Role,
    Stance,
    Verdict,
    WebhookAttempt,
    WebhookDelivery,
    utcnow,
)
from annotator.services import accounts, invitations, teams, webhooks
from annotator.services.annotation_history import restore_version, undo_change
from annotator.services.annotations import (
    AnnotationEntry,
    SourceEntry,
    annotate_sentence,
    clear_verdict,
)
from annotator.services.articles import ArticleDraft, import_article
from annotator.services.assignments import add_assignment
from annotator.services.discussion import post_comment
from annotator.services.drafts import DraftEntry, keep_draft
from annotator.services.inbox import notify
from annotator.services.mail_compose import MailSetup, compose_digest, compose_notification_mail
from annotator.services.mail_tokens import unsubscribe_token
from annotator.services.names import NameEntry, add_name
from annotator.services.rating_scale import RatingDraft, add_rating
from annotator.services.reviews import respond_to_annotation
from annotator.services.revisions import revise_article, unplaced_drafts_of
from annotator.services.settling import ClaimDetails, settle_sentence
from annotator.services.tokens import create_token
from annotator.services.workflow import move_article
from tests.browser.conftest import log_in, watch_policy
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

RUN = "window.__xss=1;alert(1)"
#: Each field gets all of these at once; ``T{{7*7}}T`` would read T49T if a template ran it.
HOSTILE = (
    f'T{{{{7*7}}}}T <script>{RUN}</script> "><img src=x onerror="{RUN}"> '
    f"'><svg onload={RUN}> </script><script>{RUN}</script> ]]> 𝕏🦜"
)
#: For fields of at most 100 characters (names of people, teams and tokens).
SHORT = f'T{{{{7*7}}}}T"><img src=x onerror="{RUN}"></script>𝕏'
NOTE = f"{HOSTILE}\n\n[click](javascript:{RUN}) <a href='javascript:{RUN}'>raw</a> **bold**"
#: A valid web address that still tries to break out of the href attribute.
HOSTILE_URL = f'https://example.org/"><svg/onload={RUN}>?q=</script>'
JAVASCRIPT_URL = f"javascript:{RUN}"
TEXT = (
    f"The mayor said the bridge cost 4 million euros {HOSTILE}. The council disputes that.\n\n"
    f"Work starts in May {SHORT}. The contractor was chosen in 2021."
)
#: Endpoints not opened as pages, each with the reason.
NOT_PAGES = {
    "static": "our own CSS and JS files, no user text",
    "icons.favicon": "our own icon file, no user text",
    "exports.download": "opened once per export format below",
    "names.export": "a CSV download, opened as a file below",
}
#: What a page may hold only if a payload reached the DOM as markup.
DOM_CHECK = """() => ({
  xss: window.__xss === 1,
  handlers: document.querySelectorAll('[onerror],[onload],[onclick],[onmouseover]').length,
  scripts: [...document.scripts]
    .filter(s => !(s.src && new URL(s.src).pathname.startsWith('/static/'))
                 && !['application/json', 'application/ld+json'].includes(s.type))
    .map(s => s.outerHTML.slice(0, 80)),
  javascriptLinks: [...document.querySelectorAll('[href],[src],[action],[formaction]')]
    .map(e => e.getAttribute('href') || e.getAttribute('src') || e.getAttribute('action')
              || e.getAttribute('formaction') || '')
    .filter(v => v.replace(/[\\s\\u0000-\\u001f]/g, '').toLowerCase().startsWith('javascript:')),
  evaluated: document.documentElement.outerHTML.includes('T49T'),
})"""


def hostile_world(team) -> dict:
    """Fill the team with hostile text in every field; return the ids its pages need."""
    team.name = SHORT
    team.publisher_name = f"{SHORT} {HOSTILE}"[:200]
    team.site_url = HOSTILE_URL  # a valid address: reports link it, escaped
    team.logo_url = JAVASCRIPT_URL  # past the settings form, as an older row might be
    team.is_demo = True  # the Demo label and the reports' demo note show the hostile name
    admin = member(team, Role.admin, "admin")
    editor = member(team, Role.editor, "editor")
    author = member(team, Role.reviewer, "author")
    draft = ArticleDraft(HOSTILE, TEXT, source_url=HOSTILE_URL, publisher=HOSTILE[:200])
    article = import_article(team, editor, draft).article
    first, second = article.sentences[0], article.sentences[1]
    sources = [SourceEntry(HOSTILE_URL, HOSTILE, HOSTILE)]
    flag = annotate_sentence(author, second, AnnotationEntry(Verdict.disputed, NOTE, None, sources))
    annotate_sentence(editor, first, AnnotationEntry(Verdict.verified, NOTE, None, sources))
    # The admin's own hostile verdict, changed, cleared, undone and restored: the history
    # shows each version whole (note, words, sources) with "Restore this version".
    mine = AnnotationEntry(Verdict.disputed, NOTE, None, sources)
    annotate_sentence(admin, second, mine)
    annotate_sentence(admin, second, AnnotationEntry(Verdict.verified, HOSTILE), 1)
    clear_verdict(admin, second, 2)
    undo_change(admin, second, 3)
    restore_version(admin, second, 1, 4)
    respond_to_annotation(editor, flag, Stance.disagree, NOTE)
    # The admin's own draft fills the panel's form (the sweep opens sentence 2's panel).
    typed = [SourceEntry(HOSTILE_URL, HOSTILE, HOSTILE), SourceEntry(JAVASCRIPT_URL, SHORT, NOTE)]
    keep_draft(admin, second, DraftEntry(NOTE, None, typed))
    thread = post_comment(editor, second, NOTE)
    post_comment(author, second, f"@{SHORT} {NOTE}", reply_to=thread)
    # A hostile rating of the scale, chosen with a hostile claimant and where the claim
    # appeared: the settle board, the scale page, the reports and the markup show them.
    rating = add_rating(admin, team, RatingDraft(SHORT[:60], HOSTILE, Verdict.verified, 3))
    details = ClaimDetails(rating.id, HOSTILE[:200], "person", HOSTILE_URL)
    settle_sentence(editor, first, Verdict.verified, NOTE, None, details)
    name = add_name(editor, team.id, NameEntry(SHORT, aliases=f"{SHORT}\n{HOSTILE[:150]}"))
    notify(admin.id, NotificationKind.mention, editor, article, HOSTILE, 1)
    # Overdue, so the desk shows the assignee, the date and the warning next to the title.
    add_assignment(editor, article, author, utcnow().date() - timedelta(days=1))
    # The inbox quotes what was said, rendered as notes are (issue 18).
    notify(admin.id, NotificationKind.mention, editor, article, SHORT, 1, NOTE)
    notify(admin.id, NotificationKind.response, editor, article, SHORT, 1, HOSTILE)
    token = create_token(admin, SHORT)[0]
    admin.is_instance_admin = True  # the Accounts page lists every hostile name and address
    accounts.create_user(f"{SHORT}@example.org", SHORT, None)
    invitations.create_invitation(admin, team, f"{SHORT}@example.org", Role.viewer)
    code = invitation_to(admin)
    # The same sentence in a second article: the first one's settlement is offered there.
    twin = import_article(team, editor, ArticleDraft(f"Twin {HOSTILE}", f"{TEXT} Twin.")).article
    # A one-click settlement's default rationale quotes the hostile note and source title.
    annotate_sentence(
        author, twin.sentences[1], AnnotationEntry(Verdict.disputed, NOTE, None, sources)
    )
    settle_sentence(editor, twin.sentences[1], Verdict.disputed, "")
    # The settled first sentence is corrected: its changed-since-review blocks show hostile words.
    revised = TEXT.replace("4 million", "5 million")
    revise_article(article, editor, ArticleDraft(HOSTILE, f"{revised}\n\nA new {HOSTILE} line."))
    sneak_in_javascript_addresses(twin, flag)
    lost = unplaced_hostile_draft(team, editor, admin, typed)
    hook = hostile_webhook(admin, team)
    published = publish_hostile(team, editor, author)
    db.session.commit()
    return {
        "admin": admin,
        "invitation_code": code,
        "values": {
            "slug": team.slug,
            "article_id": article.id,
            "index": 1,
            "number": 1,
            "name_id": name.id,
            "token_id": token.id,
            "endpoint_id": hook.id,
            "token": unsubscribe_token("test-secret", admin.id, "mention"),
            "team_slug": team.slug,
            "article_slug": published.public_slug,
        },
        "extra": [
            f"/articles/{twin.id}",
            f"/articles/{twin.id}/sentences/0",
            f"/articles/{twin.id}/sentences/1",
            f"/articles/{twin.id}/settle",
            f"/articles/{twin.id}/activity",
            f"/articles/{twin.id}/sentences/1/history",
            f"/search?q={HOSTILE}",
            f"/search?q={NOTE[:60]}",
            f"/review?article={article.id}",
            f"/articles/{article.id}/settle?show=all",
            f"/articles/{lost.id}",
            # The editor's desk: assignee names and last activity, filtered and refused.
            "/?sort=title&overdue=1",
            "/?disputed=1&sort=progress&mine=1",
            f"/?state={SHORT}&sort=due",
        ],
    }


def hostile_webhook(admin, team):
    """An endpoint with a hostile address and description, and a delivery log whose
    endpoint answered with hostile text (its error too, as a refused connection reads)."""
    hook = webhooks.create_endpoint(
        admin, team, HOSTILE_URL, HOSTILE[:200], ["article.published"], allow_local=True
    )
    message = WebhookDelivery(
        endpoint_id=hook.id,
        message_id=f"msg_{SHORT}"[:40],
        event_type="article.published",
        body=HOSTILE,
        state=DeliveryState.failed,
    )
    db.session.add(message)
    db.session.flush()
    for status, error in ((500, ""), (None, HOSTILE[:300])):
        db.session.add(
            WebhookAttempt(
                delivery_id=message.id, status_code=status, error=error, response_body=HOSTILE
            )
        )
    return hook


def invitation_to(admin) -> str:
    """Invite the admin's address to a hostile team, from a hostile host; return the code."""
    guests = teams.create_team(f"{SHORT} guests", "guests")
    host = member(guests, Role.admin, "host")
    return invitations.create_invitation(host, guests, admin.email, Role.viewer)[1]


def member(team, role: Role, nickname: str):
    user = accounts.create_user(f"{nickname}@example.org", f"{nickname} {SHORT}", PASSWORD)
    teams.set_membership(team, user, role)
    return user


def unplaced_hostile_draft(team, editor, admin, typed):
    """The admin's hostile draft on a hostile sentence that a revision then loses: their
    Unplaced list shows the lost words, the note and the half-typed sources."""
    text = f"Lost words {HOSTILE}. A kept sentence. Another kept one."
    article = import_article(team, editor, ArticleDraft(f"Lost {SHORT}", text)).article
    keep_draft(admin, article.sentences[0], DraftEntry(NOTE, None, typed))
    revise_article(
        article, editor, ArticleDraft(f"Lost {SHORT}", "A kept sentence. Another kept one.")
    )
    assert unplaced_drafts_of(article, admin.id)[0].note == NOTE.strip()
    return article


def publish_hostile(team, editor, author):
    """A hostile article on the team's public pages, its reviewers named: the public page
    (ClaimReview JSON-LD included), the team's list and its feed show the hostile words."""
    team.public_pages = team.public_reviewer_names = True
    draft = ArticleDraft(f"Public {HOSTILE}", f"{TEXT} Public.", source_url=HOSTILE_URL)
    article = import_article(team, editor, draft).article
    sources = [SourceEntry(HOSTILE_URL, HOSTILE, HOSTILE)]
    for sentence in article.sentences[:2]:
        annotate_sentence(author, sentence, AnnotationEntry(Verdict.disputed, NOTE, None, sources))
        settle_sentence(editor, sentence, Verdict.disputed, NOTE)
    for state in (ArticleState.in_review, ArticleState.settled, ArticleState.published):
        move_article(editor, article, state)
    article.publisher = HOSTILE[:200]
    return article


def sneak_in_javascript_addresses(article, flag) -> None:
    """Store javascript: addresses past the input checks, as an older row or an import might."""
    article.source_url = JAVASCRIPT_URL
    flag.sources[0].url = JAVASCRIPT_URL


def page_urls(app, world) -> list[str]:
    """Return every GET page of the URL map, filled with the world's ids, plus extra views."""
    urls = []
    with app.test_request_context():
        for rule in sorted(app.url_map.iter_rules(), key=lambda rule: rule.rule):
            if "GET" not in rule.methods or rule.endpoint in NOT_PAGES:
                continue
            if rule.rule.startswith("/api/") and rule.endpoint != "api.reference":
                continue  # JSON with nosniff: a browser shows it as text, never as a page
            values = {name: world["values"][name] for name in rule.arguments}
            urls.append(url_for(rule.endpoint, **values))
    return urls + world["extra"]


def visit(page, url: str, problems: dict, seen: list[str]) -> None:
    page.goto(url)
    page.wait_for_load_state("load")
    if re.search(r"/articles/\d+$", url):
        page.locator("#s1 .sentence-link").click()  # the side panel arrives by fetch
        page.locator("#side-panel h2").wait_for()
    found = page.evaluate(DOM_CHECK)
    if any(found.values()):
        problems[url] = found
    if "window.__xss=1" in page.locator("body").inner_text():
        seen.append(url)


def open_invitation(page, base: str, code: str, problems: dict, seen: list[str]) -> None:
    """Follow an invitation link as its invitee: the page's script posts the code, and the
    invitation (hostile team and inviter names) is shown."""
    url = f"{base}/invitations/open#{code}"
    page.goto(url)
    page.get_by_role("button", name="Accept and join").wait_for()
    found = page.evaluate(DOM_CHECK)
    if any(found.values()):
        problems[url] = found
    if "window.__xss=1" in page.locator("body").inner_text():
        seen.append("/invitations/open")


def open_exports(page, base: str, world, folder: Path, problems: dict) -> None:
    """Open every export in the browser: HTML and PDF from the server, all as saved files."""
    article_id = world["values"]["article_id"]
    for entry in registry.FORMATS.values():
        if not entry.available:
            continue
        url = f"{base}/articles/{article_id}/export/{entry.name}"
        if entry.name == "html":
            visit(page, url + "?inline=1", problems, [])
        body = page.request.get(url).body()
        saved = folder / entry.filename(article_id)
        saved.write_bytes(body)
        if entry.name != "pdf":  # headless Chromium saves a PDF instead of showing it
            open_file(page, saved, problems)
    names = folder / "names.csv"
    names.write_bytes(
        page.request.get(f"{base}/teams/{world['values']['slug']}/names/export.csv").body()
    )
    open_file(page, names, problems)


def open_file(page, path: Path, problems: dict) -> None:
    """Open a saved export as a mailed file would be, with no CSP of ours around it."""
    try:
        page.goto(path.as_uri())
    except Exception as error:  # Chromium downloads types it does not display
        if "Download is starting" in str(error):
            return
        raise
    found = page.evaluate(DOM_CHECK)
    if any(found.values()):
        problems[path.name] = found


def open_mails(page, admin, folder: Path, problems: dict) -> None:
    """Open the HTML of the admin's e-mails (each alone, and the digest) as a mail reader
    would show them: the hostile titles, messages and quotes must stay text."""
    import sqlalchemy as sa

    from annotator.models import Notification

    setup = MailSetup(None, "desk@example.org", "https://annotator.example.org", "test-secret")
    told = list(db.session.scalars(sa.select(Notification).where(Notification.user_id == admin.id)))
    assert len(told) >= 3
    mails = [compose_notification_mail(admin, n, setup, utcnow()) for n in told]
    mails.append(compose_digest(admin, told, setup, utcnow()))
    for number, mail in enumerate(mails):
        html = mail.get_body(("html",)).get_content()
        assert "T49T" not in html
        saved = folder / f"mail-{number}.html"
        saved.write_text(html, encoding="utf-8")
        open_file(page, saved, problems)


def test_hostile_text_stays_inert_on_every_page_and_export(
    app, team, live_server, browser, tmp_path
):
    world = hostile_world(team)
    urls = page_urls(app, world)
    context = browser.new_context(viewport={"width": 1366, "height": 900}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    dialogs, errors, violations = [], [], []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.on("pageerror", lambda error: errors.append(str(error)))
    watch_policy(page, violations)
    log_in(page, live_server, world["admin"].email)
    problems: dict = {}
    seen: list[str] = []
    for url in urls:
        visit(page, live_server + url, problems, seen)
    open_invitation(page, live_server, world["invitation_code"], problems, seen)
    open_exports(page, live_server, world, tmp_path, problems)
    open_mails(page, world["admin"], tmp_path, problems)
    context.close()
    print(f"\nXSS sweep: {len(urls)} pages and every export format, payload shown on {len(seen)}")
    assert problems == {}, "\n".join(f"{where}: {found}" for where, found in problems.items())
    assert dialogs == []
    assert violations == []
    assert errors == []
    # The sweep saw the payloads as text where they are shown, so it was not looking at nothing.
    for where in (
        "/articles/",
        "/sentences/1",
        "/settle",
        "/teams/",
        "/settings",
        "/account/tokens/",
        "/accounts/",
        "/inbox/",
        "/invitations/open",
        "/?sort=title&overdue=1",
        "/p/",
    ):
        assert any(where in url for url in seen), f"no page under {where} showed the payload"
