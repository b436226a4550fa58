"""One annotation write issues as many SQL statements on a long article as on a short one."""

import pytest
import sqlalchemy as sa

from annotator.extensions import db
from annotator.models import Role
from annotator.services import teams
from annotator.services.tokens import create_token
from bench.workload import add_member, build_reviewed_article
from tests.conftest import PASSWORD
from tests.performance.test_query_counts import LARGE, SMALL, Counter

BODY = {
    "verdict": "disputed",
    "note": "The report gives another figure.",
    "sources": [{"url": "https://example.org/report", "title": "Report", "quote": "spent"}],
}


@pytest.fixture
def count_write(client):
    """Return a function counting the statements of one API write on an article of a size."""

    def measure(size: tuple[int, int], body: dict) -> int:
        sentences, reviewers = size
        slug = f"write-{sentences}-{reviewers}"
        team = teams.create_team(f"Write {sentences}x{reviewers}", slug)
        reviewed = build_reviewed_article(team, sentences, reviewers, PASSWORD, tag=slug)
        writer = add_member(team, f"Writer {slug}", Role.reviewer, PASSWORD)
        headers = {"Authorization": f"Bearer {create_token(writer, 'count')[1]}"}
        db.session.commit()
        url = f"/api/v1/articles/{reviewed.article.id}/sentences/1/annotation"
        client.put(url, json=BODY, headers=headers)  # the token's first use is stored once
        counter = Counter()
        sa.event.listen(db.engine, "before_cursor_execute", counter)
        try:
            response = client.put(url, json=body, headers=headers)
        finally:
            sa.event.remove(db.engine, "before_cursor_execute", counter)
        assert response.status_code == 200, response.get_data(as_text=True)
        return len(counter.statements)

    return measure


@pytest.mark.parametrize(
    "body",
    [BODY, {**BODY, "verdict": "verified", "note": "Checked again."}],
    ids=["unchanged", "changed"],
)
def test_write_statement_count_stays_the_same_when_the_article_grows(count_write, body):
    small, large = count_write(SMALL, body), count_write(LARGE, body)
    assert small == large, f"statements of one write (small, large): {small, large}"
