"""Property: over any sequence of saves, settlements, confirmations and revisions, no
export attributes a verdict to words that nobody judged (issue 17, finding 3).

The test keeps its own record of the words each verdict was given to, and reads every
export against it: the report's read model, Markdown, HTML, CSV, W3C and ClaimReview.
"""

import csv
import io
import itertools
import json
import re
from html import unescape

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.errors import InvalidTransition
from annotator.exports.markdown_report import escape, verdict_tag
from annotator.exports.readmodel import ExportContext, load_export
from annotator.exports.registry import FORMATS
from annotator.exports.report import build_report
from annotator.extensions import db
from annotator.models import Annotation, Resolution, Role, Verdict
from annotator.services.annotations import AnnotationEntry, annotate_sentence
from annotator.services.articles import ArticleDraft, import_article
from annotator.services.revisions import find_version, revise_article
from annotator.services.settling import confirm_sentence, settle_sentence
from annotator.services.visibility import host_visibility

#: Three claims whose figures revisions change; each figure is a word of its own.
CLAIMS = ("Alpha rose {} points.", "Beta fell {} points.", "Gamma held {} seats.")
FIGURES = st.sampled_from(["12", "19", "40"])
SENTENCE = st.integers(1, 3)  # 0 is the heading sentence that names the example
VERDICTS = st.sampled_from(list(Verdict))
STEPS = st.one_of(
    st.tuples(st.just("save"), st.integers(0, 1), SENTENCE, VERDICTS, st.booleans()),
    st.tuples(st.just("settle"), SENTENCE, VERDICTS),
    st.tuples(st.just("confirm"), SENTENCE),
    st.tuples(st.just("revise"), st.tuples(FIGURES, FIGURES, FIGURES)),
)
EXAMPLES = itertools.count()


def article_text(number: int, figures) -> str:
    claims = [claim.format(figure) for claim, figure in zip(CLAIMS, figures, strict=True)]
    return f"Example {number} opens here. {claims[0]} {claims[1]}\n\n{claims[2]}"


class Story:
    """An article and the words every verdict on it was given to, as the test saw them."""

    def __init__(self, team, editor, reviewers):
        self.number = next(EXAMPLES)
        self.figures = ("12", "12", "12")
        text = article_text(self.number, self.figures)
        self.article = import_article(team, None, ArticleDraft("Claims", text)).article
        self.editor, self.reviewers = editor, reviewers
        #: Annotation id -> (words judged, highlighted words or None).
        self.judged: dict[int, tuple[str, str | None]] = {}
        #: Resolution id -> words judged.
        self.settled: dict[int, str] = {}

    def words(self, index: int) -> str:
        return self.article.sentences[index].text_in(self.article.text)

    def run(self, step) -> None:
        getattr(self, step[0])(*step[1:])

    def save(self, reviewer: int, index: int, verdict: Verdict, span: bool) -> None:
        sentence = self.article.sentences[index]
        words = self.words(index)
        figure = re.search(r"\d+", words).group() if span else None
        place = None
        if figure:
            start = sentence.start + words.index(figure)
            place = (start, start + len(figure))
        entry = AnnotationEntry(verdict, "Checked.", place)
        annotation = annotate_sentence(self.reviewers[reviewer], sentence, entry)
        self.judged[annotation.id] = (words, figure)

    def settle(self, index: int, verdict: Verdict) -> None:
        resolution = settle_sentence(self.editor, self.article.sentences[index], verdict, "Why.")
        self.settled[resolution.id] = self.words(index)

    def confirm(self, index: int) -> None:
        try:
            resolution = confirm_sentence(self.editor, self.article.sentences[index])
        except InvalidTransition:
            return  # nothing awaits on that sentence
        self.settled[resolution.id] = self.words(index)

    def revise(self, figures) -> None:
        if figures == self.figures:
            return
        self.figures = figures
        draft = ArticleDraft("Claims", article_text(self.number, figures))
        revise_article(self.article, self.editor, draft)
        db.session.flush()
        db.session.expire_all()

    def judged_words_now(self) -> dict[int, set[str]]:
        """Return, by sentence index, the words of its current text a verdict was given to."""
        honest: dict[int, set[str]] = {}
        for annotation in db.session.scalars(
            sa.select(Annotation).where(Annotation.article_id == self.article.id)
        ):
            words, figure = self.judged[annotation.id]
            if words == self.words(annotation.sentence.index) and figure:
                honest.setdefault(annotation.sentence.index, set()).add(figure)
        return honest

    def resolutions(self) -> list[tuple[int, Resolution]]:
        query = sa.select(Resolution).where(Resolution.article_id == self.article.id)
        return [(r.sentence.index, r) for r in db.session.scalars(query) if r.verdict]


def rendered(export, name: str) -> str:
    return b"".join(FORMATS[name].chunks(export)).decode("utf-8")


@pytest.fixture
def cast(make_member):
    editor = make_member(Role.editor, name="Edith")
    return editor, (make_member(name="Rita"), make_member(name="Ravi"))


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=st.lists(STEPS, min_size=1, max_size=10))
def test_exports_never_attribute_a_verdict_to_words_nobody_judged(team, cast, steps):
    story = Story(team, *cast)
    for step in steps:
        story.run(step)
    db.session.flush()
    context = ExportContext(base_url="https://factcheck.example.org/")
    export = load_export(story.article, context, host_visibility(story.article))
    check_report(story, export)
    check_markdown_and_html(story, export)
    check_csv(story, rendered(export, "csv"))
    check_w3c(story, json.loads(rendered(export, "w3c")))
    check_claimreview(story, json.loads(rendered(export, "claimreview")))


def honest_final(story: Story) -> dict[int, Verdict]:
    """Return the final verdicts given to their sentence's current words, by index."""
    return {
        index: resolution.verdict
        for index, resolution in story.resolutions()
        if story.settled[resolution.id] == story.words(index)
    }


def check_report(story: Story, export) -> None:
    honest, marks = honest_final(story), story.judged_words_now()
    for entry in build_report(export).entries:
        index = entry.sentence.index
        assert entry.final_verdict == honest.get(index)
        for words, highlighted in entry.pieces:
            assert not highlighted or words in marks.get(index, set())
        for judgement in entry.judgements:
            assert judgement.words != entry.text


def check_markdown_and_html(story: Story, export) -> None:
    honest = honest_final(story)
    markdown, html = rendered(export, "md"), rendered(export, "html")
    # The article's text in Markdown, bold and the changed mark left out: a final verdict's
    # tag stands right before the words of its sentence.
    section = markdown.split("## The article, sentence by sentence", 1)[1].split("\n## ", 1)[0]
    section = section.replace("**", "").replace("[Δ changed since review] ", "")
    tags = re.findall(r"\[[✓?✗] \w+\] ", section)
    assert len(tags) == len(honest)
    for index, verdict in honest.items():
        assert f"[{verdict_tag(verdict)}] {escape(story.words(index))}" in section
    coloured = re.findall(r'<span class="s v-(\w+)" id="sentence-(\d+)">', html)
    assert {(v, int(n) - 1) for v, n in coloured} == {(v.value, i) for i, v in honest.items()}
    text_section = html.split('id="text-title"', 1)[1].split("</section>", 1)[0]
    marks = {w for words in story.judged_words_now().values() for w in words}
    assert {unescape(m) for m in re.findall(r"<mark>(.*?)</mark>", text_section)} <= marks


def check_csv(story: Story, table: str) -> None:
    by_index = {index: story.settled[r.id] for index, r in story.resolutions()}
    judged = {
        (a.sentence.index, a.reviewer.name): story.judged[a.id]
        for a in db.session.scalars(
            sa.select(Annotation).where(Annotation.article_id == story.article.id)
        )
    }
    for row in csv.DictReader(io.StringIO(table)):
        index = int(row["sentence"]) - 1
        words = row["judged_text"] if row["changed_since_review"] == "yes" else row["text"]
        if row["row"] == "final" and row["verdict"]:
            assert words == by_index[index]
        elif row["row"] == "reviewer":
            assert (words, row["highlighted"] or None) == judged[(index, row["reviewer"])]


def check_w3c(story: Story, collection: dict) -> None:
    items = collection.get("first", {}).get("items", [])
    for item in items:
        annotation_id = int(item["id"].rsplit("/", 1)[1])
        words, figure = story.judged[annotation_id]
        quote, position = item["target"]["selector"]
        text = story.article.text
        if cached := item["target"]["state"].get("cached"):
            text = find_version(story.article, int(cached.rsplit("/", 1)[1])).text
        assert quote["exact"] == words == text[position["start"] : position["end"]]
        refined = position.get("refinedBy")
        assert (words[refined["start"] : refined["end"]] if refined else None) == figure


def check_claimreview(story: Story, reviews: list) -> None:
    honest = honest_final(story)
    assert sorted(r["claimReviewed"] for r in reviews) == sorted(
        story.words(index) for index in honest
    )
