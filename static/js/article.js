// The article page: choosing a sentence opens its review panel beside the text, and the
// panel's forms save in place.
import { announce } from "./announce.js";
import { enhanceAnnotationForm } from "./annotation-form.js";
import { forgetTyping, keepDraftNow } from "./drafts.js";
import { requestJSON } from "./server.js";
import { redrawSummary } from "./summary.js";

export function initArticlePage(article) {
  const panel = document.getElementById("side-panel");
  const layout = article.closest(".article-layout");
  article.addEventListener("click", (event) => {
    const link = event.target.closest(".sentence-link");
    if (!link || event.metaKey || event.ctrlKey || event.shiftKey) return;
    event.preventDefault();
    openSentence(link.href, link.closest(".sentence"), panel, layout);
  });
  panel.addEventListener("submit", (event) => {
    const form = event.target;
    if (!form.matches(".annotation-form, .clear-form, .discard-draft-form, .undo-form")) return;
    event.preventDefault();
    submitPanelForm(form, event.submitter, panel);
  });
  panel.addEventListener("click", (event) => {
    if (!event.target.closest(".panel-close")) return;
    event.preventDefault();
    closePanel(panel, layout);
  });
  fitPanel(panel);
  const fromHash = location.hash.match(/^#s(\d+)$/);
  if (fromHash) document.getElementById(`s${fromHash[1]}`)?.scrollIntoView({ block: "center" });
}

export async function openSentence(url, sentence, panel, layout, { focus = true } = {}) {
  // The sentence being left keeps its typing as a draft before the next one opens.
  await keepTyping(panel);
  const { ok, body } = await requestJSON(url);
  if (!ok || !body.panel) {
    announce(body?.error?.message ?? "Could not open the sentence.");
    return false;
  }
  showPanel(panel, layout, body.panel);
  document.querySelectorAll(".sentence.current").forEach((element) => element.classList.remove("current"));
  sentence.classList.add("current");
  history.replaceState(null, "", `#${sentence.id}`);
  keepInViewAbove(panel, sentence);
  panel.querySelector("h2")?.setAttribute("tabindex", "-1");
  if (focus) panel.querySelector("h2")?.focus();
  return true;
}

// The sticky panel is as tall as the room below its top, which is lower before the page
// scrolls (the top bar): its foot, with the verdict buttons, never falls below the screen.
function fitPanel(panel) {
  let waiting = false;
  const measure = () => {
    waiting = false;
    if (panel.hidden) return;
    const top = Math.max(panel.getBoundingClientRect().top, 16);
    panel.style.setProperty("--panel-room", `${Math.floor(innerHeight - top - 16)}px`);
  };
  const later = () => {
    if (!waiting) requestAnimationFrame(measure);
    waiting = true;
  };
  addEventListener("scroll", later, { passive: true });
  addEventListener("resize", later);
  new MutationObserver(later).observe(panel, { attributes: true, attributeFilter: ["hidden"] });
}

// On a phone the panel is a bottom sheet: the sentence under review must not hide behind it.
function keepInViewAbove(panel, sentence) {
  if (getComputedStyle(panel).position !== "fixed") return;
  const sheetTop = panel.getBoundingClientRect().top;
  const box = sentence.getBoundingClientRect();
  if (box.top < 0 || box.bottom > sheetTop) {
    sentence.scrollIntoView({ block: "start", behavior: "instant" });
    scrollBy({ top: -12, behavior: "instant" });
  }
}

function keepTyping(panel) {
  return Promise.all(Array.from(panel.querySelectorAll(".annotation-form")).map(keepDraftNow));
}

export function showPanel(panel, layout, html) {
  // Typing that arrived while the server answered is not dropped with the old form.
  keepTyping(panel);
  panel.innerHTML = html;
  panel.hidden = false;
  layout.classList.add("panel-open");
  panel.querySelectorAll(".annotation-form").forEach(enhanceAnnotationForm);
}

function closePanel(panel, layout) {
  keepTyping(panel);
  const index = panel.querySelector(".panel")?.dataset.index;
  panel.hidden = true;
  panel.innerHTML = "";
  layout.classList.remove("panel-open");
  const sentence = document.getElementById(`s${index}`);
  sentence?.classList.remove("current");
  sentence?.querySelector(".sentence-link")?.focus();
}

// The Undo of the last change made on this page (the `z` key): the form shown with that
// change's message, kept even once the panel shows another sentence.
let lastUndo = null;

export function lastUndoForm() {
  const flashed = document.querySelectorAll(".flashes .undo-form");
  return lastUndo ?? flashed[flashed.length - 1] ?? null;
}

export async function submitPanelForm(form, submitter, panel) {
  const layout = panel.closest(".article-layout");
  const words = panel.querySelector(".annotation-form");
  if (words && form.matches(".clear-form")) {
    // The words on the form become the draft the cleared verdict leaves.
    await keepDraftNow(words);
  } else if (words) {
    // Saved or discarded now: a draft request still on its way must not follow it.
    await forgetTyping(words);
  }
  const { ok, body } = await requestJSON(form.action, { method: "POST", body: new FormData(form, submitter) });
  if (body.panel) showPanel(panel, layout, body.panel);
  if (ok && body.panel) lastUndo = panel.querySelector(".undo-form") ?? lastUndo;
  if (!ok && !body.panel) showRefusal(panel, body?.error?.message);
  if (ok) redrawSummary(body.summary); // my counts change at once
  if (ok && body.sentence) {
    const index = panel.querySelector(".panel")?.dataset.index;
    const old = document.getElementById(`s${index}`);
    if (old) {
      // Keyboard users keep their place: focus returns to the redrawn sentence.
      const hadFocus = old.contains(document.activeElement);
      old.outerHTML = body.sentence;
      const fresh = document.getElementById(`s${index}`);
      fresh?.classList.add("current");
      if (hadFocus) fresh?.querySelector(".sentence-link")?.focus({ preventScroll: true });
    }
    announce(body.message);
  } else if (!ok) {
    announce(body?.error?.message ?? "Could not save.");
    // The refused words came back on the form: they are kept as the draft, not lost.
    const refused = panel.querySelector(".annotation-form");
    if (refused && form.matches(".annotation-form")) keepDraftNow(refused, { always: true });
    // The first field's message (a list of sources has no input of its own), else the form's.
    const marked = panel.querySelector("p.error") ?? panel.querySelector(".alert-error");
    marked?.scrollIntoView({ block: "center" });
  }
}

// A refusal without a new panel (an Undo too late, or after a change elsewhere): say it
// where the reviewer looks, and forget the Undo that no longer applies.
function showRefusal(panel, message) {
  const alert = document.createElement("p");
  alert.className = "alert alert-error refusal";
  alert.setAttribute("role", "alert");
  alert.textContent = message ?? "The server refused this.";
  panel.querySelector(".refusal")?.remove();
  const head = panel.querySelector(".panel-head");
  if (head) head.after(alert);
  else document.querySelector(".flashes, main")?.prepend(alert);
  lastUndo = null;
  document.querySelectorAll(".flashes .undo-form").forEach((stale) => stale.remove());
}
