// Progressive enhancement: the pages work as plain forms; this module makes the article
// page annotate in place, without reloading.
import { initArticlePage } from "./article.js";
import { initKeyboard } from "./keyboard.js";
import { watchInvitationLinks } from "./invitation.js";
import { initLive } from "./live.js";
import { loadRemainingParts } from "./parts.js";

document.addEventListener("DOMContentLoaded", () => {
  const article = document.querySelector("[data-article-id]");
  if (article) {
    initArticlePage(article);
    initKeyboard(article);
    initLive(article);
    loadRemainingParts(article);
  }
  document.querySelectorAll(".annotation-form").forEach(enhanceAnnotationForm);
  watchInvitationLinks();
});

export function csrfToken() {
  return document.querySelector('meta[name="csrf-token"]')?.content ?? "";
}

export function announce(message) {
  const status = document.getElementById("live-status");
  if (status) status.textContent = message;
}

// Offsets on the server count Unicode code points; JavaScript strings count UTF-16 units.
export function codePointLength(text) {
  return Array.from(text).length;
}

export function enhanceAnnotationForm(form) {
  const panel = form.closest(".panel");
  const quote = panel?.querySelector(".sentence-quote");
  if (quote) {
    const capture = () => captureSelection(quote, form);
    quote.addEventListener("mouseup", capture);
    quote.addEventListener("keyup", capture);
  }
  form.querySelector(".add-source")?.addEventListener("click", () => addSourceRow(form));
}

function captureSelection(quote, form) {
  const selection = window.getSelection();
  if (!selection || selection.isCollapsed || !quote.contains(selection.anchorNode)) return;
  const range = selection.getRangeAt(0);
  const before = document.createRange();
  before.setStart(quote, 0);
  before.setEnd(range.startContainer, range.startOffset);
  let words = range.toString();
  let start = codePointLength(before.toString());
  const leading = words.length - words.trimStart().length;
  start += codePointLength(words.slice(0, leading));
  words = words.trim();
  if (!words) return;
  const base = Number(quote.dataset.start);
  form.querySelector('[name="span_text"]').value = words;
  form.querySelector('[name="span_start"]').value = base + start;
  form.querySelector('[name="span_end"]').value = base + start + codePointLength(words);
  announce(`Span set: ${words}`);
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
