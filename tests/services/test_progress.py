"""How far each article's review has come: sentences with a verdict, settled, by verdict."""

import pytest

from annotator.models import Role, Verdict
from annotator.services.annotations import AnnotationEntry, annotate_sentence
from annotator.services.articles import ArticleDraft, import_article
from annotator.services.progress import Progress, article_progress
from annotator.services.settling import settle_sentence

TEXT = "One claim here. Another claim there. A third claim."


@pytest.mark.parametrize(
    ("total", "count", "share"), [(3, 1, 33), (3, 2, 67), (3, 3, 100), (0, 0, 0)]
)
def test_share_is_a_whole_percentage_and_zero_without_sentences(total, count, share):
    assert Progress(total=total).share(count) == share


def test_progress_of_no_articles_is_empty(app):
    assert article_progress([], None) == {}


def test_progress_counts_every_verdict_but_shows_only_those_blind_review_allows(team, make_member):
    article = import_article(team, None, ArticleDraft("Claims", TEXT)).article
    quiet = import_article(team, None, ArticleDraft("Quiet", "Nothing judged yet.")).article
    rita, otto = make_member(Role.reviewer), make_member(Role.reviewer)
    first, second, _ = article.sentences
    annotate_sentence(rita, first, AnnotationEntry(Verdict.verified))
    annotate_sentence(otto, first, AnnotationEntry(Verdict.disputed))
    annotate_sentence(otto, second, AnnotationEntry(Verdict.disputed))
    settle_sentence(make_member(Role.editor), first, Verdict.disputed, "Checked.")

    figures = article_progress([article.id, quiet.id], rita.id)
    ritas = figures[article.id]
    assert (ritas.total, ritas.with_any_verdict, ritas.with_my_verdict, ritas.settled) == (
        3,
        2,
        1,
        1,
    )
    # Otto's verdict on the sentence Rita has not judged stays hidden from her.
    assert ritas.verdict_counts == {Verdict.verified: 1, Verdict.unverified: 0, Verdict.disputed: 1}
    hosts = article_progress([article.id], None)[article.id]
    assert hosts.verdict_counts == {Verdict.verified: 1, Verdict.unverified: 0, Verdict.disputed: 2}
    assert figures[quiet.id] == Progress(total=1)
