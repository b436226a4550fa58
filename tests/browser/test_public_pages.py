"""Public fact-check pages in real Chromium, without an account: accessible, readable at
360 px, printable, and carrying ClaimReview JSON-LD that passes the shared validator."""

import json
import subprocess
import sys
from datetime import date

import pytest

from annotator.extensions import db
from annotator.models import ArticleState, Role, Verdict
from annotator.services.annotations import AnnotationEntry, annotate_sentence
from annotator.services.articles import ArticleDraft, import_article
from annotator.services.entries import SourceEntry
from annotator.services.settling import settle_sentence
from annotator.services.workflow import move_article
from tests.browser.conftest import watch_policy
from tests.browser.test_reviewer_day import AXE, axe_violations
from tests.browser.test_screens import SHOTS, horizontal_overflow
from tests.conftest import unavailable
from tests.exports.conftest import scale_mapping, shared_tools
from tests.publishing import open_public_pages

pytestmark = pytest.mark.browser

TEXT = (
    "The city says the new harbour bridge cost 4 million euros to build. The mayor opened it "
    "on 3 May, two weeks ahead of the schedule published in 2024.\n\n"
    "Traffic across the river has fallen by a third since the opening, according to the "
    "transport office. Residents of the north bank say the buses now run every ten minutes.\n\n"
    "The council plans a second bridge by 2030."
)
LONG_URL = "https://budget.harbour-city.example/documents/2026/capital-works/bridges/" + "x" * 60
SIZES = {"1280": {"width": 1280, "height": 800}, "360": {"width": 360, "height": 740}}


@pytest.fixture
def public_world(team, make_member):
    """A published fact-check of three claims, one with a long source address."""
    admin = make_member(Role.admin, name="Ada Admin")
    rita = make_member(Role.reviewer, name="Rita Reviewer")
    team.publisher_name = "Harbour Herald Fact Check"
    team.site_url = "https://harbour-herald.example/"
    draft = ArticleDraft(
        "Harbour bridge: the cost, the opening and the traffic",
        TEXT,
        source_url="https://city-gazette.example/news/harbour-bridge-opens",
        publisher="City Gazette",
        published_on=date(2026, 11, 30),
    )
    article = import_article(team, admin, draft).article
    budget = SourceEntry(LONG_URL, "Capital works budget 2026", "Harbour bridge: 6,120,000 EUR")
    verdicts = [
        (0, Verdict.disputed, "The **capital works budget** lists 6.1 million, not 4.", [budget]),
        (1, Verdict.verified, "The opening was filmed by the city on 3 May.", []),
        (2, Verdict.unverified, "", []),
    ]
    for index, verdict, rationale, sources in verdicts:
        sentence = article.sentences[index]
        annotate_sentence(rita, sentence, AnnotationEntry(verdict, "Rita's note", sources=sources))
        settle_sentence(admin, sentence, verdict, rationale)
    for state in (ArticleState.in_review, ArticleState.settled, ArticleState.published):
        move_article(admin, article, state)
    db.session.commit()
    open_public_pages(admin, team)
    return article


@pytest.fixture
def axe_installed():
    if not AXE.exists():
        unavailable("axe-core is not installed (npm install --prefix tests/browser)")


@pytest.mark.parametrize("size", list(SIZES))
def test_the_public_pages_read_well_without_an_account(
    public_world, live_server, browser, axe_installed, tmp_path, size
):
    context = browser.new_context(viewport=SIZES[size])
    page = context.new_page()
    errors, violations = [], []
    page.on("pageerror", lambda error: errors.append(str(error)))
    watch_policy(page, violations)
    SHOTS.mkdir(parents=True, exist_ok=True)
    article_url = f"{live_server}/p/demo-newsroom/{public_world.public_slug}"
    for name, url in [
        ("public-article", article_url),
        ("public-team", f"{live_server}/p/demo-newsroom/"),
    ]:
        answer = page.goto(url)
        assert answer.status == 200, name
        assert "/login" not in page.url
        page.screenshot(path=str(SHOTS / f"{name}-{size}.png"), full_page=True)
        assert horizontal_overflow(page) <= 0, name
        assert axe_violations(page) == [], name
    page.goto(article_url)
    page.emulate_media(media="print")
    page.screenshot(path=str(SHOTS / f"public-article-print-{size}.png"), full_page=True)
    if size == "1280":
        page.pdf(path=str(SHOTS / "public-article.pdf"), format="A4")
    context.close()
    assert errors == []
    assert violations == []


def test_the_claimreviews_read_from_the_page_pass_the_validator(
    public_world, live_server, browser, tmp_path, team
):
    tools = shared_tools()
    if tools is None:
        unavailable("the shared ClaimReview validator is not beside the repository")
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{live_server}/p/demo-newsroom/{public_world.public_slug}")
    blocks = page.evaluate(
        "[...document.querySelectorAll('script[type=\"application/ld+json\"]')]"
        ".map(s => JSON.parse(s.textContent))"
    )
    anchors = page.evaluate("[...document.querySelectorAll('.public-claim')].map(e => e.id)")
    context.close()
    assert anchors == ["claim-1", "claim-2", "claim-3"]
    assert [b["url"].rsplit("#", 1)[1] for b in blocks] == anchors
    path = tmp_path / "claimreviews.json"
    path.write_text(json.dumps(blocks), encoding="utf-8")
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
    assert "3 ClaimReviews, 0 problems" in checked.stdout
