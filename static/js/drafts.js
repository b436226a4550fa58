// Drafts: what a reviewer types in a sentence's form is kept on the server as their private
// draft, a moment after they stop typing and at once when they leave the sentence or the
// page, so that no note is lost to a reload, a closed tab or another sentence.
import { csrfToken } from "./server.js";

// How long typing must pause before the draft is sent.
const QUIET_MS = 1200;
const state = new WeakMap();
let watchingPage = false;

export function watchDraft(form) {
  if (!form.dataset.draftUrl) return;
  state.set(form, { timer: null, typed: 0, stored: 0, sending: Promise.resolve() });
  const typed = () => {
    const draft = state.get(form);
    draft.typed += 1;
    clearTimeout(draft.timer);
    draft.timer = setTimeout(() => keepDraft(form), QUIET_MS);
  };
  form.addEventListener("input", typed);
  // A plain submit (the sentence page) saves the words: leaving then asks nothing.
  form.addEventListener("submit", () => forgetTyping(form));
  watchPage();
}

// Whether the form holds typing the server has not stored yet.
export function hasUnkeptTyping(form) {
  const draft = state.get(form);
  return Boolean(draft && draft.typed !== draft.stored);
}

// Send the typing not yet stored now (leaving the sentence or the page); resolves when kept.
// ``always`` sends the form as it stands, typed or not (a refused save came back in it).
export function keepDraftNow(form, { always = false } = {}) {
  const draft = state.get(form);
  if (!draft) return Promise.resolve();
  if (always) draft.typed += 1;
  if (!hasUnkeptTyping(form)) return draft.sending;
  return keepDraft(form);
}

// The form is about to be saved or discarded: no draft request may follow or race it.
export async function forgetTyping(form) {
  const draft = state.get(form);
  if (!draft) return;
  clearTimeout(draft.timer);
  draft.stored = draft.typed;
  await draft.sending;
}

function keepDraft(form) {
  const draft = state.get(form);
  clearTimeout(draft.timer);
  const typed = draft.typed;
  const body = new FormData(form);
  body.delete("verdict");
  draft.sending = fetch(form.dataset.draftUrl, {
    method: "POST",
    body,
    credentials: "same-origin",
    // The request outlives the page when it is being closed.
    keepalive: true,
    headers: { Accept: "application/json", "X-CSRFToken": csrfToken() },
  })
    .then(async (response) => {
      const answer = await response.json().catch(() => ({}));
      if (!response.ok) {
        showStatus(form, false, answer?.error?.message ?? `The draft is not kept (the server answered ${response.status}).`);
        return;
      }
      if (draft.stored < typed) draft.stored = typed;
      showStatus(form, answer.kept, answer.kept_at);
    })
    .catch(() => showStatus(form, false, "The draft is not kept: no connection. Keep this page open."));
  return draft.sending;
}

function showStatus(form, kept, words) {
  const status = form.querySelector(".draft-status");
  if (!status) return;
  const kepts = status.querySelector(".draft-kept");
  if (kept) {
    status.hidden = false;
    status.classList.remove("draft-failed");
    kepts.textContent = `(kept ${words})`;
  } else if (words) {
    status.hidden = false;
    status.classList.add("draft-failed");
    kepts.textContent = `— ${words}`;
  } else {
    status.hidden = true;
  }
}

function unkeptForms() {
  return Array.from(document.querySelectorAll(".annotation-form")).filter(hasUnkeptTyping);
}

function watchPage() {
  if (watchingPage) return;
  watchingPage = true;
  // Leaving with typing not yet stored asks first; the draft is sent while the dialog shows.
  window.addEventListener("beforeunload", (event) => {
    const forms = unkeptForms();
    if (!forms.length) return;
    forms.forEach((form) => keepDraftNow(form));
    event.preventDefault();
    event.returnValue = "";
  });
  // The sentence page's own buttons leave it by a plain submit: Discard drops the typing on
  // purpose, Clear keeps it as the draft the cleared verdict leaves; neither should ask.
  document.addEventListener("submit", (event) => {
    if (event.defaultPrevented) return; // the article page sends it in place
    const words = event.target.closest(".panel")?.querySelector(".annotation-form");
    const draft = words && words !== event.target ? state.get(words) : null;
    if (!draft) return;
    if (event.target.matches(".clear-form")) keepDraftNow(words);
    clearTimeout(draft.timer);
    draft.stored = draft.typed;
  });
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "hidden") unkeptForms().forEach((form) => keepDraftNow(form));
  });
}
