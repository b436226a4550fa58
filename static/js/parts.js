// Long articles arrive in parts: the first part comes with the page, so the first screen is
// usable at once, and the following parts are fetched one after another and appended.
const loading = new WeakMap();

export function loadRemainingParts(article) {
  const text = article.querySelector(".article-text");
  const count = Number(text?.dataset.parts ?? 1);
  const current = Number(text?.dataset.part ?? 1);
  if (!text || count <= current) {
    loading.set(article, Promise.resolve());
    return loading.get(article);
  }
  const wanted = location.hash.match(/^#s(\d+)$/);
  const missing = wanted && !document.getElementById(`s${wanted[1]}`);
  const work = (async () => {
    for (let number = current + 1; number <= count; number += 1) {
      const url = text.dataset.partUrl.replace(/\/0$/, `/${number}`);
      const response = await fetch(url, { credentials: "same-origin", headers: { Accept: "text/html" } });
      if (!response.ok) return;
      append(text, await response.text());
    }
    text.dataset.part = String(count);
    article.querySelector(".parts-nav a[rel=next]")?.remove();
    if (missing) document.getElementById(`s${wanted[1]}`)?.scrollIntoView({ block: "center" });
  })();
  loading.set(article, work);
  return work;
}

export function partsLoaded(article) {
  return loading.get(article) ?? Promise.resolve();
}

// A paragraph (or list item) cut by the end of a part continues in the first paragraph of
// the next part; a list left empty by the move goes.
function append(text, html) {
  const template = document.createElement("template");
  template.innerHTML = html;
  const incoming = template.content.querySelector(".paragraph");
  const paragraphs = text.querySelectorAll(".paragraph");
  const last = paragraphs[paragraphs.length - 1];
  if (incoming && last && incoming.dataset.paragraph === last.dataset.paragraph) {
    last.append(" ", ...incoming.childNodes);
    const list = incoming.closest(".text-list");
    incoming.remove();
    if (list && !list.querySelector(".paragraph")) list.remove();
  }
  text.append(template.content);
}
