// Keyboard shortcuts of the article page: move between sentences and judge them without the
// mouse. Nothing fires while the reviewer types in a field, or with Ctrl, Alt or Meta held.
import { announce } from "./announce.js";
import { lastUndoForm, openSentence, submitPanelForm } from "./article.js";
import { partsLoaded } from "./parts.js";
import { selectedWords, setSpan } from "./spans.js";

const VERDICT_KEYS = { v: "verified", u: "unverified", d: "disputed" };
const NEXT_KEYS = ["j", "ArrowDown", "ArrowRight"];
const PREVIOUS_KEYS = ["k", "ArrowUp", "ArrowLeft"];

export function initKeyboard(article) {
  const panel = document.getElementById("side-panel");
  const layout = article.closest(".article-layout");
  const help = document.getElementById("shortcuts-help");
  const context = { article, panel, layout, help };
  document.addEventListener("keydown", (event) => onKey(event, context));
  document.querySelector(".open-shortcuts")?.addEventListener("click", () => openHelp(help));
  help?.querySelector(".close-shortcuts")?.addEventListener("click", () => help.close());
  article.addEventListener("focusin", (event) => {
    const sentence = event.target.closest?.(".sentence");
    if (sentence && event.target.matches(".sentence-link")) sayWhere(sentence);
  });
}

function typingIn(target) {
  return Boolean(target.closest?.("input, textarea, select, [contenteditable=''], [contenteditable='true']"));
}

function onKey(event, context) {
  if (event.key === "Escape" && context.panel.contains(event.target) && !context.help?.open) {
    backToSentence(context); // leave the panel's fields so the shortcuts work again
    return;
  }
  if (event.ctrlKey || event.metaKey || event.altKey || typingIn(event.target)) return;
  if (context.help?.open) return; // the dialog handles its own keys (Escape closes it)
  const onSentence = event.target.matches?.(".sentence-link");
  const arrow = event.key.startsWith("Arrow");
  if (arrow && !onSentence) return; // arrows scroll the page everywhere else
  const action = actionFor(event.key);
  if (!action) return;
  event.preventDefault();
  action(context);
}

function actionFor(key) {
  if (NEXT_KEYS.includes(key)) return (context) => move(context, 1);
  if (PREVIOUS_KEYS.includes(key)) return (context) => move(context, -1);
  if (key in VERDICT_KEYS) return (context) => setVerdict(context, VERDICT_KEYS[key]);
  const actions = { n: openNote, s: addSource, h: spanFromSelection, x: clearVerdict, z: undoLastChange, "?": (c) => openHelp(c.help) };
  return actions[key];
}

function sentences(article) {
  return Array.from(article.querySelectorAll(".sentence"));
}

// The sentence being worked on: the focused one, else the one whose panel is open.
function currentSentence(context) {
  const focused = document.activeElement?.closest?.(".sentence");
  if (focused && context.article.contains(focused)) return focused;
  return context.article.querySelector(".sentence.current");
}

async function move(context, step) {
  let all = sentences(context.article);
  const here = currentSentence(context);
  let position = here ? all.indexOf(here) + step : 0;
  if (position >= all.length) {
    await partsLoaded(context.article);
    all = sentences(context.article);
  }
  position = Math.max(0, Math.min(position, all.length - 1));
  const target = all[position];
  if (!target) return;
  context.article.querySelectorAll(".sentence.keyboard").forEach((s) => s.classList.remove("keyboard"));
  target.classList.add("keyboard");
  target.querySelector(".sentence-link").focus({ preventScroll: true });
  target.scrollIntoView({ block: "nearest" });
}

function sayWhere(sentence) {
  const total = sentence.closest("[data-article-id]")?.dataset.sentenceCount;
  const flags = Array.from(sentence.querySelectorAll(".badge .visually-hidden"))
    .map((label) => `${label.parentElement.textContent.replace(label.textContent, "").trim()} ${label.textContent.replace(":", "")}`)
    .join(", ");
  const number = Number(sentence.dataset.index) + 1;
  announce(`Sentence ${number}${total ? ` of ${total}` : ""}${flags ? `: ${flags}` : ", no verdict yet"}.`);
}

// Open the sentence's panel unless it is already open, keeping focus where it is.
async function ensurePanel(context, sentence) {
  const open = context.panel.querySelector(".panel");
  if (!context.panel.hidden && open?.dataset.index === sentence.dataset.index) return true;
  const link = sentence.querySelector(".sentence-link");
  return openSentence(link.href, sentence, context.panel, context.layout, { focus: false });
}

async function withSentence(context, work) {
  const sentence = currentSentence(context);
  if (!sentence) {
    announce("Move to a sentence first: press j.");
    return;
  }
  if (await ensurePanel(context, sentence)) await work(sentence);
}

function setVerdict(context, verdict) {
  return withSentence(context, async () => {
    const form = context.panel.querySelector(".annotation-form");
    // The verdict buttons sit at the panel's foot, tied to the form by their form attribute.
    const button = Array.from(form?.elements ?? []).find((e) => e.name === "set_verdict" && e.value === verdict);
    if (!button) return announce("You cannot give verdicts on this article.");
    await submitPanelForm(form, button, context.panel);
  });
}

function clearVerdict(context) {
  return withSentence(context, async () => {
    const form = context.panel.querySelector(".clear-form");
    if (!form) return announce("You have no verdict on this sentence to clear.");
    await submitPanelForm(form, null, context.panel);
  });
}

// Undo the last change made on this page, whichever sentence the panel shows now.
async function undoLastChange(context) {
  const form = lastUndoForm();
  if (!form) return announce("Nothing to undo on this page yet.");
  await submitPanelForm(form, null, context.panel);
  return undefined;
}

function openNote(context) {
  return withSentence(context, async () => {
    const note = context.panel.querySelector('textarea[name="note"]');
    if (!note) return announce("You cannot write notes on this article.");
    note.focus();
    note.scrollIntoView({ block: "nearest" });
  });
}

function addSource(context) {
  return withSentence(context, async () => {
    const urls = Array.from(context.panel.querySelectorAll('.source-row input[name$="-url"]'));
    if (!urls.length) return announce("You cannot add sources on this article.");
    const empty = urls.find((input) => !input.value);
    const add = context.panel.querySelector(".add-source");
    if (empty) {
      empty.focus();
    } else if (add && !add.hidden) {
      add.click(); // focuses the new row
    } else {
      announce(context.panel.querySelector(".sources-full")?.textContent ?? "");
    }
  });
}

// Turn the words selected in the article (or in the panel's quote) into the span at fault.
function spanFromSelection(context) {
  const selection = window.getSelection();
  if (!selection || selection.isCollapsed) return announce("Select words in a sentence first, then press h.");
  const node = selection.anchorNode;
  const element = node?.nodeType === Node.ELEMENT_NODE ? node : node?.parentElement;
  const quote = element?.closest(".sentence-quote");
  if (quote) {
    quote.dispatchEvent(new MouseEvent("mouseup", { bubbles: true }));
    return undefined;
  }
  const sentence = element?.closest(".sentence");
  if (!sentence || !context.article.contains(sentence)) return announce("Select words inside one sentence.");
  const link = sentence.querySelector(".sentence-link");
  const range = selection.getRangeAt(0);
  const span = selectedWords(link, range);
  if (!span.words || !link.contains(range.endContainer)) return announce("Select words inside one sentence.");
  return ensurePanel(context, sentence).then((opened) => {
    const form = opened && context.panel.querySelector(".annotation-form");
    if (!form) return announce("You cannot highlight words on this article.");
    setSpan(form, Number(sentence.dataset.start), span);
    announce(`Span set: ${span.words}. Choose a verdict to save it.`);
    return undefined;
  });
}

function backToSentence(context) {
  const sentence = context.article.querySelector(".sentence.current");
  sentence?.querySelector(".sentence-link")?.focus({ preventScroll: true });
}

function openHelp(help) {
  if (help && !help.open) help.showModal();
}
