"""Two teams full of records, with one member per role, for the route-by-route tests.

The worlds are built once per run for each set of world fixtures a test asks for, and put
back from a snapshot for the others (see the team fixture); tests use them as before.
"""

import re
from dataclasses import dataclass, field, replace

import pytest
from flask import current_app

from annotator.extensions import db
from annotator.models import (
    ArticleState,
    DeliveryState,
    Draft,
    NotificationKind,
    Role,
    Team,
    User,
    Verdict,
    WebhookDelivery,
)
from annotator.services.annotations import AnnotationEntry, annotate_sentence
from annotator.services.articles import ArticleDraft, import_article
from annotator.services.discussion import post_comment
from annotator.services.inbox import notify
from annotator.services.invitations import create_invitation
from annotator.services.mail_tokens import unsubscribe_token
from annotator.services.names import NameEntry, add_name
from annotator.services.rating_scale import RatingDraft, add_rating
from annotator.services.settling import settle_sentence
from annotator.services.team_settings import PublicSettings, change_public_settings
from annotator.services.teams import create_team, set_membership
from annotator.services.tokens import create_token
from annotator.services.webhooks import create_endpoint
from annotator.services.workflow import move_article
from tests.conftest import (
    PASSWORD,
    Snapshot,
    database_is_empty,
    member_maker,
    restore_snapshot,
    take_snapshot,
)

TEXT = (
    "The mayor said the bridge cost 4 million euros. The council disputes that figure.\n\n"
    "Work starts in May. The contractor was chosen in 2021."
)
#: An earlier article of the team, with a settled sentence the main article can adopt.
EARLIER = "The council disputes that figure. The mayor stands by it."
ROLES = ("viewer", "reviewer", "editor", "admin")


@dataclass
class World:
    """One team's records, and its members by role with their API tokens."""

    team: object
    members: dict = field(default_factory=dict)
    tokens: dict = field(default_factory=dict)
    values: dict = field(default_factory=dict)
    #: Records that an allowed call removes: each member gets its own, so the first
    #: allowed role's delete does not turn the next one's answer into 404.
    per_actor: dict = field(default_factory=dict)

    def value(self, name: str, actor: str):
        return self.per_actor.get(name, {}).get(actor, self.values[name])


def build_world(team, make_member) -> World:
    world = World(team)
    for role in ROLES:
        # The viewer was a reviewer until lately: it has a verdict of its own to read.
        joined_as = Role.reviewer if role == "viewer" else Role(role)
        user = make_member(joined_as, name=f"{role.capitalize()} {team.slug}", in_team=team)
        world.members[role] = user
        world.tokens[role] = create_token(user, "matrix")[1]
    admin, editor = world.members["admin"], world.members["editor"]
    author = make_member(Role.reviewer, name=f"Author {team.slug}", in_team=team)
    earlier = import_article(team, editor, ArticleDraft(f"Council {team.slug}", EARLIER)).article
    settled = settle_sentence(editor, earlier.sentences[0], Verdict.disputed, "Minutes of May.")
    article = import_article(team, editor, ArticleDraft(f"Bridge {team.slug}", TEXT)).article
    sentence = article.sentences[1]
    flag = annotate_sentence(author, sentence, AnnotationEntry(Verdict.disputed, "No."))
    # Every member has its own verdict on the sentence: blind review then hides no
    # teammate's flag, so the cells test the role table, not blind mode.
    for role, user in world.members.items():
        annotate_sentence(user, sentence, AnnotationEntry(Verdict.unverified, f"{role}."))
    set_membership(team, world.members["viewer"], Role.viewer)
    thread = post_comment(editor, sentence, "Which figure?")
    settle_sentence(editor, sentence, Verdict.disputed, "Checked the budget.")
    names = {role: add_name(editor, team.id, NameEntry(f"City council {role}")) for role in ROLES}
    ratings = {
        role: add_rating(admin, team, RatingDraft(f"Half true {role}", "", Verdict.disputed, 3))
        for role in ROLES
    }
    note = notify(admin.id, NotificationKind.mention, editor, article, "Look", 1)
    token = create_token(admin, "spare")[0]
    invitation = create_invitation(admin, team, f"guest.{team.slug}@example.org", Role.viewer)[0]
    received = invitation_to(admin, team, make_member)
    published = published_article(team, editor, admin)
    db.session.commit()
    world.values = {
        "filename": "css/app.css",
        "slug": team.slug,
        "article_id": article.id,
        "index": 1,
        "number": 1,
        "format_name": "md",
        "annotation_id": flag.id,
        "comment_id": thread.id,
        "resolution_id": settled.id,
        "name_id": names["admin"].id,
        "rating_id": ratings["admin"].id,
        "notification_id": note.id,
        "token_id": token.id,
        "user_id": author.id,
        "reviewer_id": author.id,
        "kind": "annotation",
        "record_id": flag.id,
        "invitation_id": invitation.id,
        "received_invitation_id": received.id,
        # The admin's link to stop mention mails, as a mail to them carries it.
        "token": unsubscribe_token(current_app.config["SECRET_KEY"], admin.id, "mention"),
        "public_slug": published.public_slug,
    }
    drafts = {role: unplaced_draft(article, user) for role, user in world.members.items()}
    db.session.commit()
    world.values["draft_id"] = drafts["reviewer"].id
    hooks = {role: webhook_of(admin, team, role) for role in ROLES}
    hook = webhook_of(admin, team, "log")
    delivery = WebhookDelivery(
        endpoint_id=hook.id,
        message_id=f"msg_{team.slug}",
        event_type="article.published",
        body="{}",
        state=DeliveryState.delivered,
    )
    db.session.add(delivery)
    db.session.commit()
    world.values |= {"hook_id": hook.id, "endpoint_id": hook.id, "delivery_id": delivery.id}
    world.per_actor = {
        "name_id": {role: row.id for role, row in names.items()},
        "rating_id": {role: row.id for role, row in ratings.items()},
        "draft_id": {role: row.id for role, row in drafts.items()},
        "endpoint_id": {role: row.id for role, row in hooks.items()},
    }
    return world


def webhook_of(admin, team, label: str):
    """Return an endpoint of the team (one per actor for the route that deletes one)."""
    url = f"https://hooks.example.org/{team.slug}/{label}"
    return create_endpoint(admin, team, url, label, ["article.published"], allow_local=False)


def published_article(team, editor, admin):
    """Return an article the team has published on its public pages (opened by its admin)."""
    text = "The tunnel opened in 2020. It is 3 km long."
    article = import_article(team, editor, ArticleDraft(f"Tunnel {team.slug}", text)).article
    settle_sentence(editor, article.sentences[0], Verdict.verified, "The opening was filmed.")
    for state in (ArticleState.in_review, ArticleState.settled, ArticleState.published):
        move_article(editor, article, state)
    change_public_settings(admin, team, PublicSettings(pages=True))
    return article


def unplaced_draft(article, reviewer) -> Draft:
    """Return the reviewer's draft left unplaced on the article, as a revision that lost its
    sentence leaves it (made directly: a revision would change the world's sentences)."""
    draft = Draft(
        reviewer_id=reviewer.id,
        unplaced_article_id=article.id,
        reviewed_text="A sentence an earlier version had.",
        note=f"{reviewer.name}'s unplaced words",
    )
    db.session.add(draft)
    db.session.flush()
    return draft


def invitation_to(user, team, make_member):
    """Return an invitation to the user's address from a team of a host of its own."""
    guests = create_team(f"Guests {team.slug}", f"{team.slug}-guests")
    host = make_member(Role.admin, name=f"Host {team.slug}", in_team=guests)
    return create_invitation(host, guests, user.email, Role.viewer)[0]


def build_own_world(team, make_member) -> World:
    world = build_world(team, make_member)
    world.members["admin"].is_instance_admin = True  # the INSTANCE routes' one allowed actor
    db.session.commit()
    return world


def build_other_world(team, make_member) -> World:
    return build_world(create_team("Elsewhere desk", "elsewhere-desk"), make_member)


#: The world fixtures, in the order they are built, and how each is built.
WORLD_BUILDERS = {"own_world": build_own_world, "other_world": build_other_world}
WORLDS = pytest.StashKey[dict]()


@dataclass
class WorldSnapshot:
    """The database right after the team and a test's worlds were built, and the worlds'
    records by id (a restored database's rows are new objects of the test's session)."""

    database: Snapshot
    team_id: int
    worlds: dict


@pytest.fixture(scope="session")
def world_snapshots() -> dict:
    """Snapshots by the world fixtures a test asks for: ("own_world",), or both."""
    return {}


@pytest.fixture
def team(request, app, world_snapshots, tmp_path_factory):
    """The team; with own_world or other_world, their records too.

    The first test that asks for a set of worlds builds them, as the world fixtures always
    did, and snapshots the database; every later test with the same set gets a copy of that
    snapshot (building two worlds costs some 0.2 s of CPU on SQLite and 0.3 s on PostgreSQL,
    plus the server's work; restoring, a tenth of that). A test whose database is not empty
    when its team is made (a fixture wrote first) builds its worlds anew.
    """
    wanted = tuple(name for name in WORLD_BUILDERS if name in request.fixturenames)
    snapshot = world_snapshots.get(wanted)
    if wanted and database_is_empty():
        if snapshot is None:
            snapshot = world_snapshots[wanted] = snapshot_new_worlds(wanted, tmp_path_factory)
        else:
            restore_snapshot(snapshot.database)
        request.node.stash[WORLDS] = {name: world_of(ids) for name, ids in snapshot.worlds.items()}
        return db.session.get(Team, snapshot.team_id)
    team = create_team("Demo newsroom", "demo-newsroom")
    db.session.commit()
    make_member = member_maker(team)
    request.node.stash[WORLDS] = {name: WORLD_BUILDERS[name](team, make_member) for name in wanted}
    return team


def snapshot_new_worlds(wanted: tuple, tmp_path_factory) -> WorldSnapshot:
    team = create_team("Demo newsroom", "demo-newsroom")
    db.session.commit()
    make_member = member_maker(team)
    worlds = {name: ids_of(WORLD_BUILDERS[name](team, make_member)) for name in wanted}
    team_id = team.id
    database = take_snapshot(tmp_path_factory.mktemp("worlds"))
    return WorldSnapshot(database, team_id, worlds)


def ids_of(world: World) -> World:
    """Return the world with the ids of its team and members in place of the records."""
    members = {role: user.id for role, user in world.members.items()}
    return replace(world, team=world.team.id, members=members)


def world_of(ids: World) -> World:
    """Return the world of ids_of with the test session's records in place of the ids."""
    members = {role: db.session.get(User, user_id) for role, user_id in ids.members.items()}
    return replace(
        ids,
        team=db.session.get(Team, ids.team),
        members=members,
        tokens=dict(ids.tokens),
        values=dict(ids.values),
        per_actor={name: dict(by_actor) for name, by_actor in ids.per_actor.items()},
    )


def world_for(request, name: str, team, make_member) -> World:
    """Return the world the team fixture put in place, or build it (asked for late, through
    request.getfixturevalue, it was not among the test's fixtures when the team was made)."""
    worlds = request.node.stash.setdefault(WORLDS, {})
    if name not in worlds:
        worlds[name] = WORLD_BUILDERS[name](team, make_member)
    return worlds[name]


@pytest.fixture
def own_world(request, team, make_member) -> World:
    return world_for(request, "own_world", team, make_member)


@pytest.fixture
def other_world(request, team, make_member) -> World:
    return world_for(request, "other_world", team, make_member)


def csrf_token(client, path: str = "/") -> str:
    """Return the CSRF token a page of the client's session carries, as a browser reads it."""
    page = client.get(path, follow_redirects=True).get_data(as_text=True)
    return re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)


def log_in(client, email: str) -> None:
    """Log in through the login form, CSRF token included."""
    token = csrf_token(client, "/login")
    data = {"email": email, "password": PASSWORD, "csrf_token": token}
    assert client.post("/login", data=data).status_code == 302
