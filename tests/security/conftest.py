"""Two teams full of records, with one member per role, for the route-by-route tests."""

from dataclasses import dataclass, field

import pytest

from annotator.extensions import db
from annotator.models import NotificationKind, Role, Verdict
from annotator.services.annotations import AnnotationEntry, annotate_sentence
from annotator.services.articles import ArticleDraft, import_article
from annotator.services.discussion import post_comment
from annotator.services.inbox import notify
from annotator.services.names import NameEntry, add_name
from annotator.services.settling import settle_sentence
from annotator.services.teams import create_team
from annotator.services.tokens import create_token

TEXT = (
    "The mayor said the bridge cost 4 million euros. The council disputes that figure.\n\n"
    "Work starts in May. The contractor was chosen in 2021."
)
ROLES = ("viewer", "reviewer", "editor", "admin")


@dataclass
class World:
    """One team's records, and its members by role with their API tokens."""

    team: object
    members: dict = field(default_factory=dict)
    tokens: dict = field(default_factory=dict)
    values: dict = field(default_factory=dict)


def build_world(team, make_member) -> World:
    world = World(team)
    for role in ROLES:
        user = make_member(Role(role), name=f"{role.capitalize()} {team.slug}", in_team=team)
        world.members[role] = user
        world.tokens[role] = create_token(user, "matrix")[1]
    admin, editor = world.members["admin"], world.members["editor"]
    author = make_member(Role.reviewer, name=f"Author {team.slug}", in_team=team)
    article = import_article(team, editor, ArticleDraft(f"Bridge {team.slug}", TEXT)).article
    sentences = article.sentences
    flag = annotate_sentence(author, sentences[1], AnnotationEntry(Verdict.disputed, "No."))
    thread = post_comment(editor, sentences[1], "Which figure?")
    resolution = settle_sentence(editor, sentences[0], Verdict.verified, "Checked the budget.")
    name = add_name(editor, team.id, NameEntry("City council"))
    note = notify(admin.id, NotificationKind.mention, editor, article, "Look", 1)
    token = create_token(admin, "spare")[0]
    db.session.commit()
    world.values = {
        "filename": "css/app.css",
        "slug": team.slug,
        "article_id": article.id,
        "index": 1,
        "number": 1,
        "format_name": "markdown",
        "annotation_id": flag.id,
        "comment_id": thread.id,
        "resolution_id": resolution.id,
        "name_id": name.id,
        "notification_id": note.id,
        "token_id": token.id,
        "user_id": author.id,
        "reviewer_id": author.id,
        "kind": "annotation",
        "record_id": flag.id,
    }
    return world


@pytest.fixture
def own_world(team, make_member) -> World:
    return build_world(team, make_member)


@pytest.fixture
def other_world(app, make_member) -> World:
    return build_world(create_team("Elsewhere desk", "elsewhere-desk"), make_member)
