"""Reviewers and an editor work at random; no saved word is lost, no verdict lands on other words.

Issue 17's property: over random sequences of save, clear, undo, restore, revise and settle,

- every note, source and verdict that was ever saved stays reachable: it is the current
  annotation, or a version in its history (which undo and restore bring back);
- every export attributes a verdict only to the words that were judged: the words a verdict
  is shown on are the sentence's words when the verdict was given, or the export quotes those
  words and marks the verdict "changed since review".

Each save carries a note no other save has, so a note names the moment it was saved and the
words the sentence had then.
"""

import json
from datetime import UTC, datetime

import sqlalchemy as sa
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    rule,
    run_state_machine_as_test,
)

from annotator.errors import InvalidTransition
from annotator.exports.readmodel import ExportContext, load_export
from annotator.exports.registry import FORMATS
from annotator.extensions import db
from annotator.models import Annotation, AnnotationRevision, Role, Verdict
from annotator.services.annotation_history import restore_version, undo_change
from annotator.services.annotations import (
    AnnotationEntry,
    SourceEntry,
    annotate_sentence,
    clear_verdict,
    find_annotation,
)
from annotator.services.articles import ArticleDraft, import_article
from annotator.services.revisions import revise_article
from annotator.services.settling import settle_sentence
from annotator.services.teams import create_team
from annotator.services.visibility import host_visibility
from tests.conftest import empty_all_tables

SETTINGS = settings(
    max_examples=20,
    stateful_step_count=25,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

FIGURES = ("100", "200", "300")
SENTENCE = "Report {n} counted {figure} cases."
INDEX = st.integers(min_value=0, max_value=len(FIGURES) - 1)
VERDICT = st.sampled_from(list(Verdict))


def text_of(figures: list[str]) -> str:
    return " ".join(SENTENCE.format(n=n, figure=f) for n, f in enumerate(figures))


class ReviewAtRandom(RuleBasedStateMachine):
    def __init__(self, make_member):
        super().__init__()
        empty_all_tables()
        db.session.remove()
        self.team = create_team("Desk", "desk")
        self.people = {
            "rita": make_member(Role.reviewer, name="Rita", in_team=self.team),
            "rob": make_member(Role.reviewer, name="Rob", in_team=self.team),
        }
        self.editor = make_member(Role.editor, name="Edith", in_team=self.team)
        self.saves = 0
        #: note → (reviewer id, verdict, sources, the sentence's words when it was saved)
        self.saved: dict[str, tuple] = {}
        #: rationale → the sentence's words when it was settled
        self.settled: dict[str, str] = {}

    @initialize()
    def import_the_article(self):
        self.figures = list(FIGURES)
        self.article = import_article(
            self.team, None, ArticleDraft("Cases", text_of(self.figures))
        ).article
        db.session.commit()

    def sentence(self, index: int):
        db.session.refresh(self.article)
        return self.article.sentences[index]

    @rule(
        who=st.sampled_from(["rita", "rob"]),
        index=INDEX,
        verdict=VERDICT,
        sources=st.integers(0, 2),
        span=st.booleans(),
    )
    def save(self, who, index, verdict, sources, span):
        sentence = self.sentence(index)
        self.saves += 1
        note = f"note-{self.saves}"
        rows = [
            SourceEntry(
                f"https://example.org/{self.saves}/{n}",
                f"title {self.saves}.{n}",
                f"quote {self.saves}.{n}",
            )
            for n in range(sources)
        ]
        words = self.article.text[sentence.start : sentence.end]
        figure = words.index(self.figures[index])
        at = (
            (sentence.start + figure, sentence.start + figure + len(self.figures[index]))
            if span
            else None
        )
        annotate_sentence(self.people[who], sentence, AnnotationEntry(verdict, note, at, rows))
        db.session.commit()
        self.saved[note] = (
            self.people[who].id,
            verdict,
            tuple((s.url, s.title, s.quote) for s in rows),
            words,
        )

    @rule(who=st.sampled_from(["rita", "rob"]), index=INDEX)
    def clear(self, who, index):
        clear_verdict(self.people[who], self.sentence(index))
        db.session.commit()

    @rule(who=st.sampled_from(["rita", "rob"]), index=INDEX)
    def undo(self, who, index):
        sentence = self.sentence(index)
        mine = find_annotation(sentence, self.people[who])
        if mine is None:
            return
        undo_change(self.people[who], sentence, mine.version)
        db.session.commit()

    @rule(who=st.sampled_from(["rita", "rob"]), index=INDEX, back=st.integers(1, 6))
    def restore(self, who, index, back):
        sentence = self.sentence(index)
        mine = find_annotation(sentence, self.people[who])
        if mine is None or back >= mine.version:
            return
        restore_version(self.people[who], sentence, mine.version - back, mine.version)
        db.session.commit()

    @rule(index=INDEX, figure=st.sampled_from(["100", "200", "300", "198", "250"]))
    def revise(self, index, figure):
        figures = [*self.figures]
        figures[index] = figure
        if figures == self.figures:
            return
        try:
            revise_article(self.article, self.editor, ArticleDraft("Cases", text_of(figures)))
        except InvalidTransition:
            db.session.rollback()
            return
        db.session.commit()
        self.figures = figures

    @rule(index=INDEX, verdict=VERDICT)
    def settle(self, index, verdict):
        sentence = self.sentence(index)
        self.saves += 1
        rationale = f"rationale-{self.saves}"
        settle_sentence(self.editor, sentence, verdict, rationale)
        db.session.commit()
        self.settled[rationale] = self.article.text[sentence.start : sentence.end]

    @invariant()
    def nothing_saved_is_unreachable(self):
        if not hasattr(self, "article"):
            return
        reachable = set()
        for annotation in db.session.scalars(sa.select(Annotation)):
            reachable.add(
                state_of(annotation, [(s.url, s.title, s.quote) for s in annotation.sources])
            )
        for revision in db.session.scalars(sa.select(AnnotationRevision)):
            sources = [(s["url"], s["title"], s["quote"]) for s in revision.sources]
            reachable.add(state_of(revision, sources, revision.annotation.reviewer_id))
        for note, (reviewer_id, verdict, sources, _) in self.saved.items():
            assert (reviewer_id, verdict, note, sources) in reachable, note

    @invariant()
    def exports_attribute_verdicts_to_the_words_judged(self):
        if not hasattr(self, "article"):
            return
        record = json.loads(export_of(self.article, "json"))
        words = {s["index"]: s["text"] for s in record["sentences"]}
        for annotation in record["annotations"]:
            if annotation["verdict"] is None:
                continue
            shown_on = annotation["reviewed_text"] or words[annotation["sentence"]]
            assert shown_on == self.saved[annotation["note"]][3], annotation
        collection = json.loads(export_of(self.article, "w3c"))
        for item in collection.get("first", {}).get("items", []):
            note = next(b["value"] for b in item["body"] if b.get("purpose") == "commenting")
            selectors = item["target"]["selector"]
            quote = selectors[0] if isinstance(selectors, list) else selectors
            assert quote["exact"] == self.saved[note][3], item
        for resolution in record["resolutions"]:
            if resolution["verdict"] is None:
                continue
            shown_on = resolution["reviewed_text"] or words[resolution["sentence"]]
            assert shown_on == self.settled[resolution["rationale"]], resolution


def state_of(row, sources: list[tuple], reviewer_id: int | None = None) -> tuple:
    return (reviewer_id or row.reviewer_id, row.verdict, row.note, tuple(sources))


def export_of(article, name: str) -> str:
    context = ExportContext(
        base_url="https://factcheck.example.org/", generated_at=datetime(2026, 1, 1, tzinfo=UTC)
    )
    export = load_export(article, context, host_visibility(article))
    return b"".join(FORMATS[name].chunks(export)).decode("utf-8")


def test_no_saved_work_is_lost_and_no_verdict_moves_to_other_words(app, make_member):
    run_state_machine_as_test(lambda: ReviewAtRandom(make_member), settings=SETTINGS)
