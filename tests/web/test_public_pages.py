"""Public fact-check pages over HTTP: no login, only what is published, sensible caching."""

import json
import re

import feedparser
import pytest
import sqlalchemy as sa

from annotator.extensions import db
from annotator.models import ArticleState, Role
from annotator.services.workflow import move_article
from tests.publishing import NOTE, open_public_pages, publish_story

LONG = " ".join(f"Claim number {n} is here." for n in range(40))


@pytest.fixture
def admin(make_member):
    return make_member(Role.admin, name="Ada Admin")


@pytest.fixture
def rita(make_member):
    return make_member(Role.reviewer, name="Rita Reviewer")


@pytest.fixture
def published(team, admin, rita):
    open_public_pages(admin, team)
    return publish_story(team, admin, rita)


def address(article) -> str:
    return f"/p/demo-newsroom/{article.public_slug}"


def test_anyone_reads_the_page_without_an_account(client, published):
    answer = client.get(address(published))
    assert answer.status_code == 200
    page = answer.text
    assert "<h1>Bridge story</h1>" in page
    assert 'id="claim-1"' in page
    assert 'id="claim-2"' in page
    assert '<a href="#claim-1">The bridge cost 4 million euros.</a>' in page
    assert "<strong>city budget</strong>" in page  # the rationale, as Markdown
    assert "https://example.org/budget" in page
    assert "Set-Cookie" not in answer.headers


def test_the_page_names_no_reviewer_and_shows_no_note_unless_chosen(client, team, admin, published):
    page = client.get(address(published)).text
    for private in (NOTE, "Rita Reviewer", "Ada Admin", "agree", "Agreement"):
        assert private not in page
    open_public_pages(admin, team, reviewer_names=True)
    page = client.get(address(published)).text
    assert "Reviewed by Rita Reviewer." in page
    assert NOTE not in page


def test_the_page_carries_open_graph_a_canonical_link_and_one_claimreview_per_claim(
    client, published
):
    page = client.get(address(published)).text
    url = "http://localhost/p/demo-newsroom/bridge-story"
    assert f'<link rel="canonical" href="{url}">' in page
    for prop, value in [
        ("og:type", "article"),
        ("og:title", "Fact-check: Bridge story"),
        ("og:url", url),
        ("og:site_name", "Demo newsroom"),
    ]:
        assert f'<meta property="{prop}" content="{value}">' in page
    assert 'property="og:description" content="Demo newsroom checked 2 claims' in page
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert [json.loads(b)["url"] for b in blocks] == [f"{url}#claim-1", f"{url}#claim-2"]


def test_the_page_sends_the_security_headers_and_cache_validators(client, published):
    answer = client.get(address(published))
    assert "script-src 'self'" in answer.headers["Content-Security-Policy"]
    assert answer.headers["X-Content-Type-Options"] == "nosniff"
    assert answer.headers["X-Frame-Options"] == "DENY"
    assert "public" in answer.headers["Cache-Control"]
    assert answer.headers["ETag"]
    assert answer.headers["Last-Modified"]
    again = client.get(address(published), headers={"If-None-Match": answer.headers["ETag"]})
    assert again.status_code == 304
    assert again.data == b""
    since = client.get(
        address(published), headers={"If-Modified-Since": answer.headers["Last-Modified"]}
    )
    assert since.status_code == 304


def test_a_settings_change_gives_the_page_a_new_etag(client, team, admin, published):
    before = client.get(address(published)).headers["ETag"]
    open_public_pages(admin, team, reviewer_names=True)
    answer = client.get(address(published), headers={"If-None-Match": before})
    assert answer.status_code == 200
    assert answer.headers["ETag"] != before


def test_a_reopened_article_is_gone_with_a_page_that_says_so(client, admin, published):
    move_article(admin, published, ArticleState.in_review)
    db.session.commit()
    answer = client.get(address(published))
    assert answer.status_code == 410
    assert "<h1>Withdrawn</h1>" in answer.text
    assert "Bridge story" not in answer.text
    assert "city budget" not in answer.text
    assert "Content-Security-Policy" in answer.headers


def test_republishing_brings_the_page_back_at_the_same_address(client, admin, published):
    move_article(admin, published, ArticleState.in_review)
    move_article(admin, published, ArticleState.settled)
    move_article(admin, published, ArticleState.published)
    db.session.commit()
    assert client.get("/p/demo-newsroom/bridge-story").status_code == 200


def test_a_team_that_turns_public_pages_off_answers_not_found_everywhere(
    client, team, admin, published
):
    from annotator.services.team_settings import PublicSettings, change_public_settings

    change_public_settings(admin, team, PublicSettings(pages=False))
    db.session.commit()
    for path in (address(published), "/p/demo-newsroom/", "/p/demo-newsroom/feed.atom"):
        answer = client.get(path)
        assert answer.status_code == 404, path
        assert "Bridge story" not in answer.text
    assert "demo-newsroom" not in client.get("/sitemap.xml").text


@pytest.mark.parametrize(
    "path",
    [
        "/p/demo-newsroom/never-published",
        "/p/nobody/bridge-story",
        "/p/nobody/",
        "/p/demo-newsroom/BRIDGE-STORY",
        "/p/demo-newsroom/bridge%20story",
        "/p/demo-newsroom/" + "a" * 5000,
        "/p/demo-newsroom/..%2f..%2fetc",
    ],
)
def test_unknown_or_malformed_addresses_are_not_found(client, published, path):
    answer = client.get(path)
    assert answer.status_code == 404
    assert "Bridge story" not in answer.text


def test_a_control_character_in_the_address_is_refused_as_bad_input(client, published):
    answer = client.get("/p/demo-newsroom/%00")
    assert answer.status_code == 400
    assert "Bridge story" not in answer.text


def test_a_never_published_article_is_not_found(client, team, admin, published):
    from annotator.services.articles import ArticleDraft, import_article

    import_article(team, admin, ArticleDraft("Never published", "Draft words. More."))
    db.session.commit()
    assert client.get("/p/demo-newsroom/never-published").status_code == 404


def test_the_team_page_lists_fact_checks_newest_first_in_pages(client, team, admin, rita):
    open_public_pages(admin, team)
    for n in range(22):
        publish_story(team, admin, rita, title=f"Story {n:02}", text=f"Words {n}. More {n}.")
    first = client.get("/p/demo-newsroom/")
    assert first.status_code == 200
    titles = re.findall(r'<h2><a href="[^"]+">(Story \d+)</a></h2>', first.text)
    assert titles[:2] == ["Story 21", "Story 20"]
    assert len(titles) == 20
    assert "Page 1 of 2" in first.text
    second = client.get("/p/demo-newsroom/?page=2").text
    assert re.findall(r'<h2><a href="[^"]+">(Story \d+)</a></h2>', second) == [
        "Story 01",
        "Story 00",
    ]
    assert client.get("/p/demo-newsroom/?page=x").status_code == 200


def test_the_feed_is_valid_atom(client, published):
    answer = client.get("/p/demo-newsroom/feed.atom")
    assert answer.status_code == 200
    assert answer.mimetype == "application/atom+xml"
    parsed = feedparser.parse(answer.data)
    assert not parsed.bozo, parsed.bozo_exception
    assert [entry.link for entry in parsed.entries] == [
        "http://localhost/p/demo-newsroom/bridge-story"
    ]
    assert answer.headers["ETag"]


def test_the_sitemap_and_robots_txt_point_search_engines_at_the_public_pages(client, published):
    answer = client.get("/sitemap.xml")
    assert answer.mimetype == "application/xml"
    assert re.findall(r"<loc>(.*?)</loc>", answer.text) == [
        "http://localhost/p/demo-newsroom/",
        "http://localhost/p/demo-newsroom/bridge-story",
    ]
    robots = client.get("/robots.txt")
    assert robots.mimetype == "text/plain"
    assert "Sitemap: http://localhost/sitemap.xml" in robots.text
    assert "Allow: /p/" in robots.text


def test_an_empty_sitemap_is_still_a_sitemap(client):
    answer = client.get("/sitemap.xml")
    assert answer.status_code == 200
    assert "<urlset" in answer.text
    assert "<url>" not in answer.text


def statements_for(client, url: str) -> int:
    sent = []

    def note(_conn, _cursor, statement, *_args):
        sent.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", note)
    try:
        assert client.get(url).status_code == 200
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", note)
    return len(sent)


@pytest.mark.parametrize("names", [False, True])
def test_statement_count_stays_the_same_for_2_or_40_claims(client, team, admin, rita, names):
    open_public_pages(admin, team, reviewer_names=names)
    small = publish_story(team, admin, rita, title="Small", claims=2)
    large = publish_story(team, admin, rita, title="Large", text=LONG, claims=40)
    assert statements_for(client, address(small)) == statements_for(client, address(large))
    assert client.get(address(large)).text.count('class="public-claim"') == 40


def test_the_article_page_shows_the_public_address_once_published(client, team, admin, rita, login):
    login(admin)
    article = publish_story(team, admin, rita)
    assert 'id="public-address"' not in client.get(f"/articles/{article.id}").text
    open_public_pages(admin, team)
    page = client.get(f"/articles/{article.id}").text
    assert 'value="http://localhost/p/demo-newsroom/bridge-story"' in page
    assert 'data-copy="public-address"' in page
    move_article(admin, article, ArticleState.in_review)
    db.session.commit()
    assert 'id="public-address"' not in client.get(f"/articles/{article.id}").text


def test_the_team_settings_open_public_pages(client, team, admin, login):
    login(admin)
    page = client.get("/teams/demo-newsroom/settings").text
    assert 'name="public_pages"' in page
    assert 'name="public_reviewer_names"' in page
    answer = client.post(
        "/teams/demo-newsroom/settings", data={"name": team.name, "public_pages": "y"}
    )
    assert answer.status_code == 302
    db.session.refresh(team)
    assert team.public_pages
    assert not team.public_reviewer_names
    assert '<input aria-describedby="public_pages-hint" checked id="public_pages"' in (
        client.get("/teams/demo-newsroom/settings").text
    )
    client.post("/teams/demo-newsroom/settings", data={"name": team.name})
    db.session.refresh(team)
    assert not team.public_pages


def test_a_logged_in_member_gets_the_same_public_page_as_anyone(client, published, admin, login):
    anonymous = client.get(address(published))
    login(admin)
    member = client.get(address(published))
    assert member.data == anonymous.data
    assert member.headers["ETag"] == anonymous.headers["ETag"]


def test_a_default_rationale_shows_the_verdicts_meaning_not_the_notes(client, team, admin, rita):
    open_public_pages(admin, team)
    article = publish_story(team, admin, rita, rationale="")
    page = client.get(address(article)).text
    assert NOTE not in page
    assert "leaves out or distorts facts" in page  # what the team's rating "Misleading" means
