"""flask article revise: a new version of an article from a file."""

from pathlib import Path

import pytest

from annotator.extensions import db
from annotator.models import Article
from annotator.services.articles import ArticleDraft, import_article

V2 = Path(__file__).resolve().parents[2] / "seeds" / "revisions" / "000_47b76f7429a7529b.v2.txt"


@pytest.fixture
def article(team):
    article = import_article(team, None, ArticleDraft("Talks", "One sentence. Two.")).article
    db.session.commit()
    return article


def test_article_revise_prints_what_moved(runner, article, tmp_path):
    path = tmp_path / "v2.txt"
    path.write_text("A headline\nOne sentence. Two. Three.", encoding="utf-8")
    result = runner.invoke(args=["article", "revise", str(article.id), str(path)])
    assert result.exit_code == 0, result.output
    assert result.output == (
        f"Article {article.id} is now version 2: 2 sentences kept (0 changed), 2 new, 0 unplaced.\n"
    )
    assert db.session.get(Article, article.id).title == "Talks"


def test_article_revise_takes_a_new_title(runner, article):
    result = runner.invoke(args=["article", "revise", str(article.id), str(V2), "--title", "New"])
    assert result.exit_code == 0, result.output
    assert db.session.get(Article, article.id).title == "New"


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"\x00\x01", "binary"), (b"One sentence. Two.", "current version already")],
)
def test_article_revise_reports_bad_files(runner, article, tmp_path, content, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    result = runner.invoke(args=["article", "revise", str(article.id), str(path)])
    assert result.exit_code == 1
    assert message in result.output


def test_article_revise_unknown_article_fails(runner, app):
    result = runner.invoke(args=["article", "revise", "999", str(V2)])
    assert result.exit_code == 1
    assert "No article with id 999" in result.output
