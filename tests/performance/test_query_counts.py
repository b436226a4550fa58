"""No page or list issues more SQL statements for a longer article or more reviewers."""

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient

from annotator.extensions import db
from annotator.models import Annotation, Response, Role, Verdict
from annotator.services import teams
from annotator.services.annotations import AnnotationEntry, annotate_sentence
from annotator.services.tokens import create_token
from bench.workload import add_member, build_reviewed_article
from tests.conftest import PASSWORD

SMALL = (10, 1)
LARGE = (60, 5)

#: Pages a browser asks for, as an editor of the article's team.
PAGES = [
    "/",
    "/?sort=progress&disputed=1&overdue=1",
    "/articles/{article}",
    "/articles/{article}/sentences/{index}",
    "/review",
    "/review?article={article}",
    "/review?article={article}&verdict=disputed&page=2",
    "/articles/{article}/settle",
    "/articles/{article}/settle?show=open&page=2",
    "/articles/{article}/activity",
    "/articles/{article}/assignments",
    "/articles/{article}/export/html",
    "/articles/{article}/export/md",
    "/articles/{article}/export/csv",
    "/articles/{article}/export/json",
    "/articles/{article}/export/w3c",
    "/articles/{article}/export/claimreview",
]

#: Pages a reviewer under blind review asks for: what they see is filtered in the database.
BLINDED_PAGES = [
    "/",
    "/?sort=progress&disputed=1&overdue=1",
    "/articles/{article}",
    "/articles/{article}/sentences/{index}",
    "/articles/{article}/sentences/1",
    "/articles/{article}/changes?after=0",
    "/review",
    "/articles/{article}/activity",
    "/dashboard",
    "/articles/{article}/export/html",
    "/articles/{article}/export/json",
    "/articles/{article}/export/w3c",
]

#: JSON lists, asked for with a bearer token.
API_LISTS = [
    "/api/v1/teams/{team}/articles",
    "/api/v1/teams/{team}/members",
    "/api/v1/teams/{team}/audit",
    "/api/v1/articles/{article}",
    "/api/v1/articles/{article}/annotations",
    "/api/v1/articles/{article}/annotations?limit=100",
    "/api/v1/articles/{article}/resolutions",
    "/api/v1/articles/{article}/assignments",
    "/api/v1/articles/{article}/agreement",
    "/api/v1/articles/{article}/exports",
    "/api/v1/articles/{article}/exports/json",
    "/api/v1/articles/{article}/sentences/{index}/comments",
    "/api/v1/annotations/{annotation}/responses",
]


class Counter:
    """Counts the statements sent to the database while it listens."""

    def __init__(self):
        self.statements: list[str] = []

    def __call__(self, _conn, _cursor, statement, *_args):
        self.statements.append(statement)


def count_statements(client: FlaskClient, url: str, headers: dict) -> int:
    counter = Counter()
    sa.event.listen(db.engine, "before_cursor_execute", counter)
    try:
        response = client.get(url, headers=headers, buffered=True)
        response.get_data()  # streamed exports run their queries while the body is read
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", counter)
    assert response.status_code == 200, (url, response.status_code)
    return len(counter.statements)


def fill_in(template: str, reviewed, slug: str) -> str:
    # The same kind of annotation at both sizes, one with responses: an unordered pick could
    # find one without any on one size and skip loading the responders there.
    first = db.session.scalars(
        sa.select(Annotation.id)
        .join(Response, Response.annotation_id == Annotation.id)
        .where(Annotation.article_id == reviewed.article.id)
        .order_by(Annotation.id)
        .limit(1)
    ).one()
    return template.format(article=reviewed.article.id, index=0, team=slug, annotation=first)


@pytest.fixture
def counts_at(app, client):
    """Return a function measuring every URL for an article of the given size in a new team."""

    def measure(size: tuple[int, int], urls: list[str], api: bool, blinded=False) -> dict:
        sentences, reviewers = size
        slug = f"desk-{sentences}-{reviewers}"
        team = teams.create_team(f"Desk {sentences}x{reviewers}", slug)
        reviewed = build_reviewed_article(team, sentences, reviewers, PASSWORD, tag=slug)
        db.session.commit()
        headers = {}
        if api:
            admin = add_member(team, f"Admin {slug}", Role.admin, PASSWORD)
            headers["Authorization"] = f"Bearer {create_token(admin, 'count')[1]}"
            db.session.commit()
        else:
            reader = reviewed.editor
            if blinded:  # a newcomer under blind review who has judged the first sentence
                reader = add_member(team, f"Newcomer {slug}", Role.reviewer, PASSWORD)
                first = reviewed.article.sentences[0]
                annotate_sentence(reader, first, AnnotationEntry(Verdict.disputed))
                db.session.commit()
            client.post("/logout")
            login = {"email": reader.email, "password": PASSWORD}
            assert client.post("/login", data=login).status_code == 302
        return {
            url: count_statements(client, fill_in(url, reviewed, slug), headers) for url in urls
        }

    return measure


@pytest.mark.parametrize(
    ("urls", "api", "blinded"),
    [(PAGES, False, False), (BLINDED_PAGES, False, True), (API_LISTS, True, False)],
    ids=["pages", "pages-blinded", "api"],
)
def test_statement_count_stays_the_same_when_the_article_grows(counts_at, urls, api, blinded):
    small = counts_at(SMALL, urls, api, blinded)
    large = counts_at(LARGE, urls, api, blinded)
    grown = {url: (small[url], large[url]) for url in urls if small[url] != large[url]}
    assert grown == {}, f"statements (small, large) that grew with the article: {grown}"
