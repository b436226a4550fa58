"""Chained attacks by team A's people on team B's accounts, memberships, sessions and tokens.

The authorization matrix checks one request at a time. These scenarios chain requests the way
an attacker would: invite, watch the answer, try the link, try every password control, and
look again. Throughout, team B's reviewer Rob keeps a logged-in browser and an access token
of his own; after every attack both must still work, and his password must be unchanged.
"""

import json
import re
from dataclasses import dataclass, field
from datetime import timedelta

import pytest
import sqlalchemy as sa
from flask import current_app

from annotator.exports import registry
from annotator.extensions import db
from annotator.models import (
    Annotation,
    Article,
    ArticleState,
    AuditEvent,
    Draft,
    Invitation,
    Resolution,
    Response,
    Role,
    Team,
    User,
    Verdict,
    WebhookDelivery,
    WebhookEndpoint,
    WebhookEvent,
    utcnow,
)
from annotator.services import accounts, invitations, teams, webhooks
from annotator.services.access import role_in_team
from annotator.services.annotations import AnnotationEntry, annotate_sentence
from annotator.services.articles import ArticleDraft, import_article
from annotator.services.assignments import add_assignment
from annotator.services.drafts import DraftEntry, find_draft, keep_draft
from annotator.services.entries import SourceEntry
from annotator.services.revisions import revise_article
from annotator.services.settling import settle_sentence
from annotator.services.tokens import create_token
from annotator.services.workflow import move_article
from tests.conftest import PASSWORD, IsolatedClient
from tests.exports.test_blind_review import (
    HIDDEN,
    ON_SECOND,
    TEXT,
    build_desk,
    hidden_work,
    markers_in,
    readable,
)
from tests.services.test_invitations import looks_up_an_address

ROB = "rob.reviewer@team-b.example"
#: What Tess's draft holds: only her own panel may ever show it.
DRAFTED = ("TESS-DRAFT-NOTE", "tess.example/draft", "TESS-DRAFT-TITLE", "TESS-DRAFT-QUOTE")
UNKNOWN = "nobody.yet@team-b.example"
NEW = "a brand new passphrase"
ROLES = ("viewer", "reviewer", "editor", "admin")
ALL_EVENTS = [event.value for event in WebhookEvent]


@dataclass
class Newsrooms:
    """Team A (the attackers, one member per role) and team B (the victim Rob and his admin)."""

    app: object
    team_a: object
    team_b: object
    a: dict = field(default_factory=dict)
    tokens: dict = field(default_factory=dict)
    rob: User | None = None
    rob_browser: object = None
    rob_token: str = ""
    b_article: int = 0

    def browser(self, user=None):
        """Return a new browser, logged in as the user if one is given."""
        client = self.app.test_client()
        if user is not None:
            answer = client.post("/login", data={"email": user.email, "password": PASSWORD})
            assert answer.status_code == 302
        return client

    def api(self, role: str, method: str, path: str, **options):
        headers = {"Authorization": f"Bearer {self.tokens[role]}"}
        return self.browser().open("/api/v1" + path, method=method, headers=headers, **options)


@pytest.fixture
def rooms(app, make_member) -> Newsrooms:
    app.test_client_class = IsolatedClient
    team_a = teams.create_team("Team A", "team-a")
    team_b = teams.create_team("Team B", "team-b")
    rooms = Newsrooms(app, team_a, team_b)
    for role in ROLES:
        user = make_member(Role(role), name=f"A {role}", in_team=team_a)
        rooms.a[role] = user
        rooms.tokens[role] = create_token(user, "attack")[1]
    bea = make_member(Role.admin, name="Bea B-Admin", in_team=team_b)
    rob = accounts.create_user(ROB, "Rob Reviewer", PASSWORD)
    teams.set_membership(team_b, rob, Role.reviewer)
    scoop = import_article(team_b, bea, ArticleDraft("B's scoop", "It is B's.")).article
    rooms.b_article = scoop.id
    rooms.rob = rob
    rooms.rob_token = create_token(rob, "Rob's notebook")[1]
    db.session.commit()
    rooms.rob_browser = rooms.browser(rob)  # Rob has logged in: his account is his own
    return rooms


def assert_rob_untouched(rooms: Newsrooms) -> None:
    """Rob's session, token, password, and his team B membership all still hold."""
    assert rooms.rob_browser.get(f"/articles/{rooms.b_article}").status_code == 200
    bearer = {"Authorization": f"Bearer {rooms.rob_token}"}
    assert rooms.browser().get("/api/v1/me", headers=bearer).status_code == 200
    assert accounts.authenticate(ROB, PASSWORD) is not None
    assert role_in_team(rooms.rob, rooms.team_b.id) is Role.reviewer


def assert_a_cannot_see_b(rooms: Newsrooms, client) -> None:
    for path in (
        f"/articles/{rooms.b_article}",
        f"/articles/{rooms.b_article}/export/json",
        "/teams/team-b/members",
        "/teams/team-b/settings",
    ):
        assert client.get(path).status_code == 404, path


def sql_of(request) -> tuple[object, list[str]]:
    """Send a request; return its answer and the SQL statements it sent, in order."""
    sent: list[str] = []

    def note(_conn, _cursor, statement, *_args):
        sent.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", note)
    try:
        answer = request()
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", note)
    return answer, sent


def normalised(text: str, address: str) -> str:
    """The answer with what must differ between two invitations blanked out."""
    text = text.replace(address, "ADDRESS")
    # A CSRF token carries the second it was signed in; two page loads may fall either side.
    # Its first characters are base64 of '"' and a hex digit: "Ij" (0-9) or "Im" (a-f).
    text = re.sub(r"I[jm][\w-]{20,}\.[\w-]+\.[\w-]+", "CSRF", text)
    text = re.sub(r"inv_[A-Za-z0-9_-]{43}", "CODE", text)
    text = re.sub(r"/invitations/\d+/", "/invitations/ID/", text)
    text = re.sub(r"\d\d \w{3} \d{4}, \d\d:\d\d UTC", "WHEN", text)
    text = re.sub(r'"id":\d+,"invited_by"', '"id":ID,"invited_by"', text)
    return re.sub(r"\d{4}-\d\d-\d\dT[\d:.]+\+00:00", "WHEN", text)


def invite_on_the_page(rooms: Newsrooms, ann, address: str):
    data = {"email": address, "role": "reviewer"}
    answer, sent = sql_of(lambda: ann.post("/teams/team-a/members", data=data))
    invitation = db.session.scalars(sa.select(Invitation).order_by(Invitation.id.desc())).first()
    ann.post(f"/teams/team-a/invitations/{invitation.id}/revoke")
    ann.get("/teams/team-a/members")  # shows (and so uses up) the "revoked" message
    return answer, sent


def test_inviting_a_known_address_tells_the_page_nothing(rooms):
    ann = rooms.browser(rooms.a["admin"])
    known, known_sql = invite_on_the_page(rooms, ann, ROB)
    unknown, unknown_sql = invite_on_the_page(rooms, ann, UNKNOWN)
    assert known.status_code == unknown.status_code == 201
    assert normalised(known.text, ROB) == normalised(unknown.text, UNKNOWN)
    assert known_sql == unknown_sql  # the same work, statement for statement
    assert not any(looks_up_an_address(statement) for statement in known_sql)
    assert "Rob Reviewer" not in known.text
    assert role_in_team(rooms.rob, rooms.team_a.id) is None
    assert_rob_untouched(rooms)


def test_inviting_a_known_address_tells_the_api_nothing(rooms):
    rooms.api("admin", "GET", "/me")  # the token's first use is noted once, before both
    answers = {}
    for address in (ROB, UNKNOWN):
        body = {"email": address, "role": "admin"}
        answer, sent = sql_of(
            lambda body=body: rooms.api("admin", "POST", "/teams/team-a/invitations", json=body)
        )
        headers = {k: v for k, v in answer.headers.items() if k != "Content-Length"}
        answers[address] = (answer.status_code, headers, normalised(answer.text, address), sent)
    assert answers[ROB] == answers[UNKNOWN]
    assert "Rob" not in str(answers[ROB])
    assert_rob_untouched(rooms)


def test_no_role_of_team_a_can_set_robs_password_or_see_team_b(rooms):
    rob, password = rooms.rob.id, {"password": NEW}
    for role in ROLES:
        client = rooms.browser(rooms.a[role])
        # Team A's members page is open to its admin alone (403 for the others); Rob is no
        # member there, and team B is no team of theirs: 404.
        attempts = {
            f"/teams/team-a/members/{rob}/password": 404 if role == "admin" else 403,
            f"/teams/team-b/members/{rob}/password": 404,
            f"/accounts/{rob}/password": 404,
        }
        for path, status in attempts.items():
            assert client.post(path, data=password).status_code == status, (role, path)
        promote = client.post(
            f"/accounts/{rooms.a[role].id}/instance-admin", data={"change": "grant"}
        )
        assert promote.status_code == 404
        assert client.get("/accounts/").status_code == 404
        assert_a_cannot_see_b(rooms, client)
        api_role = rooms.api(role, "PUT", f"/teams/team-a/members/{rob}", json={"role": "admin"})
        assert api_role.status_code == (404 if role == "admin" else 403)
        assert rooms.api(role, "GET", "/teams/team-b/members").status_code == 404
    assert_rob_untouched(rooms)


def test_no_role_of_team_a_can_list_create_or_rename_teams_or_touch_team_b(rooms):
    team_b = {"name": "Taken by A", "publisher_name": "A", "site_url": "https://a.example/"}
    for role in ROLES:
        client = rooms.browser(rooms.a[role])
        assert client.get("/teams/").status_code == 404, role
        assert client.post("/teams/", data={"name": f"Spare desk of {role}"}).status_code == 404
        for slug in ("team-a", "team-b"):  # renaming from the Teams page: instance admins'
            assert client.post(f"/teams/{slug}/name", data={"name": "Taken"}).status_code == 404
        assert client.post("/teams/team-b/settings", data=team_b).status_code == 404, role
        own = client.get("/teams/team-a/settings")
        assert own.status_code == (200 if role == "admin" else 403), role
        assert "Team B" not in own.text
    db.session.expire_all()
    assert [team.name for team in db.session.scalars(sa.select(Team).order_by(Team.id))] == [
        "Demo newsroom",  # the make_member fixture's team
        "Team A",
        "Team B",
    ]
    assert (rooms.team_b.publisher_name, rooms.team_b.site_url) == ("", "")
    assert_rob_untouched(rooms)


def test_the_teams_page_counts_team_bs_members_and_names_none_of_them(rooms, make_member):
    boss = make_member(Role.viewer, name="Ian Stance", in_team=rooms.team_a)
    boss.is_instance_admin = True
    db.session.commit()
    page = rooms.browser(boss).get("/teams/").text
    assert "Team B" in page
    assert re.search(
        r"<code class=\"slug\">team-b</code></td>\s*<td class=\"numeric\">2</td>", page
    )
    for person in ("Rob Reviewer", ROB, "Bea B-Admin"):
        assert person not in page


def test_team_as_admin_renames_her_own_team_on_the_record_and_b_stays_as_it_was(rooms):
    ann = rooms.browser(rooms.a["admin"])
    settings = {"name": "Harbour desk", "site_url": "https://harbour.example/"}
    assert ann.post("/teams/team-a/settings", data=settings).status_code == 302
    db.session.expire_all()
    assert (rooms.team_a.name, rooms.team_a.slug) == ("Harbour desk", "team-a")
    renamed = db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.action == "team.rename")
    ).one()
    assert (renamed.team_id, renamed.actor_id) == (rooms.team_a.id, rooms.a["admin"].id)
    assert (renamed.before, renamed.after) == ({"name": "Team A"}, {"name": "Harbour desk"})
    assert rooms.team_b.name == "Team B"
    assert_a_cannot_see_b(rooms, ann)
    assert_rob_untouched(rooms)


def test_no_role_of_team_a_reaches_team_bs_webhooks_nor_receives_its_events(rooms):
    """Team B's endpoint, its secret and its delivery log stay B's: every route answers A's
    people 404 whichever team's address they try, and B's events go to B's endpoint only."""
    bea = db.session.scalars(sa.select(User).where(User.name == "Bea B-Admin")).one()
    b_hook = webhooks.create_endpoint(
        bea, rooms.team_b, "https://b.example/hook", "B's CMS", ALL_EVENTS, False
    )
    db.session.commit()
    b_secret = b_hook.secret
    ann = rooms.browser(rooms.a["admin"])
    made = ann.post(
        "/teams/team-a/webhooks/new",
        data={"url": "https://a.example/hook", "events": ALL_EVENTS},
    )
    assert made.status_code == 201
    assert b_secret not in made.text
    a_hook = db.session.scalars(
        sa.select(WebhookEndpoint).where(WebhookEndpoint.team_id == rooms.team_a.id)
    ).one()
    scoop = db.session.get(Article, rooms.b_article)
    move_article(bea, scoop, ArticleState.in_review)
    db.session.commit()
    (b_message,) = db.session.scalars(
        sa.select(WebhookDelivery).where(WebhookDelivery.endpoint_id == b_hook.id)
    )
    assert (
        db.session.scalars(
            sa.select(WebhookDelivery).where(WebhookDelivery.endpoint_id == a_hook.id)
        ).all()
        == []
    )
    form = {"url": "https://a.example/stolen", "events": ALL_EVENTS, "active": "y"}
    for role in ROLES:
        client = rooms.browser(rooms.a[role])
        for slug in ("team-a", "team-b"):
            base = f"/teams/{slug}/webhooks/{b_hook.id}"
            for method, path, data in (
                ("GET", base, None),
                ("GET", f"{base}/edit", None),
                ("POST", f"{base}/edit", form),
                ("POST", f"{base}/secret", {}),
                ("POST", f"{base}/deliveries/{b_message.id}/redeliver", {}),
                ("POST", f"{base}/delete", {}),
            ):
                answer = client.open(path, method=method, data=data)
                assert answer.status_code in (403, 404), (role, method, path)
                assert b_secret not in answer.text
                if slug == "team-b" or role == "admin":
                    assert answer.status_code == 404, (role, method, path)
        assert client.get("/teams/team-b/webhooks/").status_code == 404, role
        assert "b.example" not in client.get("/teams/team-a/webhooks/").text
    db.session.expire_all()
    assert (b_hook.url, b_hook.secret, b_hook.active) == ("https://b.example/hook", b_secret, True)
    assert b_message.state.value == "pending"
    assert_rob_untouched(rooms)


def test_no_role_of_team_a_reads_or_writes_robs_draft(rooms):
    scoop = db.session.get(Article, rooms.b_article)
    keep_draft(rooms.rob, scoop.sentences[0], DraftEntry("ROB-DRAFT-NOTE"))
    db.session.commit()
    base = f"/articles/{rooms.b_article}/sentences/0"
    json_answer = {"Accept": "application/json"}
    for role, user in rooms.a.items():
        ann = rooms.browser(user)
        for path, data in (
            (f"{base}/draft", {"note": "A was here"}),
            (f"{base}/draft/discard", {}),
        ):
            answer = ann.post(path, data=data, headers=json_answer)
            assert answer.status_code == 404, (role, path)
        assert "ROB-DRAFT-NOTE" not in ann.get(base, headers=json_answer).text
    db.session.expire_all()
    assert find_draft(rooms.rob, scoop.sentences[0]).note == "ROB-DRAFT-NOTE"
    panel = rooms.rob_browser.get(base, headers=json_answer).json["panel"]
    assert "ROB-DRAFT-NOTE" in panel
    assert_rob_untouched(rooms)


def test_no_role_of_team_a_reads_discards_or_moves_robs_unplaced_draft(rooms):
    scoop = db.session.get(Article, rooms.b_article)
    keep_draft(rooms.rob, scoop.sentences[0], DraftEntry("ROB-UNPLACED-NOTE"))
    bea = scoop.team.memberships[0].user
    revise_article(scoop, bea, ArticleDraft("B's scoop", "A whole new story about rain."))
    db.session.commit()
    draft = db.session.scalar(sa.select(Draft).where(Draft.reviewer_id == rooms.rob.id))
    assert draft.unplaced_article_id == scoop.id
    a_article = import_article(rooms.team_a, rooms.a["editor"], ArticleDraft("A's", "A's."))
    db.session.commit()
    for role, user in rooms.a.items():
        ann = rooms.browser(user)
        for article_id in (rooms.b_article, a_article.article.id):
            for action in ("discard", "attach"):
                path = f"/articles/{article_id}/unplaced-drafts/{draft.id}/{action}"
                answer = ann.post(path, data={f"draft-{draft.id}-sentence": "1"})
                assert answer.status_code in {403, 404}, (role, path)
        assert "ROB-UNPLACED-NOTE" not in ann.get(f"/articles/{rooms.b_article}").text
    db.session.expire_all()
    assert db.session.get(Draft, draft.id).unplaced_article_id == rooms.b_article
    assert "ROB-UNPLACED-NOTE" in rooms.rob_browser.get(f"/articles/{rooms.b_article}").text
    assert_rob_untouched(rooms)


def test_only_rob_can_undo_or_restore_robs_annotation(rooms, make_member):
    """Rob saves a verdict and changes it. No one of team A can undo, restore or read its
    history (404, page and API); his teammate Tia cannot undo or restore it either (her own
    annotation, which she has none of, is all these routes act on) and gets no button."""
    sentence = f"/articles/{rooms.b_article}/sentences/0"
    rob = rooms.rob_browser
    rob.post(f"{sentence}/annotation", data={"set_verdict": "disputed", "note": "ROB-NOTE"})
    rob.post(f"{sentence}/annotation", data={"set_verdict": "verified", "version": "1"})
    attempts = [
        (f"{sentence}/annotation/undo", {"version": "2"}),
        (f"{sentence}/annotation/versions/1/restore", {"version": "2"}),
    ]
    for role in ROLES:
        client = rooms.browser(rooms.a[role])
        for path, data in attempts:
            assert client.post(path, data=data).status_code == 404, (role, path)
            assert rooms.api(role, "POST", path, json={"version": 2}).status_code == 404
        assert client.get(f"{sentence}/history").status_code == 404
    tia = make_member(Role.reviewer, name="Tia Teammate", in_team=rooms.team_b)
    teammate = rooms.browser(tia)
    assert "Restore this version" not in teammate.get(f"{sentence}/history").text
    undo, restore = (teammate.post(path, data=data) for path, data in attempts)
    assert (undo.status_code, restore.status_code) == (409, 404)
    annotation = db.session.scalar(
        sa.select(Annotation).where(Annotation.reviewer_id == rooms.rob.id)
    )
    db.session.refresh(annotation)
    assert (annotation.verdict, annotation.version) == (Verdict.verified, 2)
    assert "Restore this version" in rob.get(f"{sentence}/history").text
    assert_rob_untouched(rooms)


#: Every way the editor's desk can be asked for its list: each filter and sort, and a page.
DESK_QUERIES = (
    "",
    "?mine=1",
    "?overdue=1",
    "?disputed=1",
    "?state=draft&sort=due",
    "?sort=title&page=2",
    "?sort=progress&mine=1&overdue=1&disputed=1",
)


def test_no_role_of_team_a_sees_team_bs_articles_or_people_on_the_desk(rooms):
    """Team B's article is assigned to Rob, overdue and disputed: it matches every filter."""
    scoop = db.session.get(Article, rooms.b_article)
    bea = db.session.scalar(sa.select(User).where(User.name == "Bea B-Admin"))
    add_assignment(bea, scoop, rooms.rob, utcnow().date() - timedelta(days=1))
    for verdict, who in ((Verdict.verified, rooms.rob), (Verdict.disputed, bea)):
        annotate_sentence(who, scoop.sentences[0], AnnotationEntry(verdict))
    ours = import_article(rooms.team_a, rooms.a["editor"], ArticleDraft("A's own", "Ours.")).article
    db.session.commit()
    for role in ROLES:
        browser = rooms.browser(rooms.a[role])
        for query in DESK_QUERIES:
            page = browser.get(f"/{query}")
            assert page.status_code == 200, (role, query)
            for secret in ("B's scoop", "Rob Reviewer", "Bea B-Admin", f"/articles/{scoop.id}"):
                assert secret not in page.text, (role, query, secret)
    dropdown = rooms.browser(rooms.a["editor"]).get(f"/articles/{ours.id}/assignments").text
    assert "Rob Reviewer" not in dropdown
    assert "Bea B-Admin" not in dropdown
    assert rooms.rob_browser.get("/?mine=1&overdue=1").text.count("B&#39;s scoop") == 1
    assert_rob_untouched(rooms)


def test_a_non_member_id_answers_exactly_as_an_unknown_id(rooms):
    rob = rooms.api("admin", "PUT", f"/teams/team-a/members/{rooms.rob.id}", json={"role": "admin"})
    nobody = rooms.api("admin", "PUT", "/teams/team-a/members/987654", json={"role": "admin"})
    assert (rob.status_code, rob.get_data()) == (nobody.status_code, nobody.get_data())
    assert rob.status_code == 404
    ann = rooms.browser(rooms.a["admin"])
    page_rob = ann.post(f"/teams/team-a/members/{rooms.rob.id}/password", data={"password": NEW})
    page_nobody = ann.post("/teams/team-a/members/987654/password", data={"password": NEW})
    assert (page_rob.status_code, page_rob.text) == (page_nobody.status_code, page_nobody.text)
    assert_rob_untouched(rooms)


def test_rob_joins_team_a_and_still_no_admin_of_a_can_reset_him(rooms):
    ann = rooms.browser(rooms.a["admin"])
    page = ann.post("/teams/team-a/members", data={"email": ROB, "role": "reviewer"})
    code = re.search(r"#(inv_[\w-]+)", page.text).group(1)
    # Rob, in his own browser, follows the link Ann handed him, and accepts.
    assert (
        "Accept and join" in rooms.rob_browser.post("/invitations/open", data={"code": code}).text
    )
    assert rooms.rob_browser.post("/invitations/accept", data={"code": code}).status_code == 302
    assert role_in_team(rooms.rob, rooms.team_a.id) is Role.reviewer
    # Now in Ann's team: she sees his name, but no password control, and the route is closed.
    members = ann.get("/teams/team-a/members").text
    assert "Rob Reviewer" in members
    assert f"/members/{rooms.rob.id}/password" not in members
    assert (
        ann.post(
            f"/teams/team-a/members/{rooms.rob.id}/password", data={"password": NEW}
        ).status_code
        == 404
    )
    # She may change his role in her team or take him out of it; team B is as closed as ever.
    ann.post(f"/teams/team-a/members/{rooms.rob.id}/role", data={"role": "viewer"})
    assert role_in_team(rooms.rob, rooms.team_a.id) is Role.viewer
    assert_a_cannot_see_b(rooms, ann)
    assert_rob_untouched(rooms)


def test_instance_admin_reset_ends_robs_sessions_and_revokes_his_tokens(rooms, make_member):
    boss = make_member(Role.viewer, name="Ian Stance", in_team=rooms.team_a)
    boss.is_instance_admin = True
    db.session.commit()
    answer = rooms.browser(boss).post(f"/accounts/{rooms.rob.id}/password", data={"password": NEW})
    assert answer.status_code == 302
    assert rooms.rob_browser.get(f"/articles/{rooms.b_article}").status_code == 302  # to login
    bearer = {"Authorization": f"Bearer {rooms.rob_token}"}
    assert rooms.browser().get("/api/v1/me", headers=bearer).status_code == 401
    assert accounts.authenticate(ROB, NEW) is not None
    reset = db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.action == "account.password_reset")
    ).one()
    assert (reset.actor_id, reset.subject) == (boss.id, f"user:{rooms.rob.id}")


def close(state: str, rooms: Newsrooms, invitation: Invitation, ann) -> None:
    if state == "declined":
        assert rooms.rob_browser.post(f"/invitations/{invitation.id}/decline").status_code == 302
    elif state == "revoked":
        assert ann.post(f"/teams/team-a/invitations/{invitation.id}/revoke").status_code == 302
    else:
        invitation.expires_at = utcnow() - timedelta(seconds=1)
        db.session.commit()


@pytest.mark.parametrize("state", ["declined", "revoked", "expired"])
def test_a_closed_invitation_cannot_be_used(rooms, state):
    ann = rooms.browser(rooms.a["admin"])
    page = ann.post("/teams/team-a/members", data={"email": ROB, "role": "admin"})
    code = re.search(r"#(inv_[\w-]+)", page.text).group(1)
    invitation = db.session.scalars(sa.select(Invitation)).one()
    close(state, rooms, invitation, ann)
    assert rooms.rob_browser.post("/invitations/open", data={"code": code}).status_code == 404
    assert rooms.rob_browser.post("/invitations/accept", data={"code": code}).status_code == 404
    anonymous = rooms.browser()
    joined = anonymous.post(
        "/invitations/join", data={"code": code, "name": "X", "password": NEW, "confirm": NEW}
    )
    assert joined.status_code == 404
    assert role_in_team(rooms.rob, rooms.team_a.id) is None
    assert "Team A" not in rooms.rob_browser.get("/inbox/").text
    assert_rob_untouched(rooms)


def test_the_link_works_for_the_invited_address_alone(rooms):
    ann = rooms.browser(rooms.a["admin"])
    page = ann.post("/teams/team-a/members", data={"email": ROB, "role": "admin"})
    code = re.search(r"#(inv_[\w-]+)", page.text).group(1)
    # Ann keeps the link and tries it herself: logged in, then as a visitor.
    assert ann.post("/invitations/open", data={"code": code}).status_code == 403
    assert ann.post("/invitations/accept", data={"code": code}).status_code == 403
    visitor = rooms.browser()
    impostor = {"code": code, "name": "Not Rob", "password": NEW, "confirm": NEW}
    assert visitor.post("/invitations/join", data=impostor).status_code == 422
    assert accounts.authenticate(ROB, NEW) is None
    # Team A's other members with the link fare no better.
    for role in ("viewer", "reviewer", "editor"):
        other = rooms.browser(rooms.a[role])
        assert other.post("/invitations/accept", data={"code": code}).status_code == 403
    assert rooms.team_a.id not in {m.team_id for m in rooms.rob.memberships}
    assert_rob_untouched(rooms)


def test_the_declines_name_stays_out_of_the_inviting_teams_history(rooms):
    ann = rooms.browser(rooms.a["admin"])
    ann.post("/teams/team-a/members", data={"email": ROB, "role": "viewer"})
    invitation = db.session.scalars(sa.select(Invitation)).one()
    rooms.rob_browser.post(f"/invitations/{invitation.id}/decline")
    history = rooms.api("admin", "GET", "/teams/team-a/audit").get_data(as_text=True)
    assert "invitation.decline" in history
    assert "Rob" not in history
    assert "Rob" not in ann.get("/teams/team-a/members").text


def test_codes_are_long_random_single_use_and_stored_only_as_hashes(rooms):
    codes = []
    for n in range(5):
        body = {"email": f"guest{n}@example.org", "role": "viewer"}
        codes.append(
            rooms.api("admin", "POST", "/teams/team-a/invitations", json=body).get_json()["code"]
        )
    assert len(set(codes)) == 5
    assert all(len(code) == len("inv_") + 43 for code in codes)  # 256 random bits each
    stored = repr(db.session.execute(sa.select(Invitation.__table__)).all())
    assert not any(code in stored for code in codes)
    visitor = rooms.browser()
    for guess in ("inv_" + "A" * 43, codes[0][:-1] + ("A" if codes[0][-1] != "A" else "B")):
        assert visitor.post("/invitations/open", data={"code": guess}).status_code == 404
    first = {"code": codes[0], "name": "Guest Zero", "password": NEW, "confirm": NEW}
    assert visitor.post("/invitations/join", data=first).status_code == 302
    assert (
        rooms.browser().post("/invitations/join", data={**first, "name": "Twice"}).status_code
        == 404
    )


def test_an_address_squatted_through_a_link_cannot_take_another_teams_invitation(rooms):
    """Ann makes an account for an address no one has yet, then team B invites that address."""
    ann = rooms.browser(rooms.a["admin"])
    page = ann.post("/teams/team-a/members", data={"email": UNKNOWN, "role": "viewer"})
    ann_code = re.search(r"#(inv_[\w-]+)", page.text).group(1)
    squat = rooms.browser()
    squatted = {"code": ann_code, "name": "Fake Newcomer", "password": NEW, "confirm": NEW}
    assert squat.post("/invitations/join", data=squatted).status_code == 302
    bea = db.session.scalars(sa.select(User).where(User.name == "Bea B-Admin")).one()
    invitations.create_invitation(bea, rooms.team_b, UNKNOWN, Role.reviewer)
    db.session.commit()
    # The squatter sees that the address is invited, but the address alone opens nothing.
    assert "Team B" in squat.get("/inbox/").text
    assert squat.post("/invitations/accept", data={"code": ann_code}).status_code == 404
    assert squat.post("/invitations/accept", data={"code": ""}).status_code == 422
    squatter = accounts.find_user_by_email(UNKNOWN)
    assert role_in_team(squatter, rooms.team_b.id) is None
    assert squat.get(f"/articles/{rooms.b_article}").status_code == 404


def untagged(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html)


def export_text(entry, answer) -> str:
    """Return an export's text, or the refusal's when there is no export."""
    if answer.status_code != 200:
        return answer.get_data(as_text=True)
    return readable(entry.name, answer.data)


class TestBlindReview:
    """A reviewer of a team, Bo, reads an article under independent review while his
    teammate Tess flags sentences he has not judged and the editor responds and settles one.
    Bo tries every door to her work, one after another; then he judges one sentence and
    exactly that sentence opens. A viewer waits for settlement; another team sees nothing."""

    @pytest.fixture
    def desk(self, app, make_member):
        app.test_client_class = IsolatedClient
        desk = build_desk(make_member)
        desk.cursor = db.session.scalar(sa.select(sa.func.max(AuditEvent.id)))
        hidden_work(desk)
        desk.flags = {
            index: db.session.scalar(
                sa.select(Annotation.id).where(
                    Annotation.reviewer_id == desk.tess.id,
                    Annotation.sentence_id == desk.sentence(index).id,
                )
            )
            for index in (0, 1)
        }
        return desk

    @staticmethod
    def doors(desk, browser, bearer) -> dict[str, str]:
        """Every page, panel, feed, list and export that could carry a judgement: its text."""
        article = desk.article.id
        api = {"Authorization": f"Bearer {bearer}"}
        pages = {
            "article page": f"/articles/{article}",
            "panel 1": f"/articles/{article}/sentences/0",
            "panel 2": f"/articles/{article}/sentences/1",
            "live feed": f"/articles/{article}/changes?after={desk.cursor}",
            "history 1": f"/articles/{article}/sentences/0/history",
            "activity": f"/articles/{article}/activity",
            # A word of the notes, not a marker: the page repeats the query.
            "search note": "/search?q=note",
            "search final": "/search?q=council&final_verdict=unverified",
            "search rationale": "/search?q=rationale",
            "search response": "/search?q=response",
            "search source first": "/search?q=table",
            "search source second": "/search?q=minutes",
            "review queue": "/review",
            "dashboard": "/dashboard",
            "desk": "/?disputed=1&sort=progress",
        }
        # Tags out: search results mark the words found inside a note.
        texts = {
            name: untagged(browser.get(path).get_data(as_text=True)) for name, path in pages.items()
        }
        texts["panel JSON"] = browser.get(
            pages["panel 2"], headers={"Accept": "application/json"}
        ).text
        for entry in registry.FORMATS.values():
            if entry.available:
                url = f"/articles/{article}/export/{entry.name}"
                texts[f"export {entry.name}"] = export_text(entry, browser.get(url))
                answer = browser.get(
                    f"/api/v1/articles/{article}/exports/{entry.name}", headers=api
                )
                texts[f"API export {entry.name}"] = export_text(entry, answer)
        for name, path in {
            "API annotations": f"/articles/{article}/annotations",
            "API whole article": f"/articles/{article}/whole",
            "API resolutions": f"/articles/{article}/resolutions",
            "API agreement": f"/articles/{article}/agreement",
            "API team agreement": f"/teams/{desk.article.team.slug}/agreement",
            "API audit": f"/teams/{desk.article.team.slug}/audit",
            "API flag 1": f"/annotations/{desk.flags[0]}",
            "API flag 1 history": f"/annotations/{desk.flags[0]}/history",
            "API flag 1 responses": f"/annotations/{desk.flags[0]}/responses",
            "API flag 2": f"/annotations/{desk.flags[1]}",
        }.items():
            texts[name] = browser.get("/api/v1" + path, headers=api).get_data(as_text=True)
        return texts

    @staticmethod
    def leaks(texts: dict[str, str], markers) -> dict[str, set[str]]:
        found = {name: markers_in(text, markers) for name, text in texts.items()}
        return {name: secrets for name, secrets in found.items() if secrets}

    def log_in(self, user):
        client = current_app.test_client()
        answer = client.post("/login", data={"email": user.email, "password": PASSWORD})
        assert answer.status_code == 302
        bearer = create_token(user, "blind review")[1]
        db.session.commit()
        return client, bearer

    def test_every_door_stays_shut_until_his_own_verdict_opens_one_sentence(self, desk):
        bo, bearer = self.log_in(desk.bo)
        texts = self.doors(desk, bo, bearer)
        assert self.leaks(texts, HIDDEN) == {}
        assert "BO-OWN-NOTE" in texts["search note"]
        assert "The council disputes" not in texts["search final"]  # its final verdict is hidden
        # No mark, count or figure tells her verdicts either: only his own verdict counts.
        page = texts["article page"]  # a sentence's badge reads "disputed:1" without its tags
        assert "disputed:" not in page
        assert "unverified:" not in page
        assert "✗ 0 disputed" in page
        assert "? 0 unverified" in texts["article page"]
        for figures in ("API agreement", "API team agreement"):
            assert json.loads(texts[figures])["sentences_compared"] == 0
        # Her flags answer 404 by id, as flags that do not exist do.
        api = {"Authorization": f"Bearer {bearer}"}
        for flag in desk.flags.values():
            assert bo.get(f"/api/v1/annotations/{flag}", headers=api).status_code == 404
        # Nor can he act on what he cannot see: a response to a hidden flag is refused.
        bo.post(f"/annotations/{desk.flags[0]}/response", data={"stance": "agree"})
        assert (
            db.session.scalar(
                sa.select(sa.func.count(Response.id)).where(Response.responder_id == desk.bo.id)
            )
            == 0
        )
        # His own verdict on the first sentence opens that sentence, and no other.
        judged = bo.post(
            f"/articles/{desk.article.id}/sentences/0/annotation",
            data={"set_verdict": "disputed", "note": "BO-FIRST", "version": "0"},
        )
        assert judged.status_code == 302
        texts = self.doors(desk, bo, bearer)
        assert self.leaks(texts, ON_SECOND) == {}
        assert {"TESS-NOTE-FIRST", "EDA-RESPONSE-FIRST"} <= markers_in(texts["panel 1"])
        assert "TESS-NOTE-FIRST" in texts["API annotations"]
        assert "TESS-NOTE-FIRST" in texts["API whole article"]
        assert "tess.example/first" in texts["API whole article"]
        assert "TESS-NOTE-FIRST" in texts["export md"]
        assert "TESS-NOTE-FIRST" in texts["search note"]
        assert "The council disputes" not in texts["search final"]
        assert "EDA-RESPONSE-FIRST" in texts["search response"]
        assert "tess.example/first" in texts["search source first"]
        page = texts["article page"]
        assert "disputed:2" in page
        assert "unverified:" not in page
        assert "✗ 2 disputed" in page
        assert "? 0 unverified" in page
        assert json.loads(texts["API agreement"])["sentences_compared"] == 1
        assert bo.get(f"/api/v1/annotations/{desk.flags[0]}", headers=api).status_code == 200
        assert bo.get(f"/api/v1/annotations/{desk.flags[1]}", headers=api).status_code == 404

    def test_a_viewer_sees_judgements_once_the_article_is_settled(self, desk):
        vic, bearer = self.log_in(desk.viewer)
        everything = (*HIDDEN, "BO-OWN-NOTE")
        assert self.leaks(self.doors(desk, vic, bearer), everything) == {}
        settle_sentence(desk.editor, desk.sentence(0), Verdict.disputed, "Checked.")
        settle_sentence(desk.editor, desk.sentence(2), Verdict.verified, "Fine.")
        move_article(desk.editor, db.session.get(Article, desk.article.id), ArticleState.settled)
        db.session.commit()
        texts = self.doors(desk, vic, bearer)
        assert set(everything) <= set().union(*self.leaks(texts, everything).values())
        assert markers_in(texts["export json"], everything) == set(everything)

    def test_a_draft_reaches_no_door_but_its_authors_own_panel(self, desk, make_member):
        """Tess's unsaved words, even once the article is settled and blind review is over."""
        sources = [
            SourceEntry("https://tess.example/draft", "TESS-DRAFT-TITLE", "TESS-DRAFT-QUOTE")
        ]
        keep_draft(desk.tess, desk.sentence(1), DraftEntry("TESS-DRAFT-NOTE", None, sources))
        settle_sentence(desk.editor, desk.sentence(0), Verdict.disputed, "Checked.")
        settle_sentence(desk.editor, desk.sentence(2), Verdict.verified, "Fine.")
        move_article(desk.editor, db.session.get(Article, desk.article.id), ArticleState.settled)
        db.session.commit()
        stranger = make_member(Role.admin, in_team=teams.create_team("Rivals", "rivals"))
        for person in (desk.bo, desk.editor, desk.viewer, stranger):
            texts = self.doors(desk, *self.log_in(person))
            assert self.leaks(texts, DRAFTED) == {}, person.name
        tess, bearer = self.log_in(desk.tess)
        texts = self.doors(desk, tess, bearer)
        assert set(self.leaks(texts, DRAFTED)) == {"panel 2", "panel JSON"}

    def test_an_unplaced_draft_reaches_no_door_but_its_authors_unplaced_list(
        self, desk, make_member
    ):
        """A revision loses the sentence of Tess's draft: only her own Unplaced list shows it,
        and no one else, of her team or another, can discard or move it."""
        sources = [
            SourceEntry("https://tess.example/draft", "TESS-DRAFT-TITLE", "TESS-DRAFT-QUOTE")
        ]
        keep_draft(desk.tess, desk.sentence(2), DraftEntry("TESS-DRAFT-NOTE", None, sources))
        article = db.session.get(Article, desk.article.id)
        revise_article(article, desk.editor, ArticleDraft("Bridge", TEXT.split("\n\n")[0]))
        db.session.commit()
        draft = db.session.scalar(sa.select(Draft).where(Draft.reviewer_id == desk.tess.id))
        assert draft.unplaced_article_id == article.id
        stranger = make_member(Role.admin, in_team=teams.create_team("Rivals", "rivals"))
        base = f"/articles/{article.id}/unplaced-drafts/{draft.id}"
        for person in (desk.bo, desk.editor, desk.viewer, stranger):
            browser, bearer = self.log_in(person)
            assert self.leaks(self.doors(desk, browser, bearer), DRAFTED) == {}, person.name
            for action in ("discard", "attach"):
                answer = browser.post(f"{base}/{action}", data={f"draft-{draft.id}-sentence": "1"})
                assert answer.status_code in {403, 404}, (person.name, action)
        tess, bearer = self.log_in(desk.tess)
        assert set(self.leaks(self.doors(desk, tess, bearer), DRAFTED)) == {"article page"}
        db.session.expire_all()
        assert db.session.get(Draft, draft.id).unplaced_article_id == article.id

    def test_editors_see_everything_and_another_team_sees_nothing(self, desk, make_member):
        eda, bearer = self.log_in(desk.editor)
        texts = self.doors(desk, eda, bearer)
        assert markers_in(texts["export json"]) == set(HIDDEN)
        assert "disputed:1" in texts["article page"]
        assert "? 1 unverified" in texts["article page"]
        assert markers_in(texts["panel 2"]) == {"TESS-NOTE-SECOND", "EDA-RATIONALE-SECOND"}
        assert "The council disputes" in texts["search final"]
        stranger = make_member(Role.admin, in_team=teams.create_team("Rivals", "rivals"))
        rival, bearer = self.log_in(stranger)
        assert self.leaks(self.doors(desk, rival, bearer), (*HIDDEN, "BO-OWN-NOTE")) == {}
        assert rival.get(f"/articles/{desk.article.id}").status_code == 404


def test_no_role_of_team_a_follows_b_articles_or_touches_robs_mail(rooms):
    """Following, unfollowing and the e-mail choices: team A reaches none of team B's, and
    an unsubscribe link of A's own, or one forged for Rob, leaves Rob's mail as it was."""
    from annotator.services.following import follow_article, is_following
    from annotator.services.mail_preferences import mail_preferences_of
    from annotator.services.mail_tokens import unsubscribe_token

    scoop = db.session.get(Article, rooms.b_article)
    follow_article(rooms.rob, scoop)
    db.session.commit()
    robs_choices = mail_preferences_of(rooms.rob.id)
    key = current_app.config["SECRET_KEY"]
    for role, user in rooms.a.items():
        ann = rooms.browser(user)
        for action in ("follow", "unfollow"):
            answer = ann.post(f"/articles/{rooms.b_article}/{action}")
            assert answer.status_code == 404, (role, action)
        own = unsubscribe_token(key, user.id, "mention")
        forged = unsubscribe_token("guessed-key", rooms.rob.id, "mention")
        assert ann.post(f"/unsubscribe/{forged}").status_code == 400
        assert ann.post(f"/unsubscribe/{own}").status_code == 200
        never = dict.fromkeys(("mention", "response", "assignment", "published"), "never")
        assert ann.post("/account/email", data=never).status_code == 302
    db.session.expire_all()
    assert is_following(rooms.rob, scoop)
    assert mail_preferences_of(rooms.rob.id) == robs_choices
    assert_rob_untouched(rooms)


def test_a_mail_to_rob_carries_none_of_team_as_words(rooms):
    """Team A's editor names Rob in A's article and publishes it; team B's admin names him
    in B's: the only mail Rob gets is B's, and nothing of A is in it."""
    from annotator.services.discussion import post_comment
    from annotator.services.mail_compose import MailSetup
    from annotator.services.mail_delivery import send_daily_digests, send_due_mail
    from annotator.services.smtp_transport import SmtpTransport
    from tests.smtp_server import parts, smtp_server

    editor = rooms.a["editor"]
    a_story = import_article(rooms.team_a, editor, ArticleDraft("A-SECRET-TITLE", TEXT)).article
    post_comment(editor, a_story.sentences[0], "@Rob Reviewer A-SECRET-WORDS")
    scoop = db.session.get(Article, rooms.b_article)
    bea = db.session.scalar(sa.select(User).where(User.name == "Bea B-Admin"))
    post_comment(bea, scoop.sentences[0], "@Rob Reviewer B's own words")
    db.session.commit()
    with smtp_server() as (received, port):
        transport = SmtpTransport("127.0.0.1", port, security="none")
        setup = MailSetup(transport, "desk@example.org", "https://x.example", "test-secret")
        send_due_mail(utcnow(), setup)
        send_daily_digests(utcnow(), setup)
    to_rob = [m for m, to in zip(received.messages, received.recipients, strict=True) if ROB in to]
    assert len(to_rob) == 1
    text, html = parts(to_rob[0])
    assert "B's own words" in text
    for body in (text, html, str(to_rob[0])):
        assert "A-SECRET" not in body
        assert "Team A" not in body


# --- public fact-check pages ------------------------------------------------------------------

#: What team B's people wrote that no public page may show: a note, a response, a draft.
B_PRIVATE = ("ROB-PRIVATE-NOTE", "BEA-AGREES-PRIVATELY", "ROB-UNSAVED-DRAFT", "Rob Reviewer")


def publish_for_b(rooms: Newsrooms, title: str = "Bravo public story") -> Article:
    """Team B's reviewer Rob judges, with a note, a response and a draft on the next sentence;
    its admin Bea settles and publishes."""
    from annotator.models import Stance
    from annotator.services.reviews import respond_to_annotation

    bea = db.session.scalar(sa.select(User).where(User.name == "Bea B-Admin"))
    text = "Bravo bridge cost 9 million. Bravo mayor opened it."
    article = import_article(rooms.team_b, bea, ArticleDraft(title, text)).article
    flag = annotate_sentence(
        rooms.rob, article.sentences[0], AnnotationEntry(Verdict.disputed, B_PRIVATE[0])
    )
    respond_to_annotation(bea, flag, Stance.agree, B_PRIVATE[1])
    keep_draft(rooms.rob, article.sentences[1], DraftEntry(B_PRIVATE[2], None, []))
    settle_sentence(bea, article.sentences[0], Verdict.disputed, "B-PUBLIC-RATIONALE")
    for state in (ArticleState.in_review, ArticleState.settled, ArticleState.published):
        move_article(bea, article, state)
    db.session.commit()
    return article


def open_public(team, admin) -> None:
    from annotator.services.team_settings import PublicSettings, change_public_settings

    change_public_settings(admin, team, PublicSettings(pages=True))
    db.session.commit()


def b_admin() -> User:
    return db.session.scalar(sa.select(User).where(User.name == "Bea B-Admin"))


def public_doors(team_slug: str, article_slug: str) -> dict[str, object]:
    return {
        "page": f"/p/{team_slug}/{article_slug}",
        "list": f"/p/{team_slug}/",
        "feed": f"/p/{team_slug}/feed.atom",
    }


def test_a_team_that_has_not_opted_in_shows_nothing_to_anyone(rooms):
    article = publish_for_b(rooms)
    open_public(rooms.team_a, rooms.a["admin"])
    for client in (rooms.browser(), rooms.browser(rooms.a["admin"]), rooms.rob_browser):
        for name, path in public_doors("team-b", article.public_slug).items():
            answer = client.get(path)
            assert answer.status_code == 404, name
            assert "Bravo public story" not in answer.text
    assert "team-b" not in rooms.browser().get("/sitemap.xml").text
    assert_rob_untouched(rooms)


def test_another_teams_slug_finds_nothing_under_ones_own_team(rooms):
    article = publish_for_b(rooms)
    open_public(rooms.team_b, b_admin())
    open_public(rooms.team_a, rooms.a["admin"])
    anonymous = rooms.browser()
    answer = anonymous.get(f"/p/team-a/{article.public_slug}")
    assert answer.status_code == 404
    assert "B-PUBLIC-RATIONALE" not in answer.text
    # Team A's own article of the same title gets the same slug, and shows only A's work.
    a_article = import_article(
        rooms.team_a, rooms.a["editor"], ArticleDraft("Bravo public story", "Alpha words. More.")
    ).article
    for state in (ArticleState.in_review, ArticleState.settled, ArticleState.published):
        move_article(rooms.a["editor"], a_article, state)
    db.session.commit()
    assert a_article.public_slug == article.public_slug
    page = anonymous.get(f"/p/team-a/{a_article.public_slug}").text
    assert "Alpha words." in page
    assert "Bravo bridge" not in page
    assert "B-PUBLIC-RATIONALE" not in page


def test_the_public_page_shows_no_note_response_draft_or_reviewer_name(rooms):
    article = publish_for_b(rooms)
    open_public(rooms.team_b, b_admin())
    for client in (rooms.browser(), rooms.browser(rooms.a["admin"]), rooms.rob_browser):
        texts = {
            name: client.get(path).text
            for name, path in public_doors("team-b", article.public_slug).items()
        }
        assert "B-PUBLIC-RATIONALE" in texts["page"]
        for name, text in texts.items():
            assert not [marker for marker in B_PRIVATE if marker in text], name


def test_withdrawn_answers_gone_with_none_of_the_content(rooms):
    article = publish_for_b(rooms)
    open_public(rooms.team_b, b_admin())
    move_article(b_admin(), db.session.get(Article, article.id), ArticleState.in_review)
    db.session.commit()
    answer = rooms.browser().get(f"/p/team-b/{article.public_slug}")
    assert answer.status_code == 410
    assert "withdrawn" in answer.text
    for marker in ("Bravo public story", "Bravo bridge", "B-PUBLIC-RATIONALE", *B_PRIVATE):
        assert marker not in answer.text
    assert article.public_slug not in rooms.browser().get("/p/team-b/").text
    assert article.public_slug not in rooms.browser().get("/sitemap.xml").text


def test_team_a_cannot_open_or_close_team_bs_public_pages(rooms):
    article = publish_for_b(rooms)
    for role in ROLES:
        answer = rooms.browser(rooms.a[role]).post(
            "/teams/team-b/settings",
            data={"name": "Taken over", "public_pages": "y", "public_reviewer_names": "y"},
        )
        assert answer.status_code == 404, role
    db.session.refresh(rooms.team_b)
    assert not rooms.team_b.public_pages
    assert rooms.browser().get(f"/p/team-b/{article.public_slug}").status_code == 404


def test_no_role_of_team_a_sees_or_changes_team_bs_rating_scale_nor_settles_with_it(rooms):
    from annotator.services.rating_scale import rating_scale, ratings_for

    b_scale = [(e.id, e.label, e.position) for e in rating_scale(rooms.team_b.id)]
    b_false = ratings_for(rooms.team_b.id, Verdict.disputed)[1]
    own = import_article(rooms.team_a, rooms.a["editor"], ArticleDraft("A's", "A rains.")).article
    db.session.commit()
    for role in ROLES:
        client = rooms.browser(rooms.a[role])
        base = "/teams/team-b/rating-scale/"
        assert client.get(base).status_code == 404, role
        assert (
            client.post(base, data={"new-label": "A's", "new-verdict": "disputed"}).status_code
            == 404
        )
        for action in ("", "/move", "/remove"):
            url = f"{base}{b_false.id}{action}"
            assert client.post(url, data={"direction": "up"}).status_code == 404, (role, url)
        # B's rating id under A's own scale is no rating of A's.
        answer = client.post(f"/teams/team-a/rating-scale/{b_false.id}/remove")
        assert answer.status_code == (404 if role == "admin" else 403), role
        assert rooms.api(role, "GET", "/teams/team-b/rating-scale").status_code == 404, role
        listed = rooms.api(role, "GET", "/teams/team-a/rating-scale").json["items"]
        assert b_false.id not in {item["id"] for item in listed}
    # Settling A's own sentence with B's rating id is refused, on the page and the API alike.
    body = {"verdict": "disputed", "rationale": "No.", "rating_id": b_false.id}
    answer = rooms.api("editor", "PUT", f"/articles/{own.id}/sentences/0/resolution", json=body)
    assert answer.status_code == 422
    assert answer.json["error"]["fields"]["rating"] == "Choose a rating from your team's scale."
    page = rooms.browser(rooms.a["editor"]).post(
        f"/articles/{own.id}/sentences/0/settle",
        data={**body, "version": "0"},
        follow_redirects=True,
    )
    assert "Choose a rating from your team&#39;s scale." in page.text
    db.session.expire_all()
    assert [(e.id, e.label, e.position) for e in rating_scale(rooms.team_b.id)] == b_scale
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Resolution)) == 0
    assert_rob_untouched(rooms)
