"""The sentence panel's template context: its read model, and the forms a page adds to it."""

from annotator.models import Verdict
from annotator.services.sentence_panel import SentencePanel
from annotator.web.claims_panel import claims_context
from annotator.web.forms import ClearVerdictForm


def panel_context(panel: SentencePanel, form) -> dict:
    """Return what the sentence page and the article page's side panel render."""
    mine = panel.mine
    return {
        "panel": panel,
        "form": form,
        "clear_form": ClearVerdictForm(formdata=None, version=mine.version if mine else 0),
        "claims": claims_context(panel),
        "verdicts": Verdict,
    }
