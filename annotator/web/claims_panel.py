"""What the sentence panel shows about triage, the team memory and names: its read model's
figures, with the forms and labels the page adds."""

from annotator.services.sentence_panel import SentencePanel
from annotator.text.checkworthiness import REASONS, THRESHOLD
from annotator.web.claims_forms import AdoptForm
from annotator.web.forms import EmptyForm


def claims_context(panel: SentencePanel) -> dict:
    """Return the claims part of the panel: triage, name hints, settled matches, forms."""
    mine, claims = panel.mine, panel.claims
    return {
        "triage": claims.triage,
        "name_hints": claims.name_hints,
        "settled_elsewhere": claims.settled_elsewhere,
        "adoption": claims.adoption,
        "adopt_form": AdoptForm(formdata=None, version=mine.version if mine else 0),
        "button_form": EmptyForm(formdata=None),
        "threshold": THRESHOLD,
        "reason_labels": REASONS,
    }
