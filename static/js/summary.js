// The article's summary (progress counts, workflow state) as the server draws it
// for this member, blind review applied there. The live feed and the answer to the
// reviewer's own save both carry it; a part with focus inside waits until focus leaves it,
// so a keyboard user never loses their place.
const PARTS = { progress: ".article > header .progress", workflow: ".article .toolbar .workflow" };
const waiting = new Map();

export function redrawSummary(summary) {
  if (!summary) return;
  for (const [name, selector] of Object.entries(PARTS)) {
    const template = document.createElement("template");
    template.innerHTML = (summary[name] ?? "").trim();
    const fresh = template.content.firstElementChild;
    if (fresh) waiting.set(name, fresh);
  }
  applyWaiting();
}

function applyWaiting() {
  for (const [name, fresh] of waiting) {
    const old = document.querySelector(PARTS[name]);
    if (old?.contains(document.activeElement)) continue;
    old?.replaceWith(fresh);
    waiting.delete(name);
  }
}

document.addEventListener("focusout", () => setTimeout(applyWaiting, 0));
