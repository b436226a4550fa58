"""Inserting many rows at once: COPY on PostgreSQL, the driver's executemany on SQLite."""

import pytest
import sqlalchemy as sa

from annotator.extensions import db
from annotator.models import Sentence
from annotator.services.articles import SENTENCE_COLUMNS, ArticleDraft, import_article
from annotator.services.bulk import copy_text, insert_rows


def test_copy_text_writes_one_tab_separated_line_per_row():
    assert copy_text([(1, 0, 0, 12, 0), (1, 1, 13, 30, 1)]) == b"1\t0\t0\t12\t0\n1\t1\t13\t30\t1\n"


@pytest.mark.parametrize("value", ["4\t2", None, 1.5, True])
def test_copy_text_refuses_a_value_that_is_not_an_integer(value):
    # COPY's text format would need escaping for text, \N for None: only integers go in.
    with pytest.raises(TypeError, match="rows of integers only"):
        copy_text([(1, 2), (3, value)])


def test_insert_rows_stores_every_row_in_the_session_transaction(team):
    article = import_article(team, None, ArticleDraft("Bridge", "One sentence.")).article
    rows = [(article.id, index, 0, 3, 0) for index in range(1, 1001)]
    insert_rows(Sentence.__table__, SENTENCE_COLUMNS, rows)
    stored = db.session.scalars(
        sa.select(Sentence.index).where(Sentence.article_id == article.id).order_by(Sentence.index)
    )
    assert list(stored) == list(range(1001))
    db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count(Sentence.id))) == 0
