"""The review pages at work: blind mode, responses, mentions, settling, figures, history."""

import re
from contextlib import contextmanager

import pytest
import sqlalchemy as sa
from sqlalchemy import event

from annotator.extensions import db
from annotator.models import ArticleState, Resolution, Response, Role, Verdict
from annotator.services.annotations import AnnotationEntry, annotate_sentence
from annotator.services.articles import ArticleDraft, import_article
from bench.workload import build_reviewed_article
from tests.conftest import PASSWORD

TEXT = (
    "Officials met in Geneva. They reported to the International Narcotics Control. "
    "It rained all day."
)


@pytest.fixture
def article(team):
    article = import_article(team, None, ArticleDraft("Talks", TEXT)).article
    db.session.commit()
    return article


@pytest.fixture
def people(make_member):
    return {
        "ada": make_member(Role.reviewer, name="Ada"),
        "ben": make_member(Role.reviewer, name="Ben"),
        "edna": make_member(Role.editor, name="Edna"),
    }


def flag(user, article, index, verdict):
    annotation = annotate_sentence(
        user, article.sentences[index], AnnotationEntry(Verdict(verdict), "Because.")
    )
    db.session.commit()
    return annotation


def sentence_page(client, article, index=1):
    return client.get(f"/articles/{article.id}/sentences/{index}").text


def test_blind_mode_hides_teammates_flags_until_own_verdict(client, login, article, people):
    flag(people["ada"], article, 1, "disputed")
    login(people["ben"])
    page = sentence_page(client, article)
    assert "1 teammate’s flag stays hidden until you save your own verdict" in page
    assert "Because." not in page
    assert "badge-disputed" not in client.get(f"/articles/{article.id}").text
    flag(people["ben"], article, 1, "verified")
    page = sentence_page(client, article)
    assert "Because." in page
    assert "Disagree" in page


def test_editor_sees_flags_in_blind_mode(client, login, article, people):
    flag(people["ada"], article, 1, "disputed")
    login(people["edna"])
    assert "Because." in sentence_page(client, article)


def test_disagree_without_comment_is_refused_and_saves_nothing(client, login, article, people):
    annotation = flag(people["ada"], article, 1, "disputed")
    flag(people["ben"], article, 1, "verified")
    login(people["ben"])
    response = client.post(
        f"/annotations/{annotation.id}/response",
        data={"stance": "disagree", "comment": ""},
        follow_redirects=True,
    )
    assert "Say why you disagree." in response.text
    assert db.session.scalar(sa.select(sa.func.count(Response.id))) == 0


def test_disagreement_mentioning_editor_reaches_their_inbox(client, login, article, people):
    annotation = flag(people["ada"], article, 1, "disputed")
    flag(people["ben"], article, 1, "verified")
    login(people["ben"])
    client.post(
        f"/annotations/{annotation.id}/response",
        data={"stance": "disagree", "comment": "The Board exists. @Edna please settle."},
    )
    client.post("/logout")
    login(people["edna"])
    inbox = client.get("/inbox/").text
    assert "Ben mentioned you on sentence 2" in inbox
    assert '<blockquote class="inbox-quote"><p>The Board exists. @Edna please settle.</p>' in inbox
    assert re.search(r'class="count"[^>]*>1<', inbox)


def test_settling_from_the_board_shows_on_the_article_page(client, login, article, people):
    flag(people["ada"], article, 1, "disputed")
    flag(people["ben"], article, 1, "verified")
    flag(people["ada"], article, 0, "verified")
    flag(people["ben"], article, 0, "verified")
    login(people["edna"])
    board = client.get(f"/articles/{article.id}/settle").text
    assert "Settle as Verified" in board
    response = client.post(
        f"/articles/{article.id}/sentences/1/settle",
        data={"verdict": "disputed", "rationale": "No such body.", "version": "0"},
        follow_redirects=True,
    )
    assert "Sentence 2 is settled as disputed." in response.text
    assert db.session.scalar(sa.select(Resolution.verdict)) is Verdict.disputed
    page = client.get(f"/articles/{article.id}").text
    assert "Krippendorff" in page
    assert "Cohen" in page
    assert "Ada · Ben" in page
    assert "Too few sentences compared (2) to rely on this figure" in page
    assert '2 <span class="caution-mark">(too few to rely on)</span>' in page
    assert 'class="disagreement">sentence 2<' in page


def test_one_click_settlement_writes_a_default_the_editor_is_asked_to_replace(
    client, login, article, people
):
    flag(people["ada"], article, 0, "verified")
    flag(people["ben"], article, 0, "verified")
    login(people["edna"])
    board = client.get(f"/articles/{article.id}/settle").text
    one_click = board.split('class="consensus"', 1)[1].split("</form>", 1)[0]
    assert 'name="rationale"' not in one_click
    client.post(
        f"/articles/{article.id}/sentences/0/settle", data={"verdict": "verified", "version": "0"}
    )
    board = client.get(f"/articles/{article.id}/settle").text
    assert "Default rationale: write your own" in board
    assert "Our reviewers checked this claim and found it accurate: Because." in board
    panel = sentence_page(client, article, 0)
    assert "Default rationale: <a href=" in panel
    client.post(
        f"/articles/{article.id}/sentences/0/settle",
        data={"verdict": "verified", "version": "1", "rationale": "The **minutes** agree."},
    )
    board = client.get(f"/articles/{article.id}/settle").text
    assert "Default rationale" not in board
    assert "The <strong>minutes</strong> agree." in board
    assert "The <strong>minutes</strong> agree." in sentence_page(client, article, 0)


def test_settle_without_verdict_is_refused(client, login, article, people):
    login(people["edna"])
    response = client.post(
        f"/articles/{article.id}/sentences/1/settle",
        data={"rationale": "x"},
        follow_redirects=True,
    )
    assert "is not settled" in response.text
    assert db.session.scalar(sa.select(sa.func.count(Resolution.id))) == 0


def test_illegal_workflow_move_is_refused_with_a_message(client, login, article, people):
    login(people["edna"])
    response = client.post(
        f"/articles/{article.id}/state", data={"state": "published"}, follow_redirects=True
    )
    assert "cannot go from “Draft” to “Published”" in response.text
    db.session.refresh(article)
    assert article.state is ArticleState.draft


def test_published_article_refuses_annotations(client, login, article, people):
    article.state = ArticleState.published
    db.session.commit()
    login(people["ada"])
    page = sentence_page(client, article)
    assert "read-only until an editor reopens it" in page
    response = client.post(
        f"/articles/{article.id}/sentences/1/annotation", data={"set_verdict": "disputed"}
    )
    assert response.status_code == 409


def test_history_shows_every_step(client, login, article, people):
    flag(people["ada"], article, 1, "disputed")
    login(people["edna"])
    client.post(
        f"/articles/{article.id}/sentences/1/settle",
        data={"verdict": "disputed", "rationale": "No such body."},
    )
    page = client.get(f"/articles/{article.id}/sentences/1/history").text
    assert page.index("sentence.settle") < page.index("annotation.set")
    assert "No such body." in page
    assert "article.import" in client.get(f"/articles/{article.id}/activity").text


def test_history_hides_teammates_verdicts_from_blinded_reviewer(client, login, article, people):
    flag(people["ada"], article, 1, "disputed")
    login(people["ben"])
    page = client.get(f"/articles/{article.id}/sentences/1/history").text
    assert "Details hidden" in page
    assert "Because." not in page


@contextmanager
def counted_queries():
    seen: list[str] = []

    def listener(conn, cursor, statement, *args):
        seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        yield seen
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)


@pytest.mark.parametrize(
    "path",
    ["/articles/{id}", "/articles/{id}/settle", "/review", "/articles/{id}/sentences/1"],
)
def test_review_pages_load_in_constant_queries(client, login, team, make_member, path):
    long_text = " ".join(f"Claim number {n} is here." for n in range(12))
    article = import_article(team, None, ArticleDraft("Long", long_text)).article
    editor = make_member(Role.editor, name="Edna")
    first = [make_member(Role.reviewer) for _ in range(2)]
    for reviewer in first:
        for index in range(2):
            flag(reviewer, article, index, "disputed")
    login(editor)
    url = path.format(id=article.id)
    with counted_queries() as small:
        client.get(url)
    for reviewer in [*first, *(make_member(Role.reviewer) for _ in range(3))]:
        for index in range(12):
            flag(reviewer, article, index, "verified" if index % 2 else "unverified")
    with counted_queries() as large:
        assert client.get(url).status_code == 200
    assert len(large) == len(small)


def reviewed_article(team, sentences: int, reviewers: int):
    """Every sentence flagged by each reviewer, every tenth answered by the editor and settled."""
    reviewed = build_reviewed_article(team, sentences, reviewers, PASSWORD)
    db.session.commit()
    return reviewed


def test_review_queue_pages_keep_the_filters(client, login, team):
    reviewed = reviewed_article(team, 30, 2)  # 57 flags wait for the editor
    login(reviewed.editor)
    first = client.get(f"/review?article={reviewed.article.id}").text
    assert "1–50</strong> of 57 flags" in first
    following = f"/review?article={reviewed.article.id}&amp;page=2"
    assert f'rel="next" href="{following}"' in first
    second = client.get(following.replace("&amp;", "&")).text
    assert "51–57</strong> of 57 flags" in second
    assert f'rel="prev" href="/review?article={reviewed.article.id}"' in second


def test_settling_on_a_later_page_comes_back_to_it(client, login, team):
    reviewed = reviewed_article(team, 60, 1)
    login(reviewed.editor)
    board = f"/articles/{reviewed.article.id}/settle"
    back = f"{board}?page=2#case-51"
    assert f'name="next" value="{back}"' in client.get(f"{board}?page=2").text
    response = client.post(
        f"/articles/{reviewed.article.id}/sentences/51/settle",
        data={"verdict": "verified", "rationale": "Matches.", "version": "0", "next": back},
    )
    assert response.headers["Location"] == back


def test_blind_note_counts_hidden_flags_in_words(client, login, article, people):
    flag(people["ada"], article, 1, "disputed")
    flag(people["edna"], article, 1, "verified")
    login(people["ben"])
    assert "2 teammates’ flags stay hidden" in sentence_page(client, article)
