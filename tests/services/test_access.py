"""Loading a team's records and checking the role in one call, as every write view does."""

import pytest
import sqlalchemy as sa

from annotator.auth.permissions import Action
from annotator.errors import NotFound, PermissionDenied
from annotator.extensions import db
from annotator.models import Role, Verdict
from annotator.services.access import (
    get_annotation_for,
    get_article_for,
    get_sentence_for,
    team_ids_of,
    teams_of,
)
from annotator.services.annotations import AnnotationEntry, annotate_sentence
from annotator.services.articles import ArticleDraft, import_article
from annotator.services.teams import create_team, set_membership

TEXT = "The mayor said the bridge cost 4 million euros. The council disputes that figure."


@pytest.fixture
def flag(team, make_member):
    article = import_article(team, None, ArticleDraft("Bridge", TEXT)).article
    entry = AnnotationEntry(Verdict.disputed, "No.")
    annotation = annotate_sentence(make_member(Role.reviewer), article.sentences[1], entry)
    db.session.commit()
    return annotation


def loaders(flag) -> dict:
    return {
        "article": lambda user, action: get_article_for(user, flag.article_id, action),
        "sentence": lambda user, action: get_sentence_for(user, flag.article_id, 1, action),
        "annotation": lambda user, action: get_annotation_for(user, flag.id, action),
    }


@pytest.mark.parametrize("record", ["article", "sentence", "annotation"])
def test_loader_refuses_a_role_without_the_action(flag, make_member, record):
    viewer = make_member(Role.viewer)
    with pytest.raises(PermissionDenied):
        loaders(flag)[record](viewer, Action.annotate)


@pytest.mark.parametrize("record", ["article", "sentence", "annotation"])
def test_loader_hides_the_record_from_an_outsider_whatever_the_action(flag, make_member, record):
    outsider = make_member(Role.admin, in_team=create_team("Elsewhere", "elsewhere"))
    with pytest.raises(NotFound):
        loaders(flag)[record](outsider, Action.read)


@pytest.mark.parametrize("record", ["article", "sentence", "annotation"])
def test_loader_returns_the_record_to_a_role_with_the_action(flag, make_member, record):
    reviewer = make_member(Role.reviewer)
    assert loaders(flag)[record](reviewer, Action.annotate) is not None


def test_sentence_loader_tells_a_missing_sentence_from_a_missing_article(flag, make_member):
    reviewer = make_member(Role.reviewer)
    with pytest.raises(NotFound, match="No such sentence"):
        get_sentence_for(reviewer, flag.article_id, 99)
    with pytest.raises(NotFound, match="No such article"):
        get_sentence_for(reviewer, flag.article_id + 1, 1)


def test_sentence_loader_without_text_leaves_the_article_text_unread(flag, make_member):
    sentence = get_sentence_for(make_member(Role.reviewer), flag.article_id, 1, with_text=False)
    assert "text" in sa.inspect(sentence.article).unloaded
    assert sentence.text_in(sentence.article.text) == "The council disputes that figure."


def test_annotation_loader_without_an_action_lets_a_viewer_read(flag, make_member):
    assert get_annotation_for(make_member(Role.viewer), flag.id) == flag


def test_teams_of_and_team_ids_of_give_the_members_teams_alone(team, make_member):
    night = create_team("Aardvark desk", "aardvark-desk")
    create_team("Elsewhere", "elsewhere")
    editor = make_member(Role.editor)
    make_member(Role.viewer, name="Vic Viewer", in_team=night)
    set_membership(night, editor, Role.viewer)
    assert teams_of(editor) == [(night, Role.viewer), (team, Role.editor)]  # by name
    assert sorted(team_ids_of(editor)) == sorted([team.id, night.id])
