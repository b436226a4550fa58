"""The exports' read model: the current annotations with a verdict, streamed in order."""

from annotator.exports.readmodel import ExportContext, load_export
from annotator.models import Verdict
from annotator.services.annotations import AnnotationEntry, annotate_sentence, clear_verdict
from annotator.services.articles import ArticleDraft, import_article
from annotator.services.visibility import host_visibility

TEXT = "Officials met in Geneva. They said exports rose."


def test_annotations_leave_out_a_cleared_verdict_and_times_only_when_asked(team, make_member):
    article = import_article(team, None, ArticleDraft("Talks", TEXT)).article
    ada, ben = make_member("reviewer", name="Ada"), make_member("reviewer", name="Ben")
    first, second = article.sentences
    annotate_sentence(ben, second, AnnotationEntry(Verdict.disputed, "Fell."))
    annotate_sentence(ada, first, AnnotationEntry(Verdict.verified, "Readout."))
    annotate_sentence(ada, second, AnnotationEntry(Verdict.verified, "Rose, says the agency."))
    clear_verdict(ada, second)  # the row stays, without a verdict
    export = load_export(article, ExportContext("https://x.example/"), host_visibility(article))
    views = list(export.annotations())
    assert [(v.sentence_id, v.reviewer_id, v.verdict) for v in views] == [
        (first.id, ada.id, Verdict.verified),
        (second.id, ben.id, Verdict.disputed),
    ]
    assert all(view.updated_at is not None for view in views)
    assert all(view.updated_at is None for view in export.annotations(with_times=False))
