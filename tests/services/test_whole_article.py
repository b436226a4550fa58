"""The whole article read at once: every sentence in order, what the member may see of it."""

import pytest

from annotator.errors import NotFound
from annotator.extensions import db
from annotator.models import Verdict
from annotator.services.access import get_sentence_for
from annotator.services.annotations import AnnotationEntry, annotate_sentence
from annotator.services.articles import ArticleDraft, import_article
from annotator.services.entries import SourceEntry
from annotator.services.teams import create_team
from annotator.services.whole_article import whole_article

TEXT = "One claim here. Two claims there. Three claims everywhere."


@pytest.fixture
def article(team):
    return import_article(team, None, ArticleDraft("Claims", TEXT)).article


def judge(article, reviewer, index, verdict, sources=()):
    sentence = get_sentence_for(reviewer, article.id, index)
    annotate_sentence(reviewer, sentence, AnnotationEntry(verdict, sources=list(sources)))
    db.session.commit()


def test_every_sentence_in_order_with_its_annotations_and_sources(article, rita, otto):
    first, second = SourceEntry("https://a.example/1", "One"), SourceEntry("https://a.example/2")
    judge(article, rita, 1, Verdict.disputed, [first, second])
    judge(article, otto, 1, Verdict.verified)
    lines = whole_article(otto, article)
    assert [sentence.index for sentence, _ in lines] == list(range(len(article.sentences)))
    judged = lines[1][1]
    assert [(row.reviewer_name, row.verdict) for row in judged] == [
        (rita.name, Verdict.disputed),
        (otto.name, Verdict.verified),
    ]
    assert [source.url for source in judged[0].sources] == [first.url, second.url]
    assert all(annotations == [] for index, (_, annotations) in enumerate(lines) if index != 1)


def test_blind_review_keeps_back_a_teammates_verdict(article, rita, otto):
    article.blind_review = True
    judge(article, rita, 0, Verdict.disputed, [SourceEntry("https://hidden.example")])
    assert whole_article(otto, article)[0][1] == []


def test_a_member_of_another_team_is_refused(article, make_member):
    outsider = make_member("admin", in_team=create_team("Elsewhere", "elsewhere"))
    with pytest.raises(NotFound):
        whole_article(outsider, article)
