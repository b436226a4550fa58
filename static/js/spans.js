// The span at fault: words selected inside a sentence, as article offsets for the form.

// Offsets on the server count Unicode code points; JavaScript strings count UTF-16 units.
export function codePointLength(text) {
  return Array.from(text).length;
}

// The selected words without surrounding spaces, and where they start inside the element
// that holds the sentence's text, in code points.
export function selectedWords(holder, range) {
  const before = document.createRange();
  before.setStart(holder, 0);
  before.setEnd(range.startContainer, range.startOffset);
  const selected = range.toString();
  const leading = selected.length - selected.trimStart().length;
  const start = codePointLength(before.toString()) + codePointLength(selected.slice(0, leading));
  return { words: selected.trim(), start };
}

// Fill the annotation form's span fields; base is the sentence's start in the article.
export function setSpan(form, base, { words, start }) {
  form.querySelector('[name="span_text"]').value = words;
  form.querySelector('[name="span_start"]').value = base + start;
  form.querySelector('[name="span_end"]').value = base + start + codePointLength(words);
  // Set by script, not typed: say so, for the draft to keep it like typing.
  form.dispatchEvent(new Event("input", { bubbles: true }));
}
