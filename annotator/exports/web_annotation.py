"""W3C Web Annotation export: one AnnotationCollection per article, streamed as JSON-LD."""

import json
from collections.abc import Iterator
from datetime import datetime
from itertools import islice

from annotator.exports.readmodel import AnnotationView, ArticleExport
from annotator.models import ArticleVersion, Sentence

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
MEDIA_TYPE = 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"'
#: Annotations per page; up to this many, the only page is embedded in the collection.
PAGE_SIZE = 200
#: Characters of context kept before and after a quoted sentence.
AFFIX_LENGTH = 32


def iso_z(moment: datetime) -> str:
    """Return a UTC timestamp as xsd:dateTime with a Z, to the second."""
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def dumps(value: object) -> str:
    """Return indented JSON, non-ASCII characters kept as they are."""
    return json.dumps(value, ensure_ascii=False, indent=2)


def open_object(value: dict) -> str:
    """Return a JSON object without its closing brace, so more members can follow."""
    return dumps(value)[:-2] + ",\n"


def collection_iri(export: ArticleExport) -> str:
    """Return the IRI of the article's collection of full descriptions."""
    return export.context.iri(f"annotations/articles/{export.article.id}/?iris=0")


def page_iri(export: ArticleExport, number: int) -> str:
    """Return the IRI of one page of the collection."""
    return f"{collection_iri(export)}&page={number}"


def render(export: ArticleExport) -> Iterator[str]:
    """Yield the article's annotations as an AnnotationCollection, chunk by chunk."""
    total, modified = export.annotation_figures()
    collection = {
        "@context": CONTEXT,
        "id": collection_iri(export),
        "type": "AnnotationCollection",
        "label": f"Fact-check annotations: {export.article.title}",
        "total": total,
        "modified": iso_z(modified or export.article.created_at),
        "generated": iso_z(export.context.generated_at),
    }
    if total == 0:
        yield dumps(collection) + "\n"
    elif total <= PAGE_SIZE:
        yield from embedded_collection(export, collection)
    else:
        yield from paged_bundle(export, collection)


def embedded_collection(export: ArticleExport, collection: dict) -> Iterator[str]:
    """Yield a collection whose one page is embedded, as the profile asks for small exports."""
    collection["last"] = page_iri(export, 0)
    page = {
        "id": page_iri(export, 0),
        "type": "AnnotationPage",
        "partOf": collection["id"],
        "startIndex": 0,
    }
    yield open_object(collection) + '"first": ' + open_object(page) + '"items": [\n'
    yield from items(export, export.annotations())
    yield "\n]}}\n"


def paged_bundle(export: ArticleExport, collection: dict) -> Iterator[str]:
    """Yield the array [collection, page0, page1, ...] of stand-alone pages."""
    total = collection["total"]
    last = (total - 1) // PAGE_SIZE
    collection.update(first=page_iri(export, 0), last=page_iri(export, last))
    yield "[\n" + dumps(collection)
    annotations = export.annotations()
    for number in range(last + 1):
        yield ",\n" + open_object(page_header(export, collection, number, last))
        yield '"items": [\n'
        yield from items(export, islice(annotations, PAGE_SIZE))
        yield "\n]}"
    yield "\n]\n"


def page_header(export: ArticleExport, collection: dict, number: int, last: int) -> dict:
    """Return a stand-alone page's members other than its items."""
    page = {
        "@context": CONTEXT,
        "id": page_iri(export, number),
        "type": "AnnotationPage",
        "partOf": {
            "id": collection["id"],
            "total": collection["total"],
            "modified": collection["modified"],
        },
        "startIndex": number * PAGE_SIZE,
    }
    if number > 0:
        page["prev"] = page_iri(export, number - 1)
    if number < last:
        page["next"] = page_iri(export, number + 1)
    return page


def items(export: ArticleExport, annotations: Iterator[AnnotationView]) -> Iterator[str]:
    """Yield the annotations as JSON separated by commas."""
    sentences = {sentence.id: sentence for sentence in export.sentences}
    for position, annotation in enumerate(annotations):
        prefix = ",\n" if position else ""
        yield prefix + dumps(web_annotation(export, sentences[annotation.sentence_id], annotation))


def web_annotation(export: ArticleExport, sentence: Sentence, annotation: AnnotationView) -> dict:
    """Return one annotation as a W3C Web Annotation, embedded (no @context)."""
    reviewer = export.reviewers.get(annotation.reviewer_id)
    context = export.context
    return {
        "id": context.iri(f"annotations/articles/{export.article.id}/{annotation.id}"),
        "type": "Annotation",
        "motivation": "assessing",
        "creator": {
            "id": context.iri(f"users/{annotation.reviewer_id}"),
            "type": "Person",
            "name": reviewer.name if reviewer else f"Member {annotation.reviewer_id}",
        },
        "created": iso_z(annotation.created_at),
        "modified": iso_z(max(annotation.updated_at, annotation.created_at)),
        "generator": {"id": context.iri(""), "type": "Software", "name": context.software},
        "body": bodies(export, annotation),
        "target": target(export, sentence, annotation),
    }


def bodies(export: ArticleExport, annotation: AnnotationView) -> list[dict]:
    """Return the verdict, the note (Markdown) and one linking body per evidence source."""
    verdict = {
        "type": "TextualBody",
        "purpose": "assessing",
        "value": annotation.verdict.value,
        "format": "text/plain",
        "language": "en",
    }
    found = [verdict]
    if annotation.note.strip():
        found.append(
            {
                "type": "TextualBody",
                "purpose": "commenting",
                "value": annotation.note,
                "format": "text/markdown",
                "language": export.article.language,
            }
        )
    found.extend(
        {"type": "SpecificResource", "purpose": "linking", "source": source.url}
        for source in annotation.sources
    )
    return found


def captured_at(export: ArticleExport) -> datetime:
    """Return when the current article text was captured: its import or latest revision."""
    return export.article.version_dated or export.article.created_at


def target(export: ArticleExport, sentence: Sentence, annotation: AnnotationView) -> dict:
    """Select the words the verdict was given to: the sentence now, or as it read in the
    earlier version a revision changed it from."""
    if annotation.reviewed_text is None:
        return current_target(export, sentence, annotation)
    version = export.earlier_version(annotation.reviewed_version)
    place = version and judged_place(version, annotation.reviewed_text, sentence.index)
    if place is None:
        return quoted_target(export, annotation.reviewed_text)
    return judged_target(export, version, place, annotation)


def quoted_target(export: ArticleExport, words: str) -> dict:
    """Select the words judged by quote alone, when no stored version holds them (a record
    imported from elsewhere): never the sentence's new words, which nobody judged."""
    return {
        "type": "SpecificResource",
        "source": export.article_iri,
        "selector": {"type": "TextQuoteSelector", "exact": words},
    }


def current_target(export: ArticleExport, sentence: Sentence, annotation: AnnotationView) -> dict:
    """Select the sentence by quote and by position, refined to the highlighted span."""
    text = export.article.text
    position: dict = {"type": "TextPositionSelector", "start": sentence.start, "end": sentence.end}
    if annotation.has_span:
        position["refinedBy"] = {
            "type": "TextPositionSelector",
            "start": annotation.span_start - sentence.start,
            "end": annotation.span_end - sentence.start,
        }
    quote = {
        "type": "TextQuoteSelector",
        "exact": text[sentence.start : sentence.end],
        "prefix": text[max(0, sentence.start - AFFIX_LENGTH) : sentence.start],
        "suffix": text[sentence.end : sentence.end + AFFIX_LENGTH],
    }
    return {
        "type": "SpecificResource",
        "source": export.article_iri,
        "selector": [quote, position],
        "state": {"type": "TimeState", "sourceDate": iso_z(captured_at(export))},
    }


def judged_place(version: ArticleVersion, words: str, index: int) -> tuple[int, int] | None:
    """Return the offsets of the sentence with these words in an earlier version, the one
    nearest the sentence's place now when the words are there twice."""
    places = [
        (abs(i - index), start, end)
        for i, (start, end, _) in enumerate(version.sentences)
        if version.text[start:end] == words
    ]
    return min(places)[1:] if places else None


def judged_target(
    export: ArticleExport,
    version: ArticleVersion,
    place: tuple[int, int],
    annotation: AnnotationView,
) -> dict:
    """Select the sentence as it read when judged: the TimeState dates that text, and
    ``cached`` is our copy of it (W3C model 4.3.1), so the selectors hold on that copy."""
    start, end = place
    text = version.text
    position: dict = {"type": "TextPositionSelector", "start": start, "end": end}
    if span := annotation.judged_span(export.article.text):
        position["refinedBy"] = {"type": "TextPositionSelector", "start": span[0], "end": span[1]}
    quote = {
        "type": "TextQuoteSelector",
        "exact": text[start:end],
        "prefix": text[max(0, start - AFFIX_LENGTH) : start],
        "suffix": text[end : end + AFFIX_LENGTH],
    }
    cached = export.context.iri(f"articles/{export.article.id}/versions/{version.number}")
    return {
        "type": "SpecificResource",
        "source": export.article_iri,
        "selector": [quote, position],
        "state": {"type": "TimeState", "sourceDate": iso_z(version.dated), "cached": cached},
    }
