"""Team A's people act at random for a while; team B's records, accounts and sessions never move.

A hypothesis state machine drives the real app. Each role of team A, and an account of no
team, has a logged-in browser (its forms carry their CSRF token) and an API token. They work in
their own team (import, annotate, comment, invite, change roles, replace their tokens) and try
team B: every route of the authorization matrix filled with B's records, A's own routes with
B's people and records in them, B's people's passwords, invitation links that are not theirs,
guessed ids. B's reviewer may accept A's invitations: that is his to do. After every step
team B's side of the database is as it was, B's reviewer's browser and token still work, and
every answer A got about B was 403 or 404 and held none of B's words.
"""

import re
from dataclasses import dataclass

import sqlalchemy as sa
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    consumes,
    initialize,
    invariant,
    multiple,
    rule,
    run_state_machine_as_test,
)

from annotator import create_app
from annotator.auth.permissions import Action, can
from annotator.extensions import db
from annotator.models import Annotation, Article, Role, Verdict
from annotator.services import accounts
from annotator.services.access import role_in_team
from annotator.services.annotations import AnnotationEntry, annotate_sentence
from annotator.services.articles import ArticleDraft, import_article
from annotator.services.discussion import post_comment
from annotator.services.invitations import create_invitation
from annotator.services.teams import create_team
from annotator.services.tokens import create_token
from tests.conftest import PASSWORD, IsolatedClient, empty_all_tables
from tests.security.conftest import build_world, csrf_token, log_in
from tests.security.matrix import A_WAS_HERE, BODIES, FIRST_RUN, MEMBER, NEW, PUBLIC, ROUTES, fill
from tests.security.snapshot import SNAPSHOT_HOLDS, changes, team_b_rows, team_b_side
from tests.security.test_authorization_matrix import url_map_rules

SETTINGS = settings(
    max_examples=25,
    stateful_step_count=20,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)

#: Words of team B's that no answer to team A may hold: titles, text, note, comment, addresses.
SECRET_TITLE, SECRET_TEXT = "Harbour deal B-TITLE-7731", "The harbour deal cost B-TEXT-7731 euros."
SECRET_NOTE, SECRET_COMMENT = "B-NOTE-5521", "B-COMMENT-8812"
B_INVITEE = "b.invitee@team-b.example"
MARKERS = (
    SECRET_TITLE,
    SECRET_TEXT,
    SECRET_NOTE,
    SECRET_COMMENT,
    B_INVITEE,
    "Bridge team-b",  # build_world's titles and address
    "Council team-b",
    "guest.team-b@example.org",
)
A_ROLES = ("admin", "editor", "reviewer", "viewer")
ACTOR = st.sampled_from((*A_ROLES, "outsider"))
#: For the rules that only an admin can carry out: tried by anyone, carried out often.
ADMIN_MOSTLY = st.one_of(st.just("admin"), ACTOR)
#: Team B's people by the key their id is found under: Rob is B's reviewer.
B_PERSON = st.sampled_from(("admin", "editor", "reviewer", "viewer", "author"))
ROB_MOSTLY = st.one_of(st.just("reviewer"), B_PERSON)
CHANNEL = st.sampled_from(("web", "api"))
FORMAT = st.sampled_from(("html", "md", "csv", "json", "w3c", "claimreview"))  # PDF is slow
A_TEXTS = (
    "Team A checked the port figures. The minister denied them.",
    "Rain fell on Tuesday. The match went ahead anyway. Nobody was hurt.",
)
#: Pages and API answers that take an id: {} is the guessed number.
GUESSES = (
    "/articles/{}",
    "/articles/{}/sentences/0",
    "/articles/{}/export/json",
    "/api/v1/articles/{}",
    "/api/v1/articles/{}/exports/md",
    "/api/v1/annotations/{}",
)
UNKNOWN_ID = 987654
#: URL keys that name where a request acts; the others name one record.
PLACES = {"slug", "article_id", "index", "number", "format_name", "filename", "kind"}


def record_routes() -> list[tuple[str, str, str]]:
    """Every route of the matrix that names a team's record or an account, as (endpoint,
    method, rule)."""
    app = create_app({"TESTING": True, "SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    return [
        (endpoint, method, rule)
        for endpoint, method, rule in url_map_rules(app)
        if endpoint in ROUTES
        and ROUTES[endpoint].gate not in {PUBLIC, MEMBER, FIRST_RUN}
        and not ROUTES[endpoint].current_team
    ]


def in_a_place_of_a(endpoint: str) -> bool:
    """Tell whether the route names both a place (team, article) and a record in it."""
    keys = {key for _, key in ROUTES[endpoint].url_values()}
    return bool(keys & PLACES) and bool(keys - PLACES)


B_ROUTES = record_routes()
MIXED_ROUTES = [route for route in B_ROUTES if in_a_place_of_a(route[0])]


def plant_secrets(world) -> str:
    """Give team B an article, note, comment and invitation with words to look for; return
    the invitation's code, a link of B's that A's people then try."""
    admin, editor = world.members["admin"], world.members["editor"]
    article = import_article(world.team, editor, ArticleDraft(SECRET_TITLE, SECRET_TEXT)).article
    annotate_sentence(
        world.members["reviewer"],
        article.sentences[0],
        AnnotationEntry(Verdict.disputed, SECRET_NOTE),
    )
    post_comment(editor, article.sentences[0], SECRET_COMMENT)
    return create_invitation(admin, world.team, B_INVITEE, Role.editor)[1]


def team_of(url: str, number: int) -> int | None:
    """Return the team of the article, or of the annotation, that a guessed URL names."""
    query = sa.select(Article.team_id)
    if "/annotations/" in url:
        query = query.join(Annotation, Annotation.article_id == Article.id)
        return db.session.scalar(query.where(Annotation.id == number))
    return db.session.scalar(query.where(Article.id == number))


# --- the machine ------------------------------------------------------------------------------


@dataclass
class Actor:
    """One of team A's people, or the outsider: a logged-in browser and an API token."""

    user: object
    browser: object
    csrf: str
    token: str


@dataclass
class Call:
    """One way to do something in team A, and the answers when it is done."""

    method: str
    url: str
    body: dict
    done: set[int]
    outside: int = 404  # the answer to an account of no role in A


@dataclass
class Answer:
    """What an actor of A was told, and the statuses it may have been (None: any but 5xx)."""

    actor: str
    request: str
    status: int
    text: str
    allowed: set[int] | None


class TeamAAtWork(RuleBasedStateMachine):
    a_articles = Bundle("a_articles")
    robs_links = Bundle("robs_links")

    def __init__(self, app, make_member):
        super().__init__()
        self.app = app
        db.session.remove()  # SQLite reuses ids: no object of an earlier run may linger
        empty_all_tables()
        self.b = build_world(create_team("Team B", "team-b"), make_member)
        self.b_link = plant_secrets(self.b)
        self.team_a = create_team("Team A", "team-a")
        self.actors = self.team_a_signed_in(make_member)
        self.rob = self.signed_in(self.b.members["reviewer"], self.b.tokens["reviewer"])
        self.bare = app.test_client()  # for the API: no cookie, the token alone
        self.b_people = {role: user.id for role, user in self.b.members.items()}
        self.b_people["author"] = self.b.values["user_id"]
        self.b_side = team_b_side(self.b.team)
        self.robs_browser_and_token_still_work()  # his first use of the token is noted now
        self.before = team_b_rows(*self.b_side)
        assert all(self.before[name] for name in SNAPSHOT_HOLDS), "the snapshot must hold B's work"
        self.answers: list[Answer] = []

    def team_a_signed_in(self, make_member) -> dict[str, Actor]:
        """Make team A's people (and the outsider), each logged in with a token of its own."""
        people = {role: make_member(Role(role), f"A {role}", self.team_a) for role in A_ROLES}
        people["outsider"] = accounts.create_user("outsider@team-a.example", "Out Sider", PASSWORD)
        secrets = {name: create_token(user, "A's script")[1] for name, user in people.items()}
        db.session.commit()
        return {name: self.signed_in(user, secrets[name]) for name, user in people.items()}

    def signed_in(self, user, token: str) -> Actor:
        browser = self.app.test_client()
        log_in(browser, user.email)
        return Actor(user, browser, csrf_token(browser, "/account/tokens/"), token)  # a light page

    # --- sending, and noting what A was told --------------------------------------------------

    def send(self, actor: str, method: str, url: str, body: dict | None = None):
        """Send the request as the actor: with its token to the API, else from its browser."""
        person = self.actors[actor]
        if url.startswith("/api/"):
            headers = {"Authorization": f"Bearer {person.token}"}
            json = None if method == "GET" else (body or {})
            return self.bare.open(url, method=method, json=json, headers=headers)
        data = None if method == "GET" else {**(body or {}), "csrf_token": person.csrf}
        return person.browser.open(url, method=method, data=data)

    def note(self, actor: str, request: str, answer, allowed: set[int] | None):
        text = answer.get_data(as_text=True)
        self.answers.append(Answer(actor, request, answer.status_code, text, allowed))
        return answer

    def role_of(self, actor: str) -> Role | None:
        return role_in_team(self.actors[actor].user, self.team_a.id)

    def refusal(self, actor: str, action: Action, allowed: set[int], outside: int = 404):
        """The answers the actor may get in team A: allowed, 403 for its role, and outside
        for an account of no role there (404: A's records are not found)."""
        role = self.role_of(actor)
        if role is None:
            return {outside}
        return allowed if can(role, action) else {403}

    def act(self, actor, channel, request, action, web: "Call", api: "Call", found=True):
        """Do something in team A through the page or the API; expect what the actor's role
        allows, judged before the request (an admin may demote itself). A member not found
        answers 404 to those who may act."""
        call = web if channel == "web" else api
        allowed = self.refusal(actor, action, call.done if found else {404}, call.outside)
        answer = self.send(actor, call.method, call.url, call.body)
        return self.note(actor, request, answer, allowed)

    def rob_in_a(self) -> bool:
        return role_in_team(self.rob.user, self.team_a.id) is not None

    def request(self, actor: str, route: tuple[str, str, str], values: dict):
        """Send the route filled with the values, with the body it takes; return what to note."""
        endpoint, method, pattern = route
        url = fill(pattern, ROUTES[endpoint], values.__getitem__)
        body = {
            name: value.format(**values) if isinstance(value, str) else value
            for name, value in BODIES.get(endpoint, {}).items()
        }
        return f"{method} {url} {body}", self.send(actor, method, url, body)

    # --- A tries B ----------------------------------------------------------------------------

    @initialize(target=a_articles)
    def a_story(self):
        editor = self.actors["editor"].user
        draft = ArticleDraft("A's first story", A_TEXTS[0])
        article = import_article(self.team_a, editor, draft).article
        db.session.commit()
        return article.id

    @rule(actor=ACTOR, route=st.sampled_from(B_ROUTES), who=B_PERSON, format_name=FORMAT)
    def try_a_record_of_b(self, actor, route, who, format_name):
        person = self.b_people[who]
        values = {**self.b.values, "user_id": person, "reviewer_id": person}
        self.note(actor, *self.request(actor, route, values | {"format_name": format_name}), {404})

    @rule(actor=ACTOR, route=st.sampled_from(MIXED_ROUTES), who=B_PERSON, article=a_articles)
    def try_a_record_of_b_in_a(self, actor, route, who, article):
        """A's member page, article or sentence, with B's person or record in the URL: refused,
        or answered exactly as for a record that does not exist (removing an assignment that
        is not there, say)."""
        person = self.b_people[who]
        here = {"slug": "team-a", "article_id": article, "index": 0, "number": 1}
        values = {**self.b.values, "user_id": person, "reviewer_id": person, **here}
        robs_team_too = person == self.rob.user.id and self.rob_in_a()
        request, answer = self.request(actor, route, values)
        allowed = {403, 404}
        if robs_team_too and route[0] != "teams.set_password":
            allowed = None  # he is A's member too now: A may assign him, change his role in A
        elif answer.status_code not in allowed:
            nobody = {key: UNKNOWN_ID for key in values.keys() - PLACES}
            twin = self.note(actor, *self.request(actor, route, values | nobody), None)
            allowed = {twin.status_code} if twin.location == answer.location else allowed
        self.note(actor, request, answer, allowed)

    @rule(actor=ADMIN_MOSTLY, who=ROB_MOSTLY, via=st.sampled_from(("team-a", "team-b", "accounts")))
    def set_password_of_b(self, actor, who, via):
        person = self.b_people[who]
        url = f"/accounts/{person}/password"
        if via != "accounts":
            url = f"/teams/{via}/members/{person}/password"
        allowed = self.refusal(actor, Action.manage_members, {404}) if via == "team-a" else {404}
        self.note(actor, url, self.send(actor, "POST", url, {"password": NEW}), allowed)

    @rule(actor=ACTOR, number=st.integers(1, 40), path=st.sampled_from(GUESSES))
    def guess_an_id(self, actor, number, path):
        """Any id, A's or B's or nobody's: only A's may answer, and never with B's words."""
        url = path.format(number)
        allowed = None if team_of(url, number) == self.team_a.id else {404}
        self.note(actor, url, self.send(actor, "GET", url), allowed)

    @rule(actor=ACTOR, code=robs_links, how=st.sampled_from(("accept", "open", "join")))
    def use_robs_link(self, actor, code, how):
        """A link of A's made out to B's reviewer, tried by A's people and by a visitor."""
        if how == "join":
            visitor = self.app.test_client()
            data = {"code": code, "name": "Not Rob", "password": NEW, "confirm": NEW}
            data["csrf_token"] = csrf_token(visitor, "/login")
            answer = visitor.post("/invitations/join", data=data)
            self.note(actor, "join with Rob's link", answer, {404, 422})
            return
        url = f"/invitations/{how}"
        self.note(actor, url, self.send(actor, "POST", url, {"code": code}), {403, 404})

    @rule(actor=ACTOR, how=st.sampled_from(("accept", "open")))
    def use_bs_link(self, actor, how):
        url = f"/invitations/{how}"
        self.note(actor, url, self.send(actor, "POST", url, {"code": self.b_link}), {403})

    # --- B's reviewer, on his own account -----------------------------------------------------

    @rule(code=consumes(robs_links))
    def rob_accepts(self, code):
        data = {"code": code, "csrf_token": self.rob.csrf}
        answer = self.rob.browser.post("/invitations/accept", data=data)
        assert answer.status_code in {302, 404}  # 404: revoked, or replaced by a later one

    # --- A at work in A -----------------------------------------------------------------------

    @rule(
        target=robs_links,
        actor=ADMIN_MOSTLY,
        channel=CHANNEL,
        address=st.one_of(st.just("rob"), st.sampled_from(("b admin", "newcomer"))),
        role=st.sampled_from(A_ROLES),
    )
    def invite(self, actor, channel, address, role):
        email = {"rob": self.rob.user.email, "b admin": self.b.members["admin"].email}
        body = {"email": email.get(address, "new@team-a.example"), "role": role}
        done = {422} if address == "rob" and self.rob_in_a() else {201}
        answer = self.act(
            actor,
            channel,
            f"invite {address}",
            Action.manage_members,
            Call("POST", "/teams/team-a/members", body, done),
            Call("POST", "/api/v1/teams/team-a/invitations", body, done),
        )
        code = re.search(r"inv_[\w-]{43}", answer.get_data(as_text=True))
        return (
            code.group() if code and answer.status_code == 201 and address == "rob" else multiple()
        )

    @rule(
        actor=ADMIN_MOSTLY,
        member=st.sampled_from(("editor", "reviewer", "viewer", "rob")),
        role=st.sampled_from((*A_ROLES, "out")),
        channel=CHANNEL,
    )
    def change_role(self, actor, member, role, channel):
        user = self.rob.user if member == "rob" else self.actors[member].user
        in_a = role_in_team(user, self.team_a.id) is not None
        web, api = f"/teams/team-a/members/{user.id}/", f"/api/v1/teams/team-a/members/{user.id}"
        self.act(
            actor,
            channel,
            f"{role} {member}",
            Action.manage_members,
            Call("POST", web + ("remove" if role == "out" else "role"), {"role": role}, {302}),
            Call("DELETE" if role == "out" else "PUT", api, {"role": role}, {200, 204}),
            in_a,
        )

    @rule(target=a_articles, actor=ACTOR, channel=CHANNEL, text=st.sampled_from(A_TEXTS))
    def import_article(self, actor, channel, text):
        body = {"title": "A's story", "text": text}
        answer = self.act(
            actor,
            channel,
            "import",
            Action.import_article,
            # The page imports into the actor's current team: with none, it refuses (403).
            Call("POST", "/articles/new", body, {302}, outside=403),
            Call("POST", "/api/v1/teams/team-a/articles", body, {200, 201}),
        )
        if answer.status_code not in {200, 201, 302}:
            return multiple()
        found = re.search(r"/articles/(\d+)$", answer.headers["Location"])
        return int(found.group(1))

    @rule(actor=ACTOR, article=a_articles, verdict=st.sampled_from(Verdict), channel=CHANNEL)
    def annotate(self, actor, article, verdict, channel):
        url = f"/articles/{article}/sentences/0/annotation"
        self.act(
            actor,
            channel,
            f"annotate {article}",
            Action.annotate,
            Call("POST", url, {"set_verdict": verdict.value, "note": A_WAS_HERE}, {302}),
            Call(
                "PUT", "/api/v1" + url, {"verdict": verdict.value, "note": A_WAS_HERE}, {200, 201}
            ),
        )

    @rule(actor=ACTOR, article=a_articles, channel=CHANNEL)
    def comment(self, actor, article, channel):
        url, body = f"/articles/{article}/sentences/0/comments", {"body": A_WAS_HERE}
        self.act(
            actor,
            channel,
            f"comment {article}",
            Action.comment,
            Call("POST", url, body, {302}),
            Call("POST", "/api/v1" + url, body, {201}),
        )

    @rule(actor=ACTOR, b_token_first=st.booleans())
    def replace_tokens(self, actor, b_token_first):
        """Revoke all of one's tokens, then make a new one on the tokens page; perhaps try
        revoking B's admin's token by its id first."""
        if b_token_first:
            url = f"/account/tokens/{self.b.values['token_id']}/revoke"
            self.note(actor, url, self.send(actor, "POST", url), {404})
        person = self.actors[actor]
        revoked = self.send(actor, "POST", "/account/tokens/revoke-all", {"confirm": "y"})
        self.note(actor, "revoke all", revoked, {302})
        made = self.send(actor, "POST", "/account/tokens/", {"name": "renewed"})
        self.note(actor, "new token", made, {201})
        old = person.token
        person.token = re.search(
            r'class="token-secret" type="text" value="([^"]+)"', made.get_data(as_text=True)
        ).group(1)
        gone = self.bare.get("/api/v1/me", headers={"Authorization": f"Bearer {old}"})
        assert gone.status_code == 401

    # --- after every step ---------------------------------------------------------------------

    @invariant()
    def a_learned_nothing_of_b(self):
        for answer in self.answers:
            told = (answer.actor, answer.request, answer.status)
            assert answer.status < 500, told
            assert answer.allowed is None or answer.status in answer.allowed, (
                *told,
                answer.allowed,
                answer.text[:300],
            )
            assert [marker for marker in MARKERS if marker in answer.text] == [], told
        self.answers.clear()

    @invariant()
    def robs_browser_and_token_still_work(self):
        # Light pages, for speed: the snapshot shows his role and password are still there.
        assert self.rob.browser.get("/inbox/").status_code == 200  # logged out: 302 to log in
        bearer = {"Authorization": f"Bearer {self.rob.token}"}
        article = self.bare.get(f"/api/v1/articles/{self.b.values['article_id']}", headers=bearer)
        assert article.status_code == 200
        assert "Bridge team-b" in article.get_data(as_text=True)  # so A would see it if let in

    @invariant()
    def team_b_is_as_it_was(self):
        now = team_b_rows(*self.b_side)
        assert now == self.before, changes(self.before, now)


def test_team_a_at_work_never_reaches_team_b(app, make_member):
    app.config["WTF_CSRF_ENABLED"] = True  # forms as a browser sends them
    app.test_client_class = IsolatedClient
    run_state_machine_as_test(lambda: TeamAAtWork(app, make_member), settings=SETTINGS)
