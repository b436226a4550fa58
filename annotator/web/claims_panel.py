"""What the sentence panel shows about triage, the team memory and names."""

from annotator.models import Annotation, Sentence
from annotator.services.memory import adoption_of, settled_matches
from annotator.services.names import hints_for_sentences
from annotator.services.triage import triage_of
from annotator.text.checkworthiness import REASONS, THRESHOLD
from annotator.web.claims_forms import AdoptForm
from annotator.web.forms import EmptyForm


def claims_context(sentence: Sentence, mine: Annotation | None) -> dict:
    """Gather the sentence's triage, name hints and settled matches elsewhere in the team.

    Independent review does not hide the matches: they are the team's final verdicts on
    other articles, which the team means its reviewers to reuse (docs/adr/0010).
    """
    return {
        "triage": triage_of(sentence),
        "name_hints": hints_for_sentences(sentence.article, [sentence]).get(sentence.id, []),
        "settled_elsewhere": settled_matches(sentence),
        "adoption": adoption_of(mine),
        "adopt_form": AdoptForm(formdata=None, version=mine.version if mine else 0),
        "button_form": EmptyForm(formdata=None),
        "threshold": THRESHOLD,
        "reason_labels": REASONS,
    }
