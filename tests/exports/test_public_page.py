"""The public page's read model and the public feeds: what anyone may read, and no more."""

import json
import re
import subprocess
import sys
from datetime import UTC, datetime

import feedparser
import pytest
import sqlalchemy as sa

from annotator.exports.public_feeds import atom_feed, public_path, sitemap
from annotator.exports.public_page import claim_rating_label, load_public_page
from annotator.extensions import db
from annotator.models import ArticleState, Role, Source, Verdict
from annotator.services.annotations import AnnotationEntry, annotate_sentence
from annotator.services.articles import ArticleDraft, import_article
from annotator.services.paging import PageWindow
from annotator.services.public_pages import PublicEntry, PublicList, SitemapEntry, public_list
from annotator.services.settling import settle_sentence
from annotator.services.workflow import move_article
from tests.conftest import unavailable
from tests.exports.conftest import scale_mapping, shared_tools
from tests.publishing import NOTE, SOURCE, open_public_pages, publish_story

BASE = "https://checks.example/"
WHEN = datetime(2026, 12, 1, 9, 30, tzinfo=UTC)


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


def test_the_page_holds_each_settled_claim_with_its_label_rationale_and_sources(published):
    page = load_public_page(published, BASE)
    assert page.address == "https://checks.example/p/demo-newsroom/bridge-story"
    assert [(c.number, c.verdict, c.label) for c in page.claims] == [
        (1, Verdict.disputed, "Misleading"),
        (2, Verdict.verified, "Accurate"),
    ]
    first = page.claims[0]
    assert first.anchor == "claim-1"
    assert first.words == "The bridge cost 4 million euros."
    assert first.sources == ((SOURCE.url, SOURCE.title, SOURCE.quote),)
    assert first.reviewers == ()
    assert (
        page.summary == "Demo newsroom checked 2 claims in this article: 1 misleading, 1 accurate."
    )


def test_the_page_never_holds_notes_or_reviewer_names_unless_chosen(published, team, admin):
    page = load_public_page(published, BASE)
    assert NOTE not in repr(page.claims)
    assert "Rita" not in repr(page.claims)
    open_public_pages(admin, team, reviewer_names=True)
    named = load_public_page(published, BASE)
    assert named.claims[0].reviewers == ("Rita Reviewer",)


def test_the_text_keeps_its_paragraphs_and_the_words_between_sentences(published):
    page = load_public_page(published, BASE)
    first, second = page.paragraphs
    assert [piece.words for piece in first] == [
        "The bridge cost 4 million euros.",
        " ",
        "The mayor opened it in May.",
    ]
    assert [piece.claim and piece.claim.number for piece in first] == [1, None, 2]
    assert [piece.claim for piece in second] == [None, None, None]
    assert "".join(p.words for p in second) == "Nobody came to the opening. It rained all day."


def test_each_claim_has_one_claimreview_pointing_at_its_anchor(published):
    page = load_public_page(published, BASE)
    reviews = [json.loads(claim.json_ld) for claim in page.claims]
    assert [r["url"] for r in reviews] == [f"{page.address}#claim-1", f"{page.address}#claim-2"]
    assert [r["reviewRating"]["alternateName"] for r in reviews] == ["Misleading", "Accurate"]
    # With no source address, the claim appeared in the article shown on the public page.
    assert reviews[0]["itemReviewed"]["appearance"]["url"] == page.address


def test_the_embedded_claimreviews_pass_the_validator(published, team, tmp_path):
    tools = shared_tools()
    if tools is None:
        unavailable("the shared ClaimReview validator is not beside the repository")
    page = load_public_page(published, BASE)
    blocks = "".join(
        f'<script type="application/ld+json">{claim.json_ld}</script>' for claim in page.claims
    )
    path = tmp_path / "page.html"
    path.write_text(f"<html><head>{blocks}</head></html>", encoding="utf-8")
    checked = subprocess.run(
        [
            sys.executable,
            str(tools / "validate_claimreview.py"),
            "--mapping",
            str(scale_mapping(tmp_path, team.id)),
            str(path),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert checked.returncode == 0, checked.stdout
    assert "2 ClaimReviews, 0 problems" in checked.stdout


def test_a_hostile_title_cannot_close_the_script_element(team, admin, rita):
    open_public_pages(admin, team)
    article = publish_story(team, admin, rita, title="</script><script>alert(1)</script>")
    for claim in load_public_page(article, BASE).claims:
        assert "</script" not in claim.json_ld.lower()
        assert json.loads(claim.json_ld)["itemReviewed"]["appearance"]["headline"].startswith(
            "</script>"
        )


def test_sources_are_listed_once_and_unsafe_addresses_left_out(team, admin, rita, make_member):
    open_public_pages(admin, team)
    otto = make_member(Role.reviewer, name="Otto Other")
    article = import_article(team, admin, ArticleDraft("Twice cited", "One claim. Two.")).article
    for reviewer in (rita, otto):
        annotate_sentence(
            reviewer, article.sentences[0], AnnotationEntry(Verdict.verified, sources=[SOURCE])
        )
    db.session.commit()
    db.session.execute(sa.update(Source).where(Source.id == 2).values(url="javascript:alert(1)"))
    stored = db.session.scalar(sa.select(Source).where(Source.id == 1))
    settle_sentence(admin, article.sentences[0], Verdict.verified, "")
    for state in (ArticleState.in_review, ArticleState.settled, ArticleState.published):
        move_article(admin, article, state)
    db.session.commit()
    (claim,) = load_public_page(article, BASE).claims
    assert [source.url for source in claim.sources] == [stored.url]
    assert not any("javascript" in s.url for s in claim.sources)


def test_an_article_with_no_rated_claim_says_so(team, admin, rita):
    open_public_pages(admin, team)
    article = publish_story(team, admin, rita, claims=0)
    page = load_public_page(article, BASE)
    assert page.claims == []
    assert page.summary == "Demo newsroom checked this article and rated no claim in it."


def test_one_claim_is_one_claim(team, admin, rita):
    open_public_pages(admin, team)
    article = publish_story(team, admin, rita, claims=1)
    summary = load_public_page(article, BASE).summary
    assert summary == "Demo newsroom checked 1 claim in this article: 1 misleading."


def test_the_rating_label_is_the_teams_scale(published):
    page = load_public_page(published, BASE)
    labels = [claim_rating_label(claim.resolution) for claim in page.claims]
    assert labels == ["Misleading", "Accurate"]  # the first rating of each verdict


def test_claim_iri_points_at_the_report_without_a_public_page(published):
    from annotator.exports.bundle import context_for
    from annotator.exports.readmodel import load_export
    from annotator.services.visibility import ReviewVisibility

    export = load_export(
        published, context_for(published, BASE), ReviewVisibility(published.id, None, False)
    )
    sentence, _ = export.settled()[0]
    assert export.claim_iri(sentence).endswith(f"/articles/{published.id}/export/html#sentence-1")
    export.public_iri = "https://checks.example/p/x/y"
    assert export.claim_iri(sentence) == "https://checks.example/p/x/y#claim-1"


def iri(path: str) -> str:
    return BASE + path


def test_the_atom_feed_parses_and_lists_the_fact_checks(published, team):
    parsed = feedparser.parse(atom_feed(public_list(team), iri))
    assert not parsed.bozo, parsed.bozo_exception
    assert parsed.version == "atom10"
    assert parsed.feed.title == "Fact-checks by Demo newsroom"
    assert parsed.feed.id == "https://checks.example/p/demo-newsroom/"
    (entry,) = parsed.entries
    assert entry.link == "https://checks.example/p/demo-newsroom/bridge-story"
    assert entry.title == "Bridge story"
    assert entry.summary == "2 claims checked."


def test_the_feed_drops_characters_xml_cannot_hold_and_escapes_the_rest(team):
    hostile = PublicEntry("A <b>bold</b> & \x0bstrange\x00 title", "x", WHEN, 1)
    listing = PublicList(team, [hostile], PageWindow.of(1, 1), WHEN)
    text = atom_feed(listing, iri)
    parsed = feedparser.parse(text)
    assert not parsed.bozo, parsed.bozo_exception
    assert parsed.entries[0].title == "A <b>bold</b> & strange title"
    assert "<b>" not in text
    assert parsed.entries[0].summary == "1 claim checked."


def test_the_sitemap_lists_every_address_percent_encoded():
    entries = [SitemapEntry("desk", None, WHEN), SitemapEntry("desk", "νέα", WHEN)]
    text = sitemap(entries, iri)
    locs = re.findall(r"<loc>(.*?)</loc>", text)
    assert locs == [
        "https://checks.example/p/desk/",
        "https://checks.example/p/desk/%CE%BD%CE%AD%CE%B1",
    ]
    assert text.count("<lastmod>2026-12-01T09:30:00Z</lastmod>") == 2
    assert public_path("desk") == "p/desk/"


def test_sentences_that_touch_leave_no_gap_between_them():
    from types import SimpleNamespace

    from annotator.exports.public_page import paragraphs_of
    from annotator.exports.readmodel import SentenceView

    text = "One.Two. Three."
    sentences = [
        SentenceView(1, 0, 0, 4, 0),
        SentenceView(2, 1, 4, 8, 0),
        SentenceView(3, 2, 9, 15, 0),
    ]
    export = SimpleNamespace(article=SimpleNamespace(text=text), sentences=sentences)
    (paragraph,) = paragraphs_of(export, {})
    assert [piece.words for piece in paragraph] == ["One.", "Two.", " ", "Three."]


def test_a_default_rationale_quoting_the_notes_is_never_public(team, admin, rita):
    open_public_pages(admin, team)
    article = publish_story(team, admin, rita, rationale="")
    first = load_public_page(article, BASE).claims[0]
    assert NOTE in first.resolution.rationale  # the one-click settlement quoted the note
    assert not first.has_own_rationale
    # The meaning of the team's rating (its description) stands in for the notes.
    assert first.stock_explanation == first.resolution.rating.description
    rating = json.loads(first.json_ld)["reviewRating"]
    assert rating["ratingExplanation"] == first.stock_explanation
    assert NOTE not in first.json_ld


def test_a_rating_without_a_description_means_what_its_verdict_means():
    from types import SimpleNamespace

    from annotator.exports.claimreview import STOCK_EXPLANATIONS
    from annotator.exports.public_page import rating_meaning

    bare = SimpleNamespace(label="False", description="")
    for rating in (None, bare):
        resolution = SimpleNamespace(rating=rating, verdict=Verdict.disputed)
        assert rating_meaning(resolution) == STOCK_EXPLANATIONS[Verdict.disputed]
