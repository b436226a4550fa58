# ruff: noqa: E501 (one input per line: the table reads as a table)
"""Bad input everywhere: each malformed input gets its documented 4xx and changes nothing.

One row per input: how it is sent, the status it must get, and where the refusal is
reported (a field or code of the API's error envelope, or the text of the page). The
documented answers (SECURITY.md "Input policy", ``annotator/api/openapi.py`` ERRORS):

- API: 400 for a body or parameter of the wrong shape (``error.fields`` names it; "" for the
  body as a whole), 401 for a missing or unusable token, 404 for an id past any table, 413 for
  a body over the limit, 415 for a body that is not JSON, 422 for a well-formed value that
  breaks a rule (a span outside the sentence).
- Pages: 422 with the form shown again and the field's message under the field (a tab or line
  break in a one-line field, a value past its limit in annotator/limits.py); 401 for a failed
  login; 400 for text no field may hold (NUL and other control characters); 413 for a body
  over the limit; 404 for an id past any table or not in ASCII digits.

"Changes nothing": every table's row count and a digest of all its rows are the same before
and after the request (only an API token's last use may move). All rows share one team, built
once per module: a row that changed something fails by itself and later rows still compare
their own before and after.
"""

import hashlib
import io
import re
from dataclasses import dataclass, field
from datetime import timedelta

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from annotator import create_app
from annotator.extensions import db
from annotator.models import InvitationState, Role, Verdict, utcnow
from annotator.services import accounts, teams
from annotator.services.annotations import AnnotationEntry, annotate_sentence
from annotator.services.articles import ArticleDraft, import_article
from annotator.services.discussion import post_comment
from annotator.services.invitations import create_invitation
from annotator.services.rating_scale import rating_scale
from annotator.services.tokens import create_token
from annotator.services.webhooks import create_endpoint
from tests.conftest import PASSWORD, IsolatedClient, base_config, database_of_its_own
from tests.security.conftest import unplaced_draft

TEXT = "The mayor said the bridge cost 4 million euros. The council disputes that figure."
TEN_MB = "x" * (10 * 1024 * 1024)
HUGE_ID = 99_999_999_999
NUL = "\x00"
ESC = "\x1b"
BELL = "\x07"


@dataclass(frozen=True)
class Send:
    """How one input is sent: by whom, to which route, with which body, headers and query."""

    who: str  # "editor" (an admin's logged-in browser), "stranger", "first-run", "api"
    method: str
    path: str
    options: dict = field(default_factory=dict)


def page(method: str, path: str, **options) -> Send:
    return Send("editor", method, path, options)


def stranger(method: str, path: str, **options) -> Send:
    return Send("stranger", method, path, options)


def first_run(data: dict) -> Send:
    return Send("first-run", "POST", "/setup", {"data": data})


def api(method: str, path: str, **options) -> Send:
    return Send("api", method, "/api/v1" + path, options)


def raw_json(method: str, path: str, body: str | bytes, **options) -> Send:
    return api(method, path, data=body, content_type="application/json", **options)


def upload(filename: str, content: bytes) -> Send:
    data = {"title": "", "language": "en", "file": (io.BytesIO(content), filename)}
    return page("POST", "/articles/new", data=data)


def names_csv(content: bytes) -> Send:
    """Import a names CSV on the names page."""
    data = {"file": (io.BytesIO(content), "names.csv")}
    return page("POST", "/teams/{slug}/names/import", data=data)


def big_upload(size: int) -> Send:
    # Encoded here, in memory: the test client would spool a large body to a temporary file
    # that nobody closes when the server refuses the body unread.
    upload = FileStorage(io.BytesIO(b"x" * size), "long.txt", content_type="text/plain")
    fields = {"title": "", "language": "en", "file": upload}
    boundary, body = encode_multipart(fields)
    content_type = f"multipart/form-data; boundary={boundary}"
    return page("POST", "/articles/new", data=body, content_type=content_type)


def panel(data: dict) -> Send:
    """Save a verdict as the article page's script does: the answer is JSON naming the field."""
    return page("POST", SAVE, data=data, headers={"Accept": "application/json"})


def draft(data: dict) -> Send:
    """Keep a draft as the panel's script does, a moment after the reviewer stops typing."""
    return page("POST", DRAFT, data=data, headers={"Accept": "application/json"})


def field_error(name: str) -> str:
    """The page marks a refused field with an element of this id."""
    return f'id="{name}-error"'


IMPORT = {"title": "Budget", "text": "The budget grew. It grew again.", "language": "en"}
SAVE = "/articles/{article}/sentences/0/annotation"
DRAFT = "/articles/{article}/sentences/0/draft"
API_SAVE = "/articles/{article}/sentences/0/annotation"
DRAFT = "/articles/{article}/sentences/0/draft"
MEMBERS = "/teams/{slug}/members"
#: The admin's own verdict on sentence 1 is at version 2, changed an hour ago.
UNDO = "/articles/{article}/sentences/1/annotation/undo"
RESTORE = "/articles/{{article}}/sentences/1/annotation/versions/{number}/restore"
NEW_MEMBER = {"email": "new.member@example.org", "role": "reviewer"}
NEW_ACCOUNT = {"name": "New Member", "password": PASSWORD, "confirm": PASSWORD}
AUTHOR_PASSWORD = "/teams/{slug}/members/{author}/password"
ASSIGN = "/articles/{article}/assignments"
SETUP = {"newsroom": "Harbour Herald"}
SETTINGS = "/teams/{slug}/settings"
HOOKS = "/teams/{slug}/webhooks/new"
HOOK_EDIT = "/teams/{slug}/webhooks/{hook}/edit"
HOOK = {"url": "https://hooks.example.org/in", "description": "CMS", "events": "article.published"}
PUBLISHER = {"name": "Demo newsroom", "publisher_name": "", "site_url": "", "logo_url": ""}
UNUSABLE = "Unusable characters"
MAIL_CHOICES = {
    "mention": "daily",
    "response": "never",
    "assignment": "never",
    "published": "daily",
}
TOO_LARGE = "Too large"
NOT_PUBLIC = "no public fact-check"

# (id, how it is sent, expected status, where the refusal is reported)
CASES = [
    # --- e-mail: the account's choices and the unsubscribe link ------------------------------
    ("mail-choice-unknown", page("POST", "/account/email", data={**MAIL_CHOICES, "mention": "hourly"}), 422, field_error("mention")),
    ("mail-choices-missing", page("POST", "/account/email", data={}), 422, field_error("published")),
    ("mail-choice-nul", page("POST", "/account/email", data={**MAIL_CHOICES, "response": f"daily{NUL}"}), 400, UNUSABLE),
    ("unsubscribe-forged-token", stranger("POST", "/unsubscribe/WzEsIm1lbnRpb24iXQ.forged.sig"), 400, "This link does not work"),
    ("unsubscribe-overlong-token", stranger("GET", "/unsubscribe/" + "x" * 400), 400, "too long to be ours"),
    ("unsubscribe-one-click-forged", stranger("POST", "/unsubscribe/garbage", data={"List-Unsubscribe": "One-Click"}), 400, "This link does not work"),
    # --- page forms --------------------------------------------------------------------------
    ("login-nul-email", stranger("POST", "/login", data={"email": f"a{NUL}@example.org", "password": PASSWORD}), 400, UNUSABLE),
    ("login-10mb-password", stranger("POST", "/login", data={"email": "a@example.org", "password": TEN_MB}), 413, TOO_LARGE),
    ("login-missing-fields", stranger("POST", "/login", data={}), 401, field_error("email")),
    ("setup-passwords-differ", first_run({**SETUP, "name": "Ada", "email": "ada@example.org", "password": PASSWORD, "confirm": PASSWORD + "!"}), 422, field_error("confirm")),
    ("setup-bad-email", first_run({**SETUP, "name": "Ada", "email": "not-an-address", "password": PASSWORD, "confirm": PASSWORD}), 422, field_error("email")),
    ("setup-password-is-name", first_run({**SETUP, "name": "Ada Lovelace", "email": "ada@example.org", "password": " ada lovelace", "confirm": " ada lovelace"}), 422, "not your e-mail address or your name"),
    ("setup-newsroom-missing", first_run({**SETUP, "newsroom": ""}), 422, field_error("newsroom")),
    ("setup-newsroom-on-two-lines", first_run({**SETUP, "newsroom": "Harbour\nHerald"}), 422, field_error("newsroom")),
    ("setup-newsroom-too-long", first_run({**SETUP, "newsroom": "N" * 101}), 422, field_error("newsroom")),
    ("setup-nul-newsroom", first_run({**SETUP, "newsroom": f"Harbour{NUL}"}), 400, UNUSABLE),
    ("setup-nul-name", first_run({**SETUP, "name": f"Ada{NUL}", "email": "ada@example.org", "password": PASSWORD, "confirm": PASSWORD}), 400, UNUSABLE),
    ("import-blank-paste", page("POST", "/articles/new", data={**IMPORT, "text": "   \n "}), 422, field_error("text")),
    ("import-nul-title", page("POST", "/articles/new", data={**IMPORT, "title": f"Bud{NUL}get"}), 400, UNUSABLE),
    ("import-impossible-date", page("POST", "/articles/new", data={**IMPORT, "published_on": "2026-02-30"}), 422, field_error("published_on")),
    ("import-title-too-long", page("POST", "/articles/new", data={**IMPORT, "title": "T" * 301}), 422, field_error("title")),
    ("import-escape-in-title", page("POST", "/articles/new", data={**IMPORT, "title": f"Bud{ESC}[2Jget"}), 400, UNUSABLE),
    ("import-c1-control-in-text", page("POST", "/articles/new", data={**IMPORT, "text": "The budget\x9b grew."}), 400, UNUSABLE),
    ("import-title-on-two-lines", page("POST", "/articles/new", data={**IMPORT, "title": "Bud\nget"}), 422, field_error("title")),
    ("import-publisher-with-tab", page("POST", "/articles/new", data={**IMPORT, "publisher": "Daily\tNews"}), 422, field_error("publisher")),
    ("import-script-url", page("POST", "/articles/new", data={**IMPORT, "source_url": "javascript:alert(1)"}), 422, field_error("source_url")),
    ("import-10mb-paste", page("POST", "/articles/new", data={**IMPORT, "text": TEN_MB}), 413, TOO_LARGE),
    ("annotate-unknown-verdict", panel({"verdict": "maybe"}), 422, "verdict"),
    ("annotate-negative-span", panel({"verdict": "disputed", "span_start": "-5", "span_end": "3"}), 422, "span_start"),
    ("annotate-span-past-the-end", panel({"verdict": "disputed", "span_start": "40", "span_end": "5000"}), 422, "The highlighted words must lie inside the sentence."),
    ("annotate-words-not-in-sentence", panel({"verdict": "disputed", "span_text": "council disputes"}), 422, "span_text"),
    ("annotate-version-past-any", panel({"verdict": "verified", "version": "99999999999999999999"}), 422, "version"),
    ("annotate-version-not-a-number", panel({"verdict": "verified", "version": "three"}), 422, "version"),
    ("annotate-nul-note", page("POST", SAVE, data={"verdict": "verified", "note": f"a{NUL}b"}), 400, UNUSABLE),
    ("annotate-bell-in-note", page("POST", SAVE, data={"verdict": "verified", "note": f"a{BELL}b"}), 400, UNUSABLE),
    ("annotate-source-title-with-tab", panel({"verdict": "verified", "sources-0-url": "https://example.org/", "sources-0-title": "A\tB"}), 422, "sources-0-title"),
    ("annotate-note-too-long", panel({"verdict": "verified", "note": "n" * 10_001}), 422, "note"),
    ("annotate-script-source", panel({"verdict": "verified", "sources-0-url": "javascript:alert(1)"}), 422, "sources-0-url"),
    ("annotate-draft-note-too-long", draft({"note": "n" * 10_001}), 422, "note"),
    ("annotate-draft-nul-note", draft({"note": f"a{NUL}b"}), 400, "note"),
    ("annotate-draft-bell-in-note", draft({"note": f"a{BELL}b"}), 400, "note"),
    ("annotate-draft-source-title-with-tab", draft({"sources-0-url": "https://example.org/", "sources-0-title": "A\tB"}), 422, "sources-0-title"),
    ("annotate-draft-address-too-long", draft({"sources-0-url": "https://example.org/" + "a" * 2_000}), 422, "sources-0-url"),
    ("annotate-draft-11-sources", draft({**{f"sources-{n}-url": f"https://example.org/{n}" for n in range(11)}}), 422, "sources"),
    ("annotate-draft-span-past-the-end", draft({"span_start": "40", "span_end": "5000"}), 422, "The highlighted words must lie inside the sentence."),
    ("annotate-11-sources", panel({"verdict": "verified", **{f"sources-{n}-url": f"https://example.org/{n}" for n in range(11)}}), 422, "sources"),
    ("respond-nul-comment", page("POST", "/annotations/{annotation}/response", data={"stance": "agree", "comment": NUL}), 400, UNUSABLE),
    ("respond-id-past-any", page("POST", f"/annotations/{HUGE_ID}/response", data={"stance": "agree"}), 404, "Not found"),
    ("comment-nul-body", page("POST", "/articles/{article}/sentences/0/comments", data={"body": f"Which{NUL}?"}), 400, UNUSABLE),
    ("comment-10mb-body", page("POST", "/articles/{article}/sentences/0/comments", data={"body": TEN_MB}), 413, TOO_LARGE),
    ("settle-nul-rationale", page("POST", "/articles/{article}/sentences/0/settle", data={"verdict": "verified", "rationale": NUL}), 400, UNUSABLE),
    ("settle-rating-of-another-verdict", page("POST", "/articles/{article}/sentences/0/settle", data={"verdict": "disputed", "rationale": "No.", "rating_id": "{accurate}"}, follow_redirects=True), 200, "stands for verified, not disputed"),
    ("settle-rating-not-a-number", page("POST", "/articles/{article}/sentences/0/settle", data={"verdict": "disputed", "rationale": "No.", "rating_id": "false"}, follow_redirects=True), 200, "Rating: Not a valid integer value."),
    ("settle-claim-url-script", page("POST", "/articles/{article}/sentences/0/settle", data={"verdict": "verified", "rationale": "Yes.", "claim_url": "javascript:alert(1)"}, follow_redirects=True), 200, "Where the claim appeared:"),
    ("settle-claimant-on-two-lines", page("POST", "/articles/{article}/sentences/0/settle", data={"verdict": "verified", "rationale": "Yes.", "claimant_name": "Jane\nRoe"}, follow_redirects=True), 200, "Who made the claim: Keep this on one line"),
    ("settle-claimant-kind-unknown", page("POST", "/articles/{article}/sentences/0/settle", data={"verdict": "verified", "rationale": "Yes.", "claimant_kind": "robot"}, follow_redirects=True), 200, "Choose whether a person or an organisation made the claim."),
    ("settle-nul-claimant", page("POST", "/articles/{article}/sentences/0/settle", data={"verdict": "verified", "rationale": "Yes.", "claimant_name": f"J{NUL}"}), 400, UNUSABLE),
    ("rating-scale-blank-label", page("POST", "/teams/{slug}/rating-scale/", data={"new-label": " ", "new-verdict": "disputed"}), 422, field_error("new-label")),
    ("rating-scale-nul-label", page("POST", "/teams/{slug}/rating-scale/", data={"new-label": f"A{NUL}", "new-verdict": "disputed"}), 400, UNUSABLE),
    ("rating-scale-unknown-verdict", page("POST", "/teams/{slug}/rating-scale/", data={"new-label": "Maybe", "new-verdict": "maybe"}), 422, field_error("new-verdict")),
    ("rating-scale-value-not-a-number", page("POST", "/teams/{slug}/rating-scale/", data={"new-label": "Maybe", "new-verdict": "disputed", "new-value": "two"}), 422, field_error("new-value")),
    ("rating-scale-value-past-the-scale", page("POST", "/teams/{slug}/rating-scale/", data={"new-label": "Maybe", "new-verdict": "disputed", "new-value": "99999999999999999999"}), 422, field_error("new-value")),
    ("rating-scale-description-too-long", page("POST", "/teams/{slug}/rating-scale/", data={"new-label": "Maybe", "new-verdict": "disputed", "new-description": "d" * 501}), 422, field_error("new-description")),
    ("rating-scale-no-such-rating", page("POST", "/teams/{slug}/rating-scale/99999999/remove"), 404, "No such rating"),
    ("rating-scale-move-sideways", page("POST", "/teams/{slug}/rating-scale/{accurate}/move", data={"direction": "sideways"}), 422, "The form expired"),
    ("api-settle-rating-not-a-number", api("PUT", "/articles/{article}/sentences/0/resolution", json={"verdict": "verified", "rationale": "Yes.", "rating_id": "five"}), 400, "rating_id"),
    ("api-settle-claimant-kind-unknown", api("PUT", "/articles/{article}/sentences/0/resolution", json={"verdict": "verified", "rationale": "Yes.", "claimant_kind": "robot"}), 400, "claimant_kind"),
    ("api-settle-claim-url-script", api("PUT", "/articles/{article}/sentences/0/resolution", json={"verdict": "verified", "rationale": "Yes.", "claim_url": "javascript:alert(1)"}), 422, "claim_url"),
    ("confirm-version-not-a-number", page("POST", "/articles/{article}/sentences/0/confirm", data={"version": "three"}), 422, "The form expired"),
    ("confirm-version-past-any", page("POST", "/articles/{article}/sentences/0/confirm", data={"version": "99999999999999999999"}), 422, "The form expired"),
    ("confirm-sentence-past-any", page("POST", f"/articles/{{article}}/sentences/{HUGE_ID}/confirm", data={"version": "1"}), 404, "Not found"),
    ("undo-version-missing", page("POST", UNDO, data={}), 422, "The form expired"),
    ("undo-version-not-a-number", page("POST", UNDO, data={"version": "two"}), 422, "The form expired"),
    ("undo-stale-version", page("POST", UNDO, data={"version": "1"}), 409, "changed since"),
    ("undo-window-passed", page("POST", UNDO, data={"version": "2"}), 409, "Too late to undo"),
    ("unplaced-draft-id-past-any", page("POST", f"/articles/{{article}}/unplaced-drafts/{HUGE_ID}/discard"), 404, "Not found"),
    ("unplaced-draft-of-a-teammate-discard", page("POST", "/articles/{article}/unplaced-drafts/{authors_draft}/discard"), 404, "no such unplaced draft"),
    ("unplaced-draft-of-a-teammate-attach", page("POST", "/articles/{article}/unplaced-drafts/{authors_draft}/attach", data={"draft-{authors_draft}-sentence": "1"}), 404, "no such unplaced draft"),
    ("unplaced-draft-nul-sentence", page("POST", "/articles/{article}/unplaced-drafts/{my_draft}/attach", data={"draft-{my_draft}-sentence": NUL}), 400, UNUSABLE),
    ("unplaced-draft-sentence-not-a-number", page("POST", "/articles/{article}/unplaced-drafts/{my_draft}/attach", data={"draft-{my_draft}-sentence": "two"}), 302, "#unplaced"),
    ("unplaced-draft-sentence-past-the-end", page("POST", "/articles/{article}/unplaced-drafts/{my_draft}/attach", data={"draft-{my_draft}-sentence": "999"}), 302, "#unplaced"),
    ("undo-sentence-without-my-verdict", page("POST", "/articles/{article}/sentences/0/annotation/undo", data={"version": "0"}), 409, "no change on this sentence"),
    ("undo-sentence-past-any", page("POST", f"/articles/{{article}}/sentences/{HUGE_ID}/annotation/undo", data={"version": "1"}), 404, "Not found"),
    ("restore-current-version", page("POST", RESTORE.format(number=2), data={"version": "2"}), 422, "current one"),
    ("restore-unknown-version", page("POST", RESTORE.format(number=9), data={"version": "2"}), 404, "no version 9"),
    ("restore-version-past-any", page("POST", RESTORE.format(number=HUGE_ID), data={"version": "2"}), 404, "Not found"),
    ("restore-stale-page", page("POST", RESTORE.format(number=1), data={"version": "1"}), 409, "changed this annotation since"),
    ("restore-version-not-a-number", page("POST", RESTORE.format(number=1), data={"version": "two"}), 422, "The form expired"),
    ("assign-impossible-due-date", page("POST", ASSIGN, data={"reviewer_id": "{author}", "due_on": "2026-02-30"}), 422, field_error("due_on")),
    ("assign-due-date-not-a-date", page("POST", ASSIGN, data={"reviewer_id": "{author}", "due_on": "next friday"}), 422, field_error("due_on")),
    ("assign-due-date-passed", page("POST", ASSIGN, data={"reviewer_id": "{author}", "due_on": "2001-01-01"}), 422, "That day has passed"),
    ("assign-due-date-year-9999", page("POST", ASSIGN, data={"reviewer_id": "{author}", "due_on": "9999-12-31"}), 422, "within 5 years"),
    ("assign-nul-due-date", page("POST", ASSIGN, data={"reviewer_id": "{author}", "due_on": NUL}), 400, UNUSABLE),
    ("member-bad-email", page("POST", MEMBERS, data={**NEW_MEMBER, "email": "not-an-address"}), 422, field_error("email")),
    ("member-unknown-role", page("POST", MEMBERS, data={**NEW_MEMBER, "role": "overlord"}), 422, field_error("role")),
    ("member-nul-email", page("POST", MEMBERS, data={**NEW_MEMBER, "email": f"new{NUL}@example.org"}), 400, UNUSABLE),
    ("member-already-in-team", page("POST", MEMBERS, data={**NEW_MEMBER, "email": "Author@example.org"}), 422, field_error("email")),
    ("member-id-past-any", page("POST", MEMBERS + f"/{HUGE_ID}/role", data={"role": "viewer"}), 404, "Not found"),
    ("member-password-short", page("POST", AUTHOR_PASSWORD, data={"password": "short"}), 422, "at least 10"),
    ("member-password-is-email", page("POST", AUTHOR_PASSWORD, data={"password": " AUTHOR@example.org "}), 422, "not your e-mail address"),
    ("member-password-of-logged-in-account", page("POST", "/teams/{slug}/members/{admin}/password", data={"password": "a fine new password"}), 404, "Not found"),
    ("member-invitation-id-past-any", page("POST", f"/teams/{{slug}}/invitations/{HUGE_ID}/revoke"), 404, "Not found"),
    ("member-invitation-of-nobody", page("POST", "/teams/{slug}/invitations/{absent_invitation}/revoke"), 404, "No such invitation"),
    ("team-settings-blank-name", page("POST", SETTINGS, data={**PUBLISHER, "name": "  "}), 422, field_error("name")),
    ("team-settings-name-on-two-lines", page("POST", SETTINGS, data={**PUBLISHER, "name": "Night\ndesk"}), 422, field_error("name")),
    ("team-settings-name-of-another-team", page("POST", SETTINGS, data={**PUBLISHER, "name": "NIGHT DESK"}), 422, "exists already"),
    ("team-settings-script-site", page("POST", SETTINGS, data={**PUBLISHER, "site_url": "javascript:alert(1)"}), 422, field_error("site_url")),
    ("team-settings-script-logo", page("POST", SETTINGS, data={**PUBLISHER, "logo_url": "JavaScript:alert(1)"}), 422, field_error("logo_url")),
    ("team-settings-data-logo", page("POST", SETTINGS, data={**PUBLISHER, "logo_url": "data:image/svg+xml,<svg onload=alert(1)>"}), 422, field_error("logo_url")),
    ("team-settings-site-without-host", page("POST", SETTINGS, data={**PUBLISHER, "site_url": "https:///path"}), 422, field_error("site_url")),
    ("team-settings-site-too-long", page("POST", SETTINGS, data={**PUBLISHER, "site_url": "https://example.org/" + "a" * 2_000}), 422, field_error("site_url")),
    ("team-settings-publisher-too-long", page("POST", SETTINGS, data={**PUBLISHER, "publisher_name": "P" * 201}), 422, field_error("publisher_name")),
    ("team-settings-nul-publisher", page("POST", SETTINGS, data={**PUBLISHER, "publisher_name": f"P{NUL}"}), 400, UNUSABLE),
    # --- public fact-check pages: any address that is not a published page is simply not found
    ("public-page-unknown-team", stranger("GET", "/p/nobody/bridge"), 404, NOT_PUBLIC),
    ("public-page-unknown-slug", stranger("GET", "/p/{slug}/no-such-story"), 404, NOT_PUBLIC),
    ("public-page-slug-too-long", stranger("GET", "/p/{slug}/" + "a" * 3000), 404, NOT_PUBLIC),
    ("public-page-slug-upper-case", stranger("GET", "/p/{slug}/Bridge"), 404, NOT_PUBLIC),
    ("public-page-slug-with-space", stranger("GET", "/p/{slug}/bridge%20story"), 404, NOT_PUBLIC),
    ("public-page-slug-of-an-id", stranger("GET", "/p/{slug}/{article}"), 404, NOT_PUBLIC),
    ("public-page-slug-climbing", stranger("GET", "/p/{slug}/..%2f..%2fteams"), 404, "Not found"),
    ("public-page-nul-slug", stranger("GET", "/p/{slug}/a%00b"), 400, UNUSABLE),
    ("public-list-page-not-a-number", stranger("GET", "/p/{slug}/", query_string={"page": "abc"}), 200, "No fact-check is published yet."),
    ("public-list-page-huge", stranger("GET", "/p/{slug}/", query_string={"page": "9" * 30}), 200, "No fact-check is published yet."),
    ("public-list-nul-page", stranger("GET", "/p/{slug}/", query_string={"page": NUL}), 400, UNUSABLE),
    ("public-feed-unknown-team", stranger("GET", "/p/nobody/feed.atom"), 404, NOT_PUBLIC),
    ("team-settings-of-no-team", page("POST", "/teams/no-such-team/settings", data=PUBLISHER), 404, "Not found"),
    ("webhooks-new-no-address", page("POST", HOOKS, data={**HOOK, "url": ""}), 422, field_error("url")),
    ("webhooks-new-ftp-address", page("POST", HOOKS, data={**HOOK, "url": "ftp://example.org/in"}), 422, "https://"),
    ("webhooks-new-script-address", page("POST", HOOKS, data={**HOOK, "url": "javascript:alert(1)"}), 422, field_error("url")),
    ("webhooks-new-address-with-password", page("POST", HOOKS, data={**HOOK, "url": "https://me:pw@example.org/"}), 422, "user name"),
    ("webhooks-new-address-bad-port", page("POST", HOOKS, data={**HOOK, "url": "https://example.org:99999/"}), 422, field_error("url")),
    ("webhooks-new-unknown-event", page("POST", HOOKS, data={**HOOK, "events": "article.exploded"}), 422, "Unknown event: article.exploded"),
    ("webhooks-new-no-event", page("POST", HOOKS, data={"url": HOOK["url"]}), 422, "Choose at least one event."),
    ("webhooks-new-description-on-two-lines", page("POST", HOOKS, data={**HOOK, "description": "CMS\nfeed"}), 422, field_error("description")),
    ("webhooks-new-description-too-long", page("POST", HOOKS, data={**HOOK, "description": "D" * 201}), 422, "at most 200 characters"),
    ("webhooks-new-nul-description", page("POST", HOOKS, data={**HOOK, "description": f"CMS{NUL}"}), 400, UNUSABLE),
    ("webhooks-edit-blank-address", page("POST", HOOK_EDIT, data={**HOOK, "url": " "}), 422, field_error("url")),
    ("webhooks-edit-no-such-endpoint", page("POST", "/teams/{slug}/webhooks/99999999999/edit", data=HOOK), 404, "Not found"),
    ("webhooks-redeliver-no-such-message", page("POST", "/teams/{slug}/webhooks/{hook}/deliveries/99999999999/redeliver"), 404, "Not found"),
    ("teams-create-blank", page("POST", "/teams/", data={"name": ""}), 422, field_error("name")),
    ("teams-create-taken-name", page("POST", "/teams/", data={"name": "demo NEWSROOM"}), 422, "exists already"),
    ("teams-create-nul-name", page("POST", "/teams/", data={"name": f"Desk{NUL}"}), 400, UNUSABLE),
    ("teams-rename-blank", page("POST", "/teams/{slug}/name", data={"name": " "}), 422, "Enter a team name."),
    ("teams-rename-taken-name", page("POST", "/teams/{slug}/name", data={"name": "Night desk"}), 422, "exists already"),
    ("teams-rename-too-long", page("POST", "/teams/{slug}/name", data={"name": "T" * 101}), 422, "at most 100 characters"),
    ("teams-rename-no-team", page("POST", "/teams/no-such-team/name", data={"name": "Desk"}), 404, "Not found"),
    ("invitation-open-blank", stranger("POST", "/invitations/open", data={"code": ""}), 422, field_error("code")),
    ("invitation-open-garbage", stranger("POST", "/invitations/open", data={"code": "garbage"}), 404, "not valid"),
    ("invitation-open-guessed", stranger("POST", "/invitations/open", data={"code": "https://x.example/invitations/open#inv_guessed"}), 404, "not valid"),
    ("invitation-open-nul", stranger("POST", "/invitations/open", data={"code": f"inv_{NUL}"}), 400, UNUSABLE),
    ("invitation-open-too-long", stranger("POST", "/invitations/open", data={"code": "inv_" + "x" * 3000}), 422, field_error("code")),
    ("invitation-join-without-code", stranger("POST", "/invitations/join", data=NEW_ACCOUNT), 422, field_error("code")),
    ("invitation-join-guessed-code", stranger("POST", "/invitations/join", data={**NEW_ACCOUNT, "code": "inv_guessed"}), 404, "not valid"),
    ("invitation-join-nul-name", stranger("POST", "/invitations/join", data={**NEW_ACCOUNT, "code": "inv_x", "name": f"N{NUL}"}), 400, UNUSABLE),
    ("invitation-accept-guessed-code", page("POST", "/invitations/accept", data={"code": "inv_guessed"}), 404, "not valid"),
    ("invitation-accept-without-code", page("POST", "/invitations/accept", data={}), 422, field_error("code")),
    ("invitation-decline-id-past-any", page("POST", f"/invitations/{HUGE_ID}/decline"), 404, "Not found"),
    ("invitation-decline-not-mine", page("POST", "/invitations/{absent_invitation}/decline"), 404, "No such invitation"),
    ("token-blank-name", page("POST", "/account/tokens/", data={"name": ""}), 422, field_error("name")),
    ("token-revoke-all-unconfirmed", page("POST", "/account/tokens/revoke-all", data={}), 422, field_error("confirm")),
    ("password-change-to-own-email", page("POST", "/account/password", data={"current_password": PASSWORD, "password": "admin@example.org", "confirm": "admin@example.org"}), 422, "not your e-mail address"),
    ("accounts-reset-blank", page("POST", "/accounts/{author}/password", data={}), 422, "This field is required"),
    ("accounts-reset-to-name", page("POST", "/accounts/{author}/password", data={"password": "  author of the bridge  "}), 422, "not your e-mail address or your name"),
    ("accounts-reset-own", page("POST", "/accounts/{admin}/password", data={"password": "a fine new password"}), 422, "Change your own password"),
    ("accounts-reset-id-past-any", page("POST", f"/accounts/{HUGE_ID}/password", data={"password": "a fine new password"}), 404, "Not found"),
    ("accounts-unknown-choice", page("POST", "/accounts/{author}/instance-admin", data={"change": "maybe"}), 422, "Choose whether"),
    ("accounts-last-instance-admin", page("POST", "/accounts/{admin}/instance-admin", data={"change": "revoke"}), 422, "at least one instance administrator"),
    ("token-unreadable-date", page("POST", "/account/tokens/", data={"name": "script", "expires_on": "31/12/2030"}), 422, field_error("expires_on")),
    ("name-unknown-kind", page("POST", "/teams/{slug}/names", data={"name": "City council", "kind": "planet"}), 422, field_error("kind")),
    ("name-on-two-lines", page("POST", "/teams/{slug}/names", data={"name": "City\r\ncouncil", "kind": "body"}), 422, field_error("name")),
    ("name-escape-in-alias", page("POST", "/teams/{slug}/names", data={"name": "City council", "kind": "body", "aliases": f"Coun{ESC}cil"}), 400, UNUSABLE),
    ("name-alias-with-tab", page("POST", "/teams/{slug}/names", data={"name": "City council", "kind": "body", "aliases": "Town\thall"}), 422, field_error("aliases")),
    ("member-email-on-two-lines", page("POST", MEMBERS, data={**NEW_MEMBER, "email": "new\nmember@example.org"}), 422, field_error("email")),
    ("token-name-with-tab", page("POST", "/account/tokens/", data={"name": "my\tscript"}), 422, field_error("name")),
    ("switch-team-id-past-any", page("POST", "/teams/switch", data={"team_id": "99999999999999999999"}), 404, "Not found"),
    # --- uploads -----------------------------------------------------------------------------
    ("upload-binary", upload("photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), 422, field_error("file")),
    ("upload-latin-1", upload("cafe.txt", "Café society. It is open.".encode("latin-1")), 422, field_error("file")),
    ("upload-empty", upload("empty.txt", b""), 422, "The article has no text."),
    ("upload-too-large", big_upload(3 * 1024 * 1024), 413, TOO_LARGE),
    ("upload-path-traversal", upload("../../etc/passwd", b"root:x:0:0:root:/root:/bin/bash"), 422, field_error("file")),
    ("upload-windows-traversal", upload("..\\..\\windows\\win.ini", b"[fonts]"), 422, field_error("file")),
    ("upload-program", upload("report.exe", b"MZ\x90\x00"), 422, field_error("file")),
    ("upload-nul-file-name", upload(f"a{NUL}.txt", b"One sentence. Two."), 400, UNUSABLE),
    ("upload-escape-in-file-name", upload(f"a{ESC}.txt", b"One sentence. Two."), 400, UNUSABLE),
    ("upload-bell-in-text", upload("bell.txt", b"One sentence.\x07 Two."), 422, "U+0007"),
    ("upload-file-name-with-tab-as-title", upload("Bridge\tcosts.txt", b"One sentence. Two."), 422, field_error("title")),
    ("names-csv-nul", names_csv(b"name,kind\nCity\x00council,body\n"), 422, "Line 2: Unusable characters"),
    ("names-csv-escape-in-extra-column", names_csv(b"name,kind,notes\nCity council,body,\x1b[31m\n"), 422, "Line 2: Unusable characters"),
    ("names-csv-tab-in-name", names_csv(b"name,kind\nCity\tcouncil,body\n"), 422, "Line 2: Keep this on one line"),
    ("names-csv-21-aliases", names_csv(b"name,kind,aliases\nCity council,body," + b";".join(b"a%d" % n for n in range(21)) + b"\n"), 422, "Give at most 20 aliases."),
    ("names-csv-cell-past-the-reader-limit", names_csv(b'name\n"' + b"x" * 200_000 + b'"\n'), 422, "field larger than field limit"),
    ("names-csv-not-utf-8", names_csv(b"name,kind\nM\xfcnchen,place\n"), 422, "Save the CSV as UTF-8 text."),
    # --- query strings on pages --------------------------------------------------------------
    ("search-too-long", page("GET", "/search", query_string={"q": "w" * 201}), 422, field_error("q")),
    ("search-unknown-state", page("GET", "/search", query_string={"q": "bridge", "state": "nope"}), 422, field_error("state")),
    ("search-impossible-date", page("GET", "/search", query_string={"q": "bridge", "since": "2026-13-45"}), 422, field_error("since")),
    ("search-nul", page("GET", "/search", query_string={"q": f"bridge{NUL}"}), 400, UNUSABLE),
    ("search-escape", page("GET", "/search", query_string={"q": f"bridge{ESC}[31m"}), 400, UNUSABLE),
    ("search-tab", page("GET", "/search", query_string={"q": "bridge\tcost"}), 422, field_error("q")),
    ("search-only-syntax", page("GET", "/search", query_string={"q": '"" * - : ( ) ^'}), 422, "Type at least one word"),
    ("search-too-many-words", page("GET", "/search", query_string={"q": "bridge " * 21}), 422, "at most 20"),
    # Search syntax of either engine is read as words: an answer, found or not, never a 500.
    ("search-unbalanced-quote", page("GET", "/search", query_string={"q": '"bridge cost'}), 200, "<mark>bridge</mark>"),
    ("search-fts-star-and-near", page("GET", "/search", query_string={"q": "NEAR(bridge* cost)"}), 200, "0 results"),
    ("search-fts-column-and-minus", page("GET", "/search", query_string={"q": "body:bridge -cost"}), 200, 'id="results-title"'),
    ("search-tsquery-operators", page("GET", "/search", query_string={"q": "bridge & !cost | (x:* <-> 'y"}), 200, 'id="results-title"'),
    ("search-apostrophe-and-backslash", page("GET", "/search", query_string={"q": "bridge's \\ cost\\'"}), 200, 'id="results-title"'),
    ("desk-unknown-state", page("GET", "/", query_string={"state": "nope"}), 422, field_error("state")),
    ("desk-unknown-sort", page("GET", "/", query_string={"sort": "random()"}), 422, field_error("sort")),
    ("desk-switch-not-a-switch", page("GET", "/", query_string={"overdue": "banana"}), 422, field_error("overdue")),
    ("desk-page-zero", page("GET", "/", query_string={"page": "0"}), 422, field_error("page")),
    ("desk-page-past-any", page("GET", "/", query_string={"page": "99999999999999999999"}), 422, field_error("page")),
    ("desk-page-not-a-number", page("GET", "/", query_string={"page": "two"}), 422, field_error("page")),
    ("desk-nul-state", page("GET", "/", query_string={"state": NUL}), 400, UNUSABLE),
    ("live-cursor-garbage", page("GET", "/articles/{article}/changes", query_string={"after": "garbage"}), 400, "after"),
    ("live-cursor-past-any", page("GET", "/articles/{article}/changes", query_string={"after": "99999999999999999999"}), 400, "after"),
    ("part-past-the-end", page("GET", "/articles/{article}/parts/999"), 404, ""),
    ("article-id-past-any", page("GET", "/articles/99999999999999999999999"), 404, "Not found"),
    ("article-id-arabic-digits", page("GET", "/articles/{article_in_arabic_digits}"), 404, "Not found"),
    ("sentence-index-fullwidth-digits", page("GET", "/articles/{article}/sentences/\uff10"), 404, "Not found"),
    # --- API bodies --------------------------------------------------------------------------
    ("api-truncated-json", raw_json("POST", "/teams/{slug}/articles", '{"title": "T", "text": "Words."'), 400, ""),
    ("api-not-an-object", raw_json("POST", "/teams/{slug}/articles", '["title", "text"]'), 400, ""),
    ("api-missing-body", raw_json("POST", "/teams/{slug}/articles", ""), 400, ""),
    ("api-not-utf-8", raw_json("POST", "/teams/{slug}/articles", b'{"title": "Caf\xe9", "text": "Words."}'), 400, ""),
    ("api-nested-past-reason", raw_json("POST", "/teams/{slug}/articles", "[" * 100_000), 400, ""),
    ("api-wrong-type", api("POST", "/teams/{slug}/articles", json={"title": 3, "text": "Words."}), 400, "title"),
    ("api-unknown-field", api("POST", "/teams/{slug}/articles", json={"title": "T", "text": "Words.", "colour": "red"}), 400, "colour"),
    ("api-duplicate-keys", raw_json("PUT", API_SAVE, '{"verdict": "verified", "verdict": "disputed"}'), 400, "verdict"),
    ("api-number-past-float", raw_json("PUT", API_SAVE, '{"verdict": "verified", "version": 1e400}'), 400, "version"),
    ("api-huge-int", api("PUT", API_SAVE, json={"verdict": "verified", "version": 10**30}), 400, "version"),
    ("api-int-of-5000-digits", raw_json("PUT", API_SAVE, '{"verdict": "verified", "version": 1' + "0" * 5000 + "}"), 400, ""),
    ("api-negative-span", api("PUT", API_SAVE, json={"verdict": "disputed", "span": {"start": -5, "end": 3}}), 422, "span"),
    ("api-span-past-the-end", api("PUT", API_SAVE, json={"verdict": "disputed", "span": {"start": 70, "end": 9000}}), 422, "span"),
    ("api-nul-note", api("PUT", API_SAVE, json={"verdict": "verified", "note": f"a{NUL}b"}), 400, "note"),
    ("api-lone-surrogate", raw_json("PUT", API_SAVE, '{"verdict": "verified", "note": "\\ud800"}'), 400, "note"),
    ("api-escape-in-title", api("POST", "/teams/{slug}/articles", json={"title": f"Bridge{ESC}[31m", "text": "Words. More."}), 400, "title"),
    ("api-bell-in-source-quote", api("PUT", API_SAVE, json={"verdict": "verified", "sources": [{"url": "https://example.org/", "quote": f"a{BELL}"}]}), 400, "sources-0-quote"),
    ("api-nul-in-a-key", raw_json("PUT", API_SAVE, '{"verdict": "verified", "no\\u0000te": "x"}'), 400, ""),
    ("api-title-on-two-lines", api("POST", "/teams/{slug}/articles", json={"title": "Bridge\ncosts", "text": "Words. More."}), 422, "title"),
    ("api-publisher-with-tab", api("POST", "/teams/{slug}/articles", json={"title": "Bridge", "publisher": "Daily\tNews", "text": "Words. More."}), 422, "publisher"),
    ("api-source-title-on-two-lines", api("PUT", API_SAVE, json={"verdict": "verified", "sources": [{"url": "https://example.org/", "title": "One\r\nTwo"}]}), 422, "sources-0-title"),
    ("api-revision-title-with-tab", api("POST", "/articles/{article}/versions", json={"title": "New\ttitle", "text": "Other words. Entirely."}), 422, "title"),
    ("api-10mb-note", api("PUT", API_SAVE, json={"verdict": "verified", "note": TEN_MB}), 413, "request_entity_too_large"),
    ("api-11-sources", api("PUT", API_SAVE, json={"verdict": "verified", "sources": [{"url": f"https://example.org/{n}"} for n in range(11)]}), 422, "sources"),
    ("api-unknown-verdict", api("PUT", API_SAVE, json={"verdict": "maybe"}), 400, "verdict"),
    ("api-unknown-stance", api("PUT", "/annotations/{annotation}/response", json={"stance": "shrug"}), 400, "stance"),
    ("api-unknown-state", api("POST", "/articles/{article}/transitions", json={"state": "archived"}), 400, "state"),
    ("api-unknown-role", api("POST", "/teams/{slug}/invitations", json={**NEW_MEMBER, "role": "overlord"}), 400, "role"),
    ("api-invite-email-not-text", api("POST", "/teams/{slug}/invitations", json={**NEW_MEMBER, "email": 3}), 400, "email"),
    ("api-invite-with-name", api("POST", "/teams/{slug}/invitations", json={**NEW_MEMBER, "name": "New Member"}), 400, "name"),
    ("api-invite-bad-address", api("POST", "/teams/{slug}/invitations", json={**NEW_MEMBER, "email": "nobody"}), 422, "email"),
    ("api-invite-nul-address", api("POST", "/teams/{slug}/invitations", json={**NEW_MEMBER, "email": f"a{NUL}@example.org"}), 400, "email"),
    ("api-revoke-invitation-of-nobody", api("DELETE", "/teams/{slug}/invitations/{absent_invitation}"), 404, "No such invitation."),
    ("api-role-of-a-non-member", api("PUT", "/teams/{slug}/members/{outsider}", json={"role": "viewer"}), 404, "No such member."),
    ("api-members-post-is-gone", api("POST", "/teams/{slug}/members", json=NEW_MEMBER), 405, "method_not_allowed"),
    ("api-count-as-text", api("PATCH", "/articles/{article}", json={"reviewers_wanted": "many"}), 400, "reviewers_wanted"),
    ("api-wrong-content-type", api("POST", "/teams/{slug}/articles", data='{"title": "T", "text": "Words."}', content_type="text/plain"), 415, "unsupportedmediatype"),
    ("api-form-body", api("POST", "/teams/{slug}/articles", data={"title": "T", "text": "Words."}), 415, "unsupportedmediatype"),
    # --- API query strings and paths ---------------------------------------------------------
    ("api-negative-limit", api("GET", "/teams/{slug}/articles", query_string={"limit": "-1"}), 400, "limit"),
    ("api-zero-limit", api("GET", "/teams/{slug}/articles", query_string={"limit": "0"}), 400, "limit"),
    ("api-superscript-limit", api("GET", "/teams/{slug}/articles", query_string={"limit": "²"}), 400, "limit"),
    ("api-garbage-cursor", api("GET", "/teams/{slug}/articles", query_string={"cursor": "garbage"}), 400, "cursor"),
    ("api-forged-cursor", api("GET", "/teams/{slug}/articles", query_string={"cursor": "YWZ0ZXI6wrI"}), 400, "cursor"),
    ("api-unknown-state-filter", api("GET", "/teams/{slug}/articles", query_string={"state": "nope"}), 400, "state"),
    ("api-impossible-date", api("GET", "/teams/{slug}/articles", query_string={"since": "2026-02-30T00:00:00Z"}), 400, "since"),
    ("api-date-without-zone", api("GET", "/teams/{slug}/articles", query_string={"since": "2026-01-31T00:00:00"}), 400, "since"),
    ("api-reviewer-not-a-number", api("GET", "/articles/{article}/annotations", query_string={"reviewer": "abc"}), 400, "reviewer"),
    ("api-unknown-query-parameter", api("GET", "/teams/{slug}/articles", query_string={"bogus": "1"}), 400, "bogus"),
    ("api-misspelt-query-parameter", api("DELETE", API_SAVE, query_string={"verison": "1"}), 400, "verison"),
    ("api-nul-in-query", api("GET", "/teams/{slug}/articles", query_string={"state": NUL}), 400, "state"),
    ("api-escape-in-query", api("GET", "/teams/{slug}/articles", query_string={"cursor": f"a{ESC}"}), 400, "cursor"),
    ("api-id-past-any", api("GET", f"/articles/{HUGE_ID}"), 404, "notfound"),
    ("api-id-arabic-digits", api("GET", "/articles/{article_in_arabic_digits}"), 404, "not_found"),
    # --- headers -----------------------------------------------------------------------------
    ("if-match-garbage", api("PUT", API_SAVE, json={"verdict": "verified"}, headers={"If-Match": "yesterday"}), 400, "If-Match"),
    ("if-match-superscript", api("PUT", API_SAVE, json={"verdict": "verified"}, headers={"If-Match": '"²"'}), 400, "If-Match"),
    ("if-match-past-any", api("PUT", API_SAVE, json={"verdict": "verified"}, headers={"If-Match": '"99999999999"'}), 400, "If-Match"),
    ("auth-basic-scheme", api("GET", "/me", headers={"Authorization": "Basic dXNlcjpwYXNz"}), 401, "unauthorized"),
    ("auth-bearer-without-token", api("GET", "/me", headers={"Authorization": "Bearer"}), 401, "unauthorized"),
    ("auth-token-scheme", api("GET", "/me", headers={"Authorization": "Token abc"}), 401, "unauthorized"),
    ("auth-100kb-token", api("GET", "/me", headers={"Authorization": "Bearer " + "t" * 100_000}), 401, "unauthorized"),
    ("auth-nul-in-token", api("GET", "/me", headers={"Authorization": f"Bearer ann_{NUL}"}), 401, "unauthorized"),
]  # fmt: skip


@dataclass
class Desk:
    """The shared team: an admin's browser, a stranger's browser, an API token, record ids."""

    app: object
    clients: dict
    secret: str
    values: dict


def migrated_app(url: str):
    app = create_app(base_config(url))
    app.test_client_class = IsolatedClient
    with app.app_context():
        upgrade()
    return app


@pytest.fixture(scope="module")
def database(engine_name, sqlite_template, tmp_path_factory):
    """A database of this module's own, so that its rows may share one team."""
    folder = tmp_path_factory.mktemp("bad_input")
    with database_of_its_own(engine_name, sqlite_template, folder, "annotator_bad_input") as url:
        yield url


@pytest.fixture(scope="module")
def desk(database, cheap_password_hashing):
    app = migrated_app(database)
    with app.app_context():
        values, secret = build_team()
        clients = {"editor": app.test_client(), "stranger": app.test_client()}
        login = {"email": "admin@example.org", "password": PASSWORD}
        assert clients["editor"].post("/login", data=login).status_code == 302
        yield Desk(app, clients, secret, values)
        db.session.remove()
        db.engine.dispose()


def build_team() -> tuple[dict, str]:
    team = teams.create_team("Demo newsroom", "demo-newsroom")
    teams.create_team("Night desk", "night-desk")  # a name the team cannot take
    admin = accounts.create_user("admin@example.org", "Admin", PASSWORD)
    author = accounts.create_user("author@example.org", "Author", PASSWORD)
    teams.set_membership(team, admin, Role.admin)
    teams.set_membership(team, author, Role.reviewer)
    team.public_pages = True  # its public list answers, with nothing published yet
    admin.is_instance_admin = True
    author.name = "Author of the bridge"
    outsider = accounts.create_user("outsider@example.org", "Outsider", PASSWORD)
    # Answered already: an id that exists, and no longer opens anything.
    declined, _ = create_invitation(admin, team, "gone@example.org", Role.viewer)
    declined.state = InvitationState.declined
    article = import_article(team, admin, ArticleDraft("Bridge", TEXT)).article
    flag = annotate_sentence(author, article.sentences[1], AnnotationEntry(Verdict.disputed))
    post_comment(admin, article.sentences[0], "Which figure?")
    # The admin's own verdict, changed once, an hour ago: past the Undo's window.
    for verdict in (Verdict.verified, Verdict.disputed):
        mine = annotate_sentence(admin, article.sentences[1], AnnotationEntry(verdict, "Mine."))
    mine.updated_at = utcnow() - timedelta(hours=1)
    _, secret = create_token(admin, "bad input")
    drafts = {
        "my_draft": unplaced_draft(article, admin),
        "authors_draft": unplaced_draft(article, author),
    }
    db.session.commit()
    arabic = "".join(chr(0x660 + int(digit)) for digit in str(article.id))
    hook = create_endpoint(admin, team, HOOK["url"], "", ["article.published"], False)
    db.session.commit()
    values = {"article": article.id, "annotation": flag.id, "slug": team.slug, "hook": hook.id}
    values["accurate"] = rating_scale(team.id)[0].id
    people = {"admin": admin.id, "author": author.id, "outsider": outsider.id}
    extra = {"absent_invitation": declined.id, "article_in_arabic_digits": arabic}
    extra |= {name: row.id for name, row in drafts.items()}
    return {**values, **people, **extra}, secret


def snapshot() -> dict[str, tuple[int, str]]:
    """Return every table's row count and a digest of all its rows (a token's last use aside)."""
    tables = {}
    with db.engine.connect() as connection:
        for table in db.metadata.sorted_tables:
            columns = [c for c in table.columns if c.name != "last_used_at"]
            query = sa.select(*columns).order_by(*table.primary_key.columns)
            rows = connection.execute(query).all()
            tables[table.name] = (len(rows), hashlib.sha256(repr(rows).encode()).hexdigest())
    return tables


def send(desk: Desk, how: Send):
    """Send the input as its sender would: API calls carry the token unless they test it."""
    options = dict(how.options)
    if how.who == "api" and "Authorization" not in options.get("headers", {}):
        options["headers"] = {
            "Authorization": f"Bearer {desk.secret}",
            **options.get("headers", {}),
        }
    if isinstance(options.get("data"), dict):
        # Field names may carry a record's id too (the prefix of an unplaced draft's form).
        # So may a value that is only a record's name in braces ("{author}": whom to assign).
        options["data"] = {
            name.format(**desk.values): filled(v, desk.values)
            for name, v in options["data"].items()
        }
    client = desk.clients["stranger" if how.who == "api" else how.who]
    return client.open(how.path.format(**desk.values), method=how.method, **options)


def filled(value, values: dict):
    """Return a value of "{name}" as that record's id, any other value as it is."""
    if isinstance(value, str) and re.fullmatch(r"\{\w+\}", value):
        return str(value.format(**values))
    return value


def reported(response, where: str) -> bool:
    """Tell whether the refusal names the field, code or text it should."""
    if response.is_json and "error" in (response.get_json(silent=True) or {}):
        error = response.get_json()["error"]
        return where in error["fields"] or where in (error["code"], error["message"])
    return where in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("how", "status", "where"), [pytest.param(*case[1:], id=case[0]) for case in CASES]
)
def test_malformed_input_is_refused_and_changes_nothing(request, engine_name, how, status, where):
    # ``engine_name`` (unused) marks the test as one that reaches a database, so that the
    # PostgreSQL run keeps it: its fixtures are only asked for inside.
    if how.who == "first-run":
        # No account yet, or /setup would not answer: the function's own empty database.
        client = request.getfixturevalue("client")
        before = snapshot()
        response = client.open(how.path, method=how.method, **how.options)
        after = snapshot()
    else:
        desk = request.getfixturevalue("desk")
        with desk.app.app_context():
            before = snapshot()
            response = send(desk, how)
            after = snapshot()
    text = response.get_data(as_text=True)[:500]
    assert response.status_code == status, text
    assert reported(response, where), text
    assert after == before


def test_table_covers_every_surface_and_kind():
    """The table keeps at least 45 rows, on pages, uploads, API bodies, queries and headers."""
    names = [case[0] for case in CASES]
    assert len(names) == len(set(names)) >= 45
    for prefix in ("login", "setup", "import", "annotate", "respond", "comment", "settle"):
        assert any(name.startswith(prefix) for name in names), prefix
    for prefix in ("member", "token", "upload", "search", "live-cursor", "api", "if-match", "auth"):
        assert any(name.startswith(prefix) for name in names), prefix
    for prefix in (
        "invitation",
        "accounts",
        "password-change",
        "team-settings",
        "teams-",
        "webhooks-",
    ):
        assert any(name.startswith(prefix) for name in names), prefix
