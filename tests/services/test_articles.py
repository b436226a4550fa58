"""Importing articles."""

import pytest
import sqlalchemy as sa

from annotator.errors import NotFound, PermissionDenied, ValidationError
from annotator.extensions import db
from annotator.models import Article, Role, Sentence
from annotator.services.articles import ArticleDraft, import_article, sha256_of

TEXT = (
    "Headline without a stop\nThe U.S. economy grew 3.2% in 2023. Prices rose.\n\nA new paragraph."
)


def test_import_article_stores_text_hash_and_sentence_offsets(team, make_member):
    editor = make_member(Role.editor)
    result = import_article(team, editor, ArticleDraft("Economy", TEXT))
    article = result.article
    assert result.created
    assert article.text == TEXT
    assert article.sha256 == sha256_of(TEXT)
    texts = [s.text_in(article.text) for s in article.sentences]
    assert texts[0] == "Headline without a stop"
    assert "The U.S. economy grew 3.2% in 2023." in texts
    assert all(not t.startswith(" ") and not t.endswith(" ") for t in texts)
    paragraphs = [s.paragraph for s in article.sentences]
    assert paragraphs == sorted(paragraphs)


def test_import_article_normalises_line_endings_bom_and_nfc(team):
    raw = "\ufeffCafe\u0301 opens.\r\nIt closes.\r\n"
    article = import_article(team, None, ArticleDraft("Cafe", raw)).article
    assert article.text == "Café opens.\nIt closes."


def test_import_article_same_text_twice_returns_existing(team):
    first = import_article(team, None, ArticleDraft("One", TEXT))
    second = import_article(team, None, ArticleDraft("Two", TEXT + "\n"))
    assert not second.created
    assert second.article.id == first.article.id
    assert db.session.scalar(sa.select(sa.func.count(Article.id))) == 1


@pytest.mark.parametrize(
    ("draft", "field"),
    [
        (ArticleDraft("Title", ""), "text"),
        (ArticleDraft("Title", "   \n\n "), "text"),
        (ArticleDraft("", "Some text."), "title"),
        (ArticleDraft("x" * 301, "Some text."), "title"),
        (ArticleDraft("Title", "Binary\x00data."), "text"),
        (ArticleDraft("Title", "Some text.", source_url="javascript:alert(1)"), "source_url"),
        (ArticleDraft("Title", "Some text.", source_url="ftp://example.org/a"), "source_url"),
        (ArticleDraft("Title", "Some text.", publisher="p" * 201), "publisher"),
        (ArticleDraft("Title", "Some text.", language="english!"), "language"),
    ],
)
def test_import_article_rejects_bad_draft_and_saves_nothing(team, draft, field):
    with pytest.raises(ValidationError) as caught:
        import_article(team, None, draft)
    assert field in caught.value.fields
    assert db.session.scalar(sa.select(sa.func.count(Article.id))) == 0


def test_import_article_rejects_text_over_the_limit(team):
    with pytest.raises(ValidationError) as caught:
        import_article(team, None, ArticleDraft("Big", "word " * 100), max_bytes=100)
    assert "limit" in caught.value.fields["text"]


@pytest.mark.parametrize("role", [Role.viewer, Role.reviewer])
def test_import_article_refuses_roles_below_editor(team, make_member, role):
    with pytest.raises(PermissionDenied):
        import_article(team, make_member(role), ArticleDraft("T", "Some text."))


def test_import_article_answers_not_found_to_outsiders(team, make_member):
    from annotator.services.teams import create_team

    other = create_team("Other desk", "other-desk")
    outsider = make_member(Role.admin, in_team=other)
    with pytest.raises(NotFound):
        import_article(team, outsider, ArticleDraft("T", "Some text."))


def test_import_article_sentences_cover_the_text(team):
    article = import_article(team, None, ArticleDraft("T", TEXT)).article
    rows = db.session.scalars(sa.select(Sentence).where(Sentence.article_id == article.id))
    covered = set()
    for sentence in rows:
        covered.update(range(sentence.start, sentence.end))
    assert all(i in covered for i, ch in enumerate(TEXT) if not ch.isspace())


SPANISH = "La Sra. Olivar defendió las cuentas. ¿De dónde saldrá el dinero? Nadie lo sabe."
SPANISH_SENTENCES = [
    "La Sra. Olivar defendió las cuentas.",
    "¿De dónde saldrá el dinero?",
    "Nadie lo sabe.",
]


@pytest.mark.parametrize("language", ["es", "es-ES", "es-419"])
def test_import_article_splits_by_the_rules_of_its_language(team, language):
    draft = ArticleDraft("Cuentas", SPANISH, language=language)
    article = import_article(team, None, draft).article
    assert [s.text_in(article.text) for s in article.sentences] == SPANISH_SENTENCES


def test_import_article_splits_english_rules_when_language_is_english(team):
    article = import_article(team, None, ArticleDraft("Cuentas", SPANISH)).article
    assert article.sentences[0].text_in(article.text) == "La Sra."
