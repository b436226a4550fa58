"""Every kind of history event in plain words, and the history pages that use them."""

import re
from pathlib import Path

import pytest

from annotator.models import AuditEvent, Role, Verdict
from annotator.services import listing
from annotator.services.annotations import AnnotationEntry, annotate_sentence
from annotator.services.articles import ArticleDraft, import_article
from annotator.services.discussion import post_comment
from annotator.services.event_words import (
    PHRASES,
    word_event,
    word_events,
    written_words,
)
from annotator.services.settling import settle_sentence

SETTLED = {"verdict": "disputed", "rationale": "No **such** body."}

#: (action, before, after, sentence number, the words), one row per kind of event.
EVERY_EVENT = [
    ("annotation.set", None, {"verdict": "disputed"}, 4, "Rita marked sentence 4 disputed"),
    ("annotation.change", None, {"verdict": "verified"}, 4,
     "Rita changed their verdict on sentence 4 to verified"),
    ("annotation.change", None, {"verdict": None}, 4,
     "Rita changed their verdict on sentence 4 to no verdict"),
    ("annotation.clear", {"verdict": "disputed"}, None, 4,
     "Rita cleared their verdict on sentence 4"),
    ("annotation.undo", None, {}, 4, "Rita undid their last change on sentence 4"),
    ("annotation.restore", None, {"restored": 2}, 4,
     "Rita restored version 2 of their verdict on sentence 4"),
    ("annotation.adopt", None, {"verdict": "verified"}, 4,
     "Rita adopted the team's earlier final verdict, verified, for sentence 4"),
    ("annotation.attach", None, {"sentence": 3}, 4,
     "Rita attached a reviewer's flag to sentence 4"),
    ("comment.attach", None, {"sentence": 3}, 4, "Rita attached a comment to sentence 4"),
    ("resolution.attach", None, {"sentence": 3}, 4, "Rita attached a final verdict to sentence 4"),
    ("response.set", None, {"stance": "agree"}, 4, "Rita agreed with a flag on sentence 4"),
    ("response.set", None, {"stance": "disagree"}, 4, "Rita disagreed with a flag on sentence 4"),
    ("response.set", None, {}, 4, "Rita responded to a flag on sentence 4"),
    ("comment.post", None, {"body": "Hm", "parent_id": None}, 4, "Rita commented on sentence 4"),
    ("comment.post", None, {"body": "Hm", "parent_id": 7}, None,
     "Rita replied to a comment on the article"),
    ("comment.resolve", None, {"resolved": True}, 4, "Rita resolved a discussion on sentence 4"),
    ("sentence.settle", None, SETTLED, 4, "Rita settled sentence 4 as disputed"),
    ("sentence.reopen", SETTLED, {"verdict": None}, 4, "Rita reopened sentence 4"),
    ("sentence.confirm", SETTLED, SETTLED, 4,
     "Rita confirmed the final verdict of sentence 4 for its new words"),
    ("triage.dismiss", None, {"not_a_claim": True}, 4, "Rita marked sentence 4 as not a claim"),
    ("triage.restore", None, {"not_a_claim": False}, 4,
     "Rita put sentence 4 back among the claims"),
    ("article.import", None, {"title": "Talks"}, None, "Rita imported the article “Talks”"),
    ("article.revise", {"version": 1}, {"version": 2, "changed": 2, "added": 1, "unplaced": 0},
     None, "Rita revised the article's text to version 2 (sentences: 2 changed, 1 added)"),
    ("article.revise", {"version": 1}, {"version": 2}, None,
     "Rita revised the article's text to version 2"),
    ("article.transition", {"state": "draft"}, {"state": "in_review"}, None,
     "Rita moved the article to In review"),
    ("article.transition", None, {"state": "gone"}, None, "Rita moved the article"),
    ("article.blind_review", None, {"blind_review": True}, None,
     "Rita turned independent review on"),
    ("article.blind_review", None, {"blind_review": False}, None,
     "Rita turned independent review off"),
    ("article.reviewers_wanted", None, {"reviewers_wanted": 1}, None, "Rita asked for 1 reviewer"),
    ("article.reviewers_wanted", None, {"reviewers_wanted": 3}, None,
     "Rita asked for 3 reviewers"),
    ("assignment.set", None, {"reviewer": "Otto", "due_on": "2026-12-24"}, None,
     "Rita assigned the article to Otto, due 2026-12-24"),
    ("assignment.set", None, {"reviewer": "Otto", "due_on": None}, None,
     "Rita assigned the article to Otto"),
    ("assignment.remove", {"reviewer": "Otto"}, None, None, "Rita removed Otto's assignment"),
    ("membership.add", None, {"role": "reviewer", "member": "Otto"}, None,
     "Rita added Otto to the team as reviewer"),
    ("membership.role", {"role": "viewer"}, {"role": "editor", "member": "Otto"}, None,
     "Rita made Otto editor"),
    ("membership.remove", {"role": "editor", "member": "Otto"}, None, None,
     "Rita removed Otto from the team"),
    ("invitation.create", None, {"email": "o@x.org", "role": "bogus"}, None,
     "Rita invited o@x.org as member"),
    ("invitation.revoke", None, {"email": "o@x.org"}, None,
     "Rita withdrew the invitation to o@x.org"),
    ("invitation.accept", None, {"email": "o@x.org"}, None,
     "Rita accepted the invitation sent to o@x.org"),
    ("invitation.decline", None, {"email": "o@x.org"}, None,
     "Rita declined the invitation sent to o@x.org"),
    ("name.add", None, {"name": "INCB"}, None, "Rita added the canonical name “INCB”"),
    ("name.change", {"name": "INCB"}, {"name": "UN INCB"}, None,
     "Rita changed the canonical name “INCB”"),
    ("name.delete", {"name": "INCB"}, None, None, "Rita deleted the canonical name “INCB”"),
    ("name.import", None, {"added": 2, "updated": 1}, None,
     "Rita imported canonical names (2 added, 1 updated)"),
    ("token.create", None, {"name": "CI"}, None, "Rita created the access token “CI”"),
    ("token.revoke", {"name": "CI"}, None, None, "Rita revoked the access token “CI”"),
    ("token.revoke_all", None, {"revoked": 3}, None, "Rita revoked all their access tokens (3)"),
    ("account.password_change", None, None, None, "Rita changed their password"),
    ("account.password_set", None, None, None, "Rita set a member's password"),
    ("account.password_reset", None, None, None, "Rita reset a password"),
    ("account.instance_admin", {"instance_admin": False}, {"instance_admin": True}, None,
     "Rita made an account an instance administrator"),
    ("account.instance_admin", {"instance_admin": True}, {"instance_admin": False}, None,
     "Rita took an account's instance administration away"),
]  # fmt: skip


def event(action, before=None, after=None, actor="Rita", sentence_id=None, article_id=1):
    return AuditEvent(
        action=action,
        actor_name=actor,
        before=before,
        after=after,
        sentence_id=sentence_id,
        article_id=article_id,
    )


@pytest.mark.parametrize(("action", "before", "after", "number", "words"), EVERY_EVENT)
def test_word_event_says_every_kind_in_a_plain_sentence(action, before, after, number, words):
    happened = event(action, before, after, sentence_id=9 if number else None)
    assert word_event(happened, number) == words


def test_every_action_the_code_records_has_its_words():
    """Each action code written in the package is worded (a new one must be added here)."""
    source = "\n".join(p.read_text() for p in Path("annotator/services").rglob("*.py"))
    kinds = "|".join(sorted({action.split(".")[0] for action in PHRASES}))
    recorded = set(re.findall(rf'"((?:{kinds})\.[a-z_]+)"', source)) - {
        f"{kind}.id" for kind in kinds.split("|")
    }
    assert recorded, "no action found: the pattern is wrong"
    assert recorded - set(PHRASES) == set()
    assert {a for a, *_ in EVERY_EVENT} == set(PHRASES)


def test_word_event_of_an_unknown_kind_reads_as_words_not_a_code():
    assert word_event(event("widget.frobnicate_all")) == "Rita made a change to the article"
    assert word_event(event("widget.x", article_id=None)) == "Rita made a change to the team"
    assert word_event(event("widget.x", sentence_id=3)) == "Rita made a change to a sentence"


def test_word_event_without_actor_names_the_server_or_says_it_passively():
    assert word_event(event("article.import", after={"title": "T"}, actor="")) == (
        "The server imported the article “T”"
    )
    assert word_event(event("invitation.decline", after={"email": "o@x.org"}, actor="")) == (
        "The invitation sent to o@x.org was declined"
    )


@pytest.mark.parametrize(
    ("action", "words"),
    [
        ("annotation.set", "Rita changed their verdict on sentence 2"),
        ("response.set", "Rita responded to a flag on sentence 2"),
        ("sentence.settle", "Rita settled or reopened sentence 2"),
        ("resolution.attach", "Rita attached a final verdict to sentence 2"),
        ("comment.post", "Rita commented on sentence 2"),
    ],
)
def test_word_event_hidden_by_blind_review_says_no_judgement(action, words):
    hidden = event(action, after={"verdict": "disputed", "stance": "agree"}, sentence_id=5)
    assert word_event(hidden, 2, hidden=True) == words


def test_written_words_are_the_text_a_member_wrote():
    assert written_words(event("sentence.settle", after=SETTLED)) == "No **such** body."
    assert written_words(event("comment.post", after={"body": "Hm"})) == "Hm"
    assert written_words(event("response.set", after={"stance": "agree"})) == ""
    assert written_words(event("article.import", after={"title": "T"})) == ""


def test_word_events_number_the_sentences_of_a_history(team, make_member):
    editor = make_member(Role.editor, name="Edna")
    article = import_article(team, editor, ArticleDraft("Talks", "One. Two. Three.")).article
    article.blind_review = False
    annotate_sentence(editor, article.sentences[2], AnnotationEntry(Verdict.disputed))
    post_comment(editor, article.sentences[1], "Sure?")
    settle_sentence(editor, article.sentences[2], Verdict.disputed, "Wrong.")
    history = listing.article_activity(editor, article)
    words = word_events(history.events)
    assert [words[view.id] for view in reversed(history.events)] == [
        "Edna imported the article “Talks”",
        "Edna marked sentence 3 disputed",
        "Edna commented on sentence 2",
        "Edna settled sentence 3 as disputed",
    ]


def test_word_events_of_an_empty_history_is_empty():
    assert word_events([]) == {}
