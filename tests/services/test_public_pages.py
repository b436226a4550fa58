"""Public pages: addresses made once and kept, who may be read, and the lists that find them."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from annotator.errors import NotFound, PermissionDenied, Withdrawn
from annotator.extensions import db
from annotator.models import ArticleState, AuditEvent, Role, utcnow
from annotator.services import public_pages
from annotator.services.articles import ArticleDraft, import_article
from annotator.services.public_pages import (
    public_address_of,
    public_article,
    public_list,
    public_team,
    sitemap_entries,
)
from annotator.services.team_settings import (
    PublicSettings,
    PublisherSettings,
    change_public_settings,
    change_team_settings,
    public_settings_of,
)
from annotator.services.teams import create_team, set_membership
from annotator.services.workflow import move_article
from tests.publishing import open_public_pages, publish_story


@pytest.fixture
def admin(make_member):
    return make_member(Role.admin, name="Ada Admin")


@pytest.fixture
def rita(make_member):
    return make_member(Role.reviewer, name="Rita Reviewer")


@pytest.fixture
def rivals(app, admin):
    rivals = create_team("Rival desk", "rival-desk")
    set_membership(rivals, admin, Role.admin)
    db.session.commit()
    return rivals


def reopen(article, editor):
    move_article(editor, article, ArticleState.in_review)
    db.session.commit()


def republish(article, editor):
    move_article(editor, article, ArticleState.settled)
    move_article(editor, article, ArticleState.published)
    db.session.commit()


def test_publishing_makes_the_slug_from_the_title_once(team, admin, rita):
    article = publish_story(team, admin, rita, title="The Bridge: cost €4 million?")
    assert article.public_slug == "the-bridge-cost-4-million"
    assert article.published_at is not None


def test_the_slug_is_kept_when_the_article_is_reopened_renamed_and_republished(team, admin, rita):
    article = publish_story(team, admin, rita)
    first = article.published_at
    reopen(article, admin)
    article.title = "Another title entirely"
    republish(article, admin)
    assert article.public_slug == "bridge-story"
    assert article.published_at >= first


def test_a_slug_is_unique_within_the_team_not_across_teams(team, admin, rita, rivals):
    first = publish_story(team, admin, rita)
    second = publish_story(team, admin, rita, text="Other words. Here too.")
    third = publish_story(team, admin, rita, text="Third words. Here too.")
    elsewhere = publish_story(rivals, admin, admin)
    assert [first.public_slug, second.public_slug, third.public_slug] == [
        "bridge-story",
        "bridge-story-2",
        "bridge-story-3",
    ]
    assert elsewhere.public_slug == "bridge-story"


def test_a_public_team_answers_only_once_it_opted_in(team, admin):
    with pytest.raises(NotFound):
        public_team(team.slug)
    open_public_pages(admin, team)
    assert public_team(team.slug) == team


@pytest.mark.parametrize("slug", ["nobody", "", "UPPER", "a b", "x" * 200, "../etc", "-"])
def test_an_unknown_or_malformed_team_slug_is_not_found(team, admin, slug):
    open_public_pages(admin, team)
    with pytest.raises(NotFound):
        public_team(slug)


def test_a_published_article_is_found_by_its_slug_in_its_team_only(team, admin, rita, rivals):
    open_public_pages(admin, team)
    open_public_pages(admin, rivals)
    article = publish_story(team, admin, rita, title="Only ours")
    assert public_article(team, "only-ours") == article
    with pytest.raises(NotFound):
        public_article(rivals, "only-ours")


@pytest.mark.parametrize("slug", ["nothing-here", "Only-Ours", "only ours", "a" * 300, "%2e%2e"])
def test_an_unknown_or_malformed_article_slug_is_not_found(team, admin, rita, slug):
    open_public_pages(admin, team)
    publish_story(team, admin, rita, title="Only ours")
    with pytest.raises(NotFound):
        public_article(team, slug)


def test_a_reopened_article_is_withdrawn_and_a_never_published_one_not_found(team, admin, rita):
    open_public_pages(admin, team)
    article = publish_story(team, admin, rita)
    draft = import_article(team, admin, ArticleDraft("Never out", "Still a draft.")).article
    db.session.commit()
    reopen(article, admin)
    with pytest.raises(Withdrawn):
        public_article(team, "bridge-story")
    assert draft.public_slug is None
    with pytest.raises(NotFound):
        public_article(team, "never-out")


def test_the_public_address_shows_only_while_published_and_opted_in(team, admin, rita):
    article = publish_story(team, admin, rita)
    assert public_address_of(article) is None  # the team has not opted in
    open_public_pages(admin, team)
    assert public_address_of(article) == "/p/demo-newsroom/bridge-story"
    reopen(article, admin)
    assert public_address_of(article) is None


def test_opting_in_addresses_articles_published_before_and_is_recorded(team, admin, rita):
    article = publish_story(team, admin, rita)
    article.public_slug = None  # published before public pages existed
    db.session.commit()
    assert change_public_settings(admin, team, PublicSettings(pages=True))
    db.session.commit()
    assert article.public_slug == "bridge-story"
    assert public_settings_of(team) == PublicSettings(True, False)
    assert team.public_changed_at is not None
    (event,) = db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.action == "team.public_pages")
    )
    assert event.before == {"pages": False, "reviewer_names": False}
    assert event.after == {"pages": True, "reviewer_names": False}


def test_unchanged_public_settings_change_nothing(team, admin):
    assert not change_public_settings(admin, team, PublicSettings())
    assert change_public_settings(admin, team, PublicSettings(False, True))
    assert team.public_reviewer_names
    assert not team.public_pages


@pytest.mark.parametrize("role", [Role.viewer, Role.reviewer, Role.editor])
def test_only_a_team_admin_opens_public_pages(team, make_member, role):
    member = make_member(role)
    with pytest.raises((PermissionDenied, NotFound)):
        change_public_settings(member, team, PublicSettings(True))
    assert not team.public_pages


def test_team_settings_carry_the_public_settings_and_date_a_rename(team, admin):
    publisher = PublisherSettings()
    assert change_team_settings(admin, team, team.name, publisher, PublicSettings(True, True))
    assert (team.public_pages, team.public_reviewer_names) == (True, True)
    team.public_changed_at = None
    assert change_team_settings(admin, team, "Harbour desk", publisher)  # public: unchanged
    assert team.public_pages
    assert team.public_changed_at is not None
    team.public_changed_at = None
    assert not change_team_settings(admin, team, "Harbour desk", publisher)
    assert team.public_changed_at is None


def test_the_public_list_is_newest_first_paged_and_leaves_withdrawn_out(team, admin, rita):
    open_public_pages(admin, team)
    articles = [
        publish_story(team, admin, rita, title=f"Story {n}", text=f"Words {n}. More {n}.")
        for n in range(5)
    ]
    for n, article in enumerate(articles):
        article.published_at = utcnow() - timedelta(days=10 - n)
    db.session.commit()
    reopen(articles[4], admin)
    first = public_list(team, 1, size=3)
    assert [entry.title for entry in first.entries] == ["Story 3", "Story 2", "Story 1"]
    assert first.entries[0].claims == 2
    assert (first.window.total, first.window.pages) == (4, 2)
    assert [entry.slug for entry in public_list(team, 2, size=3).entries] == ["story-0"]
    assert first.last_modified >= articles[3].published_at


def test_an_empty_public_list_is_dated_by_the_team(team, admin):
    open_public_pages(admin, team)
    listing = public_list(team)
    assert listing.entries == []
    assert listing.last_modified == team.public_changed_at


def test_the_sitemap_lists_published_pages_of_opted_in_teams_only(team, admin, rita, rivals):
    open_public_pages(admin, team)
    publish_story(team, admin, rita, title="Ours")
    publish_story(rivals, admin, admin, title="Theirs, private")
    withdrawn = publish_story(team, admin, rita, title="Withdrawn", text="Gone now. Yes.")
    reopen(withdrawn, admin)
    entries = sitemap_entries()
    assert [(e.team_slug, e.article_slug) for e in entries] == [
        ("demo-newsroom", None),
        ("demo-newsroom", "ours"),
    ]
    assert entries[0].modified >= entries[1].modified
    assert len(sitemap_entries(limit=1)) == 1


def test_the_free_slug_skips_every_taken_number(team, admin, rita):
    for n in range(3):
        publish_story(team, admin, rita, title="Same", text=f"Text {n}. Again.")
    assert public_pages.free_slug(team.id, "same") == "same-4"
    assert public_pages.free_slug(team.id, "sam") == "sam"
