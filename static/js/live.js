// Teammates' changes arrive on an open article page without a reload. The page asks the
// server every second what changed after the last event it saw; the answer comes from the
// shared audit log, so it works whichever app server answers. It redraws the changed
// sentences, the open panel's parts that show teammates' work, and the article's summary
// (summary.js). Redrawing never moves focus and never touches a part of the panel the
// reviewer is typing in.
import { announce } from "./announce.js";
import { requestJSON } from "./server.js";
import { redrawSummary } from "./summary.js";

const INTERVAL_MS = 1000;

export function initLive(article) {
  const url = article.dataset.changesUrl;
  if (!url) return;
  const state = { article, url, after: Number(article.dataset.lastEvent ?? 0), pending: null };
  const panel = document.getElementById("side-panel");
  panel.addEventListener("focusout", () => setTimeout(() => applyPending(state), 0));
  panel.addEventListener("click", (event) => {
    if (event.target.closest(".live-refresh")) refreshPanel(state, { force: true });
  });
  const tick = async () => {
    if (!document.hidden) await poll(state).catch(() => {});
    setTimeout(tick, INTERVAL_MS);
  };
  setTimeout(tick, INTERVAL_MS);
}

async function poll(state) {
  const { ok, body } = await requestJSON(`${state.url}?after=${state.after}`);
  if (!ok) return;
  state.after = body.last_event_id;
  const changed = Object.entries(body.sentences ?? {});
  for (const [index, html] of changed) redrawSentence(index, html);
  redrawSummary(body.summary);
  if (body.announcements?.length) announce(body.announcements.join(" "));
  const open = document.querySelector("#side-panel .panel")?.dataset.index;
  if (open !== undefined && changed.some(([index]) => index === open)) await refreshPanel(state);
}

// Update the sentence in place: the link element stays, so focus on it stays too.
function redrawSentence(index, html) {
  const old = document.getElementById(`s${index}`);
  if (!old) return; // in a part not loaded yet: it arrives up to date
  const template = document.createElement("template");
  template.innerHTML = html.trim();
  const fresh = template.content.firstElementChild;
  const keep = ["current", "keyboard"].filter((name) => old.classList.contains(name));
  old.className = fresh.className;
  old.classList.add(...keep, "live-changed");
  old.querySelector(".sentence-link").innerHTML = fresh.querySelector(".sentence-link").innerHTML;
  old.querySelector(".badges")?.remove();
  const badges = fresh.querySelector(".badges");
  if (badges) old.append(badges);
  setTimeout(() => old.classList.remove("live-changed"), 2000);
}

// Parts of the panel that show teammates' work; the reviewer's own form is never redrawn.
// Each is drawn even when empty, so that what arrives later has a place to go.
const LIVE_PARTS = [
  'section[aria-labelledby="teammates-title"]',
  "#discussion",
  ".final-verdict-part",
  ".my-responses",
];

function busy(element) {
  if (element.contains(document.activeElement)) return true;
  return Array.from(element.querySelectorAll("textarea, input:not([type=hidden])")).some(
    (field) => field.value !== field.defaultValue,
  );
}

async function refreshPanel(state, { force = false } = {}) {
  const panel = document.querySelector("#side-panel .panel");
  if (!panel) return;
  const index = panel.dataset.index;
  const link = document.querySelector(`#s${index} .sentence-link`);
  const { ok, body } = await requestJSON(link.href);
  if (!ok || !body.panel) return;
  const template = document.createElement("template");
  template.innerHTML = body.panel;
  state.pending = { index, fresh: template.content };
  applyPending(state, force);
}

function applyPending(state, force = false) {
  const panel = document.querySelector("#side-panel .panel");
  if (!state.pending || !panel || panel.dataset.index !== state.pending.index) return;
  let waiting = false;
  for (const selector of LIVE_PARTS) {
    const old = panel.querySelector(selector);
    const fresh = state.pending.fresh.querySelector(selector);
    if (!old || !fresh) continue;
    if (busy(old) && !force) {
      waiting = true;
      continue;
    }
    old.replaceWith(fresh);
  }
  const notice = panel.querySelector(".live-notice");
  if (waiting && !notice) {
    panel.querySelector(".panel-head")?.insertAdjacentHTML(
      "afterend",
      '<p class="alert alert-info live-notice">New activity on this sentence. <button type="button" class="button button-small live-refresh">Show it</button> (what you are typing there will be lost)</p>',
    );
  } else if (!waiting) {
    notice?.remove();
    state.pending = null;
  }
}
