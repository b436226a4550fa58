"""Two teams full of records, with one member per role, for the route-by-route tests."""

import re
from dataclasses import dataclass, field

import pytest

from annotator.extensions import db
from annotator.models import Draft, NotificationKind, Role, Verdict
from annotator.services.annotations import AnnotationEntry, annotate_sentence
from annotator.services.articles import ArticleDraft, import_article
from annotator.services.discussion import post_comment
from annotator.services.inbox import notify
from annotator.services.invitations import create_invitation
from annotator.services.names import NameEntry, add_name
from annotator.services.rating_scale import RatingDraft, add_rating
from annotator.services.settling import settle_sentence
from annotator.services.teams import create_team, set_membership
from annotator.services.tokens import create_token
from tests.conftest import PASSWORD

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
    }
    drafts = {role: unplaced_draft(article, user) for role, user in world.members.items()}
    db.session.commit()
    world.values["draft_id"] = drafts["reviewer"].id
    world.per_actor = {
        "name_id": {role: row.id for role, row in names.items()},
        "rating_id": {role: row.id for role, row in ratings.items()},
        "draft_id": {role: row.id for role, row in drafts.items()},
    }
    return world


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


@pytest.fixture
def own_world(team, make_member) -> World:
    world = build_world(team, make_member)
    world.members["admin"].is_instance_admin = True  # the INSTANCE routes' one allowed actor
    db.session.commit()
    return world


@pytest.fixture
def other_world(app, make_member) -> World:
    return build_world(create_team("Elsewhere desk", "elsewhere-desk"), make_member)


def csrf_token(client, path: str = "/") -> str:
    """Return the CSRF token a page of the client's session carries, as a browser reads it."""
    page = client.get(path, follow_redirects=True).get_data(as_text=True)
    return re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)


def log_in(client, email: str) -> None:
    """Log in through the login form, CSRF token included."""
    token = csrf_token(client, "/login")
    data = {"email": email, "password": PASSWORD, "csrf_token": token}
    assert client.post("/login", data=data).status_code == 302
