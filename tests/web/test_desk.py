"""The editor's desk page (the article list) and due dates on the assignments pages."""

import re
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from annotator.extensions import db
from annotator.models import Assignment, Role, Verdict, utcnow
from annotator.services.annotations import AnnotationEntry, annotate_sentence
from annotator.services.articles import ArticleDraft, import_article
from annotator.services.assignments import add_assignment, assign_article
from annotator.services.teams import create_team

TEXT = "The bridge cost 4 million. The mayor opened it. Nobody came."


@pytest.fixture
def editor(make_member, login):
    return login(make_member(Role.editor, name="Eddie Editor"))


@pytest.fixture
def rita(make_member):
    return make_member(Role.reviewer, name="Rita Reviewer")


@pytest.fixture
def otto(make_member):
    return make_member(Role.reviewer, name="Otto Other")


def today() -> date:
    return utcnow().date()


def make_article(team, editor, title="Bridge story", **draft):
    text = f"{TEXT} It was called {title}."
    article = import_article(team, editor, ArticleDraft(title, text, **draft)).article
    db.session.commit()
    return article


def overdue(article, reviewer, by):
    """Give the article to the reviewer with a due date that passed yesterday."""
    add_assignment(by, article, reviewer, today() - timedelta(days=1))
    db.session.commit()


def rows(page) -> list[str]:
    return re.findall(r'<tr class="desk-row[^"]*">.*?</tr>', page.text, re.S)


def test_the_desk_shows_state_assignees_due_date_progress_disputes_and_activity(
    client, team, editor, rita, otto
):
    article = make_article(team, editor, published_on=date(2026, 12, 1), publisher="Daily")
    overdue(article, rita, editor)
    annotate_sentence(rita, article.sentences[0], AnnotationEntry(Verdict.verified))
    annotate_sentence(otto, article.sentences[0], AnnotationEntry(Verdict.disputed))
    db.session.commit()
    (row,) = rows(client.get("/"))
    assert "Draft" in row
    assert "Rita Reviewer" in row
    assert "Overdue" in row
    assert "1 of 4 judged · 0 settled" in row
    assert "1 sentence" in row
    assert "Otto Other changed their verdict on a sentence" in row
    assert "source dated 1 Dec 2026" in row
    assert "published" not in row.lower().replace("published_on", "")


def test_filters_and_sort_are_read_from_the_address(client, team, editor, rita):
    mine = make_article(team, editor, "Mine to check")
    make_article(team, editor, "Someone else's")
    overdue(mine, editor, editor)
    page = client.get("/?mine=1&overdue=1&sort=title")
    assert page.status_code == 200
    assert [("Mine to check" in r) for r in rows(page)] == [True]
    assert re.search(r'<input checked id="mine" name="mine" type="checkbox" value="1">', page.text)
    assert re.search(r'<option selected value="title">', page.text)


def test_a_filter_that_matches_nothing_says_so(client, team, editor):
    make_article(team, editor)
    page = client.get("/?disputed=1")
    assert rows(page) == []
    assert "No article matches these filters." in page.text


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("state=nope", "state", "Choose one of the listed workflow states."),
        ("sort=random", "sort", "Choose one of the listed orders."),
        ("mine=banana", "mine", "Use 1 to turn this filter on, or leave it out."),
        ("page=0", "page", "Number must be between 1"),
        ("page=two", "page", "Not a valid integer value."),
    ],
)
def test_bad_filter_values_get_a_clear_message_and_every_article(
    client, team, editor, query, field, message
):
    make_article(team, editor)
    page = client.get(f"/?{query}")
    assert page.status_code == 422
    assert f'id="{field}-error"' in page.text
    assert message in page.text
    assert len(rows(page)) == 1


def test_pages_keep_the_filters_in_their_links(client, team, editor, monkeypatch):
    from annotator.services import desk

    monkeypatch.setattr(desk, "DESK_PAGE_SIZE", 2)
    for n in range(3):
        make_article(team, editor, f"Story {n}")
    first = client.get("/?sort=title")
    assert [("Story 0" in r, "Story 1" in r) for r in rows(first)] == [(True, False), (False, True)]
    assert "/?sort=title&amp;page=2" in first.text
    second = client.get("/?sort=title&page=2")
    assert len(rows(second)) == 1
    assert "Story 2" in rows(second)[0]


def test_another_teams_articles_and_people_never_show(client, team, editor, make_member):
    rivals = create_team("Rivals", "rivals")
    rex = make_member(Role.reviewer, name="Rex Rival", in_team=rivals)
    scoop = make_article(rivals, None, "Rival scoop")
    add_assignment(rex, scoop, rex, None, assigned_by=False)
    db.session.commit()
    make_article(team, editor)
    for query in ("", "?mine=1", "?disputed=1&overdue=1", "?sort=due"):
        page = client.get(f"/{query}")
        assert "Rival scoop" not in page.text
        assert "Rex Rival" not in page.text


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


def fill_desk(team, editor, reviewers, count: int) -> None:
    """Add articles until the team has ``count``, each assigned, judged and disputed."""
    have = db.session.scalar(sa.select(sa.func.count()).select_from(Assignment)) or 0
    for n in range(have // 2, count):
        article = make_article(team, editor, f"Story {n:02}")
        for reviewer, verdict in zip(reviewers, (Verdict.verified, Verdict.disputed), strict=True):
            assign_article(editor, article, reviewer, today() + timedelta(days=n))
            annotate_sentence(reviewer, article.sentences[0], AnnotationEntry(verdict))
    db.session.commit()


@pytest.mark.parametrize(
    "url", ["/", "/?sort=due", "/?sort=progress&disputed=1", "/?mine=1&overdue=1&sort=title"]
)
def test_statement_count_stays_the_same_for_3_or_30_articles(client, team, editor, rita, otto, url):
    fill_desk(team, editor, [rita, otto], 3)
    few = statements_for(client, url)
    fill_desk(team, editor, [rita, otto], 30)
    many = statements_for(client, url)
    assert rows(client.get(url)) or "mine=1" in url
    assert few == many


# --- due dates and the reviewer dropdown on the assignments page ------------------------------


def test_the_dropdown_offers_reviewers_first_then_editors_and_admins_by_role(
    client, team, editor, rita, make_member
):
    make_member(Role.viewer, name="Vic Viewer")
    make_member(Role.admin, name="Ada Admin")
    article = make_article(team, editor)
    page = client.get(f"/articles/{article.id}/assignments").text
    select = page[page.index('id="reviewer_id"') : page.index("</select>")]
    assert "Vic Viewer" not in select
    assert select.index('optgroup label="Reviewers"') < select.index("Rita Reviewer")
    assert select.index("Rita Reviewer") < select.index('optgroup label="Editors and admins"')
    assert "Ada Admin (admin)" in select
    assert "Eddie Editor (editor)" in select


@pytest.mark.parametrize(
    ("due_on", "message"),
    [
        ("2026-02-30", "Enter a real day as YYYY-MM-DD, or leave it empty."),
        ("tomorrow", "Enter a real day as YYYY-MM-DD, or leave it empty."),
        ("2001-01-01", "That day has passed"),
        ("9999-12-31", "Choose a day within 5 years, or no date."),
    ],
)
def test_a_bad_due_date_gets_a_clear_form_error(client, team, editor, rita, due_on, message):
    article = make_article(team, editor)
    answer = client.post(
        f"/articles/{article.id}/assignments",
        data={"reviewer_id": str(rita.id), "due_on": due_on},
    )
    assert answer.status_code == 422
    assert 'id="due_on-error"' in answer.text
    assert message in answer.text
    assert db.session.scalar(sa.select(Assignment)) is None


def test_a_due_date_today_is_kept_and_shown_on_the_desk(client, team, editor, rita):
    article = make_article(team, editor)
    answer = client.post(
        f"/articles/{article.id}/assignments",
        data={"reviewer_id": str(rita.id), "due_on": today().isoformat()},
    )
    assert answer.status_code == 302
    (row,) = rows(client.get("/"))
    assert f'datetime="{today().isoformat()}"' in row
    assert "Overdue" not in row


def test_overdue_is_said_in_words_on_the_assignments_page_and_assigned_to_me(
    client, team, editor, rita, login
):
    article = make_article(team, editor)
    overdue(article, rita, editor)
    assert "⚠</span> Overdue" in client.get(f"/articles/{article.id}/assignments").text
    client.post("/logout")
    login(rita)
    assert "⚠</span> Overdue" in client.get("/assigned").text
