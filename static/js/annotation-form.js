// The annotation form: words selected in the panel's quote become the span at fault, and
// "Add a source" adds a row, up to the number the server accepts; what is typed is kept as
// a draft (drafts.js).
import { announce } from "./announce.js";
import { watchDraft } from "./drafts.js";
import { selectedWords, setSpan } from "./spans.js";

export function enhanceAnnotationForm(form) {
  const panel = form.closest(".panel");
  const quote = panel?.querySelector(".sentence-quote");
  if (quote) {
    const capture = () => captureSelection(quote, form);
    quote.addEventListener("mouseup", capture);
    quote.addEventListener("keyup", capture);
  }
  form.querySelector(".add-source")?.addEventListener("click", () => addSourceRow(form));
  watchDraft(form);
}

function captureSelection(quote, form) {
  const selection = window.getSelection();
  if (!selection || selection.isCollapsed || !quote.contains(selection.anchorNode)) return;
  const span = selectedWords(quote, selection.getRangeAt(0));
  if (!span.words) return;
  setSpan(form, Number(quote.dataset.start), span);
  announce(`Span set: ${span.words}`);
}

function addSourceRow(form) {
  const rows = form.querySelectorAll(".source-row");
  const last = rows[rows.length - 1];
  const button = form.querySelector(".add-source");
  const most = Number(button.dataset.most);
  if (rows.length >= most) return;
  const copy = last.cloneNode(true);
  const number = rows.length;
  copy.querySelectorAll("[name], [id], [for]").forEach((element) => {
    for (const attribute of ["name", "id", "for", "aria-describedby"]) {
      const value = element.getAttribute(attribute);
      if (value) element.setAttribute(attribute, value.replace(/sources-\d+-/g, `sources-${number}-`));
    }
    if ("value" in element && element.tagName !== "LABEL") element.value = "";
  });
  copy.querySelectorAll(".error").forEach((element) => element.remove());
  last.after(copy);
  if (rows.length + 1 >= most) {
    // The server refuses a flag with more sources: say so instead of offering another row.
    button.hidden = true;
    form.querySelector(".sources-full").hidden = false;
  }
  copy.querySelector("input")?.focus();
}
