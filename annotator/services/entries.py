"""The parts of a flag a reviewer types, and their checks: shared by annotations and drafts."""

from dataclasses import dataclass

from annotator import limits
from annotator.models import Sentence
from annotator.services.sources import check_web_url


@dataclass(frozen=True)
class SourceEntry:
    url: str
    title: str = ""
    quote: str = ""

    def as_row(self) -> dict[str, str]:
        """Return the source stripped, in the shape revisions and drafts store."""
        return {"url": self.url.strip(), "title": self.title.strip(), "quote": self.quote.strip()}


def span_inside(sentence: Sentence, span: tuple[int, int]) -> bool:
    """Tell whether a pair of article offsets lies inside the sentence and is not empty."""
    start, end = span
    return sentence.start <= start < end <= sentence.end


def check_sources(sources: list[SourceEntry], *, complete: bool = True) -> dict[str, str]:
    """Return the problems of a list of sources, keyed by field.

    ``complete=False`` is for words still being typed (a draft): an address is then held
    to its length only, since "https://exa" is on its way to being one.
    """
    if len(sources) > limits.SOURCES:
        most, given = limits.SOURCES, len(sources)
        return {"sources": f"Cite at most {most} sources: remove {given - most} of the {given}."}
    check_url = check_web_url if complete else limits.WEB_ADDRESS.problem
    errors = {}
    for number, source in enumerate(sources):
        if message := check_url(source.url):
            errors[f"sources-{number}-url"] = message
        if problem := limits.SOURCE_TITLE.problem(source.title.strip()):
            errors[f"sources-{number}-title"] = problem
        if problem := limits.SOURCE_QUOTE.problem(source.quote):
            errors[f"sources-{number}-quote"] = problem
    return errors
