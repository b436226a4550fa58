"""Responses to teammates' flags and the review queue (blind review's rule: test_visibility)."""

import pytest

from annotator.errors import InvalidTransition, NotFound, PermissionDenied, ValidationError
from annotator.extensions import db
from annotator.models import ArticleState, Notification, NotificationKind, Role, Stance, Verdict
from annotator.services.annotations import AnnotationEntry, annotate_sentence, clear_verdict
from annotator.services.articles import ArticleDraft, import_article
from annotator.services.reviews import (
    VERDICT_URGENCY,
    QueueFilter,
    respond_to_annotation,
    responses_by_annotation,
    responses_seen_by,
    review_queue,
    tally,
)
from annotator.services.teams import create_team, set_membership
from bench.workload import build_reviewed_article
from tests.conftest import PASSWORD

TEXT = "Officials met in Geneva. They reported to the International Narcotics Control. It rained."


@pytest.fixture
def article(team):
    return import_article(team, None, ArticleDraft("Talks", TEXT)).article


@pytest.fixture
def ada(make_member):
    return make_member(Role.reviewer, name="Ada")


@pytest.fixture
def ben(make_member):
    return make_member(Role.reviewer, name="Ben")


def flag(reviewer, article, index, verdict="disputed", note=""):
    return annotate_sentence(
        reviewer, article.sentences[index], AnnotationEntry(Verdict(verdict), note)
    )


def test_respond_records_agreement_and_tells_the_author(article, ada, ben):
    annotation = flag(ada, article, 1)
    flag(ben, article, 1)
    response = respond_to_annotation(ben, annotation, Stance.agree)
    assert (response.stance, response.responder_id) == (Stance.agree, ben.id)
    inbox = db.session.scalars(db.select(Notification).where(Notification.user_id == ada.id))
    assert [n.kind for n in inbox] == [NotificationKind.response]


def test_respond_again_replaces_the_response(article, ada, ben):
    annotation = flag(ada, article, 1)
    flag(ben, article, 1)
    first = respond_to_annotation(ben, annotation, Stance.agree)
    second = respond_to_annotation(ben, annotation, Stance.disagree, "Board, not body.")
    assert second.id == first.id
    assert tally(responses_by_annotation([annotation.id])[annotation.id]) == {
        Stance.agree: 0,
        Stance.disagree: 1,
    }


def test_responses_to_a_flag_show_once_the_viewer_judged_its_sentence(
    article, ada, ben, make_member
):
    annotation = flag(ada, article, 1)
    flag(ben, article, 1)
    response = respond_to_annotation(ben, annotation, Stance.disagree, "Board, not body.")
    carl = make_member(Role.reviewer, name="Carl")
    assert responses_seen_by(carl, annotation) == []
    assert responses_seen_by(make_member(Role.editor), annotation) == [response]
    flag(carl, article, 1, "verified")
    assert responses_seen_by(carl, annotation) == [response]


@pytest.mark.parametrize(
    ("stance", "comment", "field"),
    [
        (Stance.disagree, "  ", "comment"),
        ("agree", "", "stance"),
        (Stance.agree, "x" * 5001, "comment"),
    ],
    ids=["disagree without comment", "not a stance", "comment too long"],
)
def test_respond_refuses_bad_input(article, ada, ben, stance, comment, field):
    annotation = flag(ada, article, 1)
    flag(ben, article, 1)
    with pytest.raises(ValidationError) as caught:
        respond_to_annotation(ben, annotation, stance, comment)
    assert field in caught.value.fields


def test_respond_to_own_flag_is_refused(article, ada):
    annotation = flag(ada, article, 1)
    with pytest.raises(ValidationError, match="your own flag"):
        respond_to_annotation(ada, annotation, Stance.agree)


def test_respond_to_withdrawn_verdict_is_refused(article, ada, ben):
    annotation = flag(ada, article, 1)
    clear_verdict(ada, article.sentences[1])
    with pytest.raises(ValidationError, match="withdrawn"):
        respond_to_annotation(ben, annotation, Stance.agree)


def test_respond_in_blind_mode_needs_own_verdict_first(article, ada, ben):
    annotation = flag(ada, article, 1)
    with pytest.raises(ValidationError, match="own verdict"):
        respond_to_annotation(ben, annotation, Stance.agree)


def test_respond_by_viewer_is_refused(article, ada, make_member):
    annotation = flag(ada, article, 1)
    with pytest.raises(PermissionDenied):
        respond_to_annotation(make_member(Role.viewer), annotation, Stance.agree)


def test_respond_on_published_article_is_refused(article, ada, make_member):
    annotation = flag(ada, article, 1)
    article.state = ArticleState.published
    with pytest.raises(InvalidTransition, match="read-only"):
        respond_to_annotation(make_member(Role.editor), annotation, Stance.agree)


def test_respond_mentioning_a_teammate_notifies_them(article, ada, ben, make_member):
    editor = make_member(Role.editor, name="Edna Editor")
    annotation = flag(ada, article, 1)
    flag(ben, article, 1, "verified")
    respond_to_annotation(ben, annotation, Stance.disagree, "It exists. @Edna can you settle?")
    kinds = db.session.scalars(
        db.select(Notification.kind).where(Notification.user_id == editor.id)
    ).all()
    assert kinds == [NotificationKind.mention]


def test_review_queue_puts_disputed_first_and_skips_answered(article, ada, ben, make_member):
    editor = make_member(Role.editor, name="Edna")
    verified = flag(ada, article, 0, "verified")
    disputed = flag(ben, article, 2, "disputed")
    unverified = flag(ada, article, 1, "unverified")
    answered = flag(ben, article, 1, "verified")
    respond_to_annotation(editor, answered, Stance.agree)
    queue = review_queue(editor)
    assert queue.entries == [disputed, unverified, verified]
    assert queue.by_verdict[Verdict.disputed] == 1
    assert queue.by_reviewer == {ada.id: 2, ben.id: 1}


def test_review_queue_hides_blind_flags_until_own_verdict(article, ada, ben):
    flag(ada, article, 1)
    flag(ada, article, 2)
    flag(ben, article, 2, "verified")
    queue = review_queue(ben)
    assert [a.sentence.index for a in queue.entries] == [2]
    assert queue.hidden == 1


@pytest.mark.parametrize(
    ("chosen", "expected"),
    [
        (lambda a, ada: QueueFilter(verdict=Verdict.verified), [0]),
        (lambda a, ada: QueueFilter(article_id=a.id), [1, 0]),
        (lambda a, ada: QueueFilter(reviewer_id=ada.id + 999), []),
    ],
    ids=["verdict", "article", "reviewer"],
)
def test_review_queue_filters_keep_counts_of_everything(
    article, ada, make_member, chosen, expected
):
    editor = make_member(Role.editor)
    flag(ada, article, 0, "verified")
    flag(ada, article, 1, "disputed")
    queue = review_queue(editor, chosen(article, ada))
    assert [a.sentence.index for a in queue.entries] == expected
    assert queue.total == 2


def test_review_queue_leaves_out_other_teams(article, make_member):
    other = create_team("Elsewhere", "elsewhere")
    outsider = make_member(Role.reviewer, in_team=other)
    elsewhere = import_article(other, None, ArticleDraft("Far", TEXT)).article
    flag(outsider, elsewhere, 1)
    assert review_queue(make_member(Role.editor)).entries == []


def test_get_annotation_of_other_team_is_not_found(article, make_member):
    from annotator.services.access import get_annotation_for

    other = create_team("Elsewhere", "elsewhere")
    outsider = make_member(Role.reviewer, in_team=other)
    elsewhere = import_article(other, None, ArticleDraft("Far", TEXT)).article
    annotation = flag(outsider, elsewhere, 1)
    with pytest.raises(NotFound):
        get_annotation_for(make_member(Role.editor), annotation.id)


def test_respond_mentioning_the_author_tells_them_once(article, ada, ben):
    annotation = flag(ada, article, 1)
    flag(ben, article, 1, "verified")
    respond_to_annotation(ben, annotation, Stance.disagree, "@Ada it exists.")
    kinds = db.session.scalars(
        db.select(Notification.kind).where(Notification.user_id == ada.id)
    ).all()
    assert kinds == [NotificationKind.response]


def test_responses_by_annotation_of_nothing_is_empty(app):
    assert responses_by_annotation([]) == {}


def test_review_queue_shows_one_page_of_the_most_urgent_and_counts_every_flag(team):
    reviewed = build_reviewed_article(team, 30, 2, PASSWORD)  # 60 flags, 3 answered
    first, second = (review_queue(reviewed.editor, page=number) for number in (1, 2))
    assert (len(first.entries), len(second.entries)) == (50, 7)
    assert (second.window.first, second.window.last, first.total) == (51, 57, 57)
    entries = [*first.entries, *second.entries]
    assert len({a.id for a in entries}) == 57
    urgency = [VERDICT_URGENCY[a.verdict] for a in entries]
    assert urgency == sorted(urgency)


def test_review_queue_blinds_only_in_teams_where_the_member_is_a_reviewer(
    article, ada, ben, make_member
):
    other = create_team("Desk two", "desk-two")
    set_membership(other, ben, Role.editor)
    elsewhere = import_article(other, None, ArticleDraft("Far", TEXT)).article
    flag(make_member(Role.reviewer, in_team=other), elsewhere, 1)
    flag(ada, article, 1)
    queue = review_queue(ben)
    assert [a.article_id for a in queue.entries] == [elsewhere.id]
    assert (queue.hidden, queue.total) == (1, 1)
