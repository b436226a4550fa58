// Copy buttons: a button with data-copy="ID" copies the value of the field with that id and
// says "Copied" in its polite status line (data-status="ID"). The button stays hidden where
// the page cannot write to the clipboard (no secure context): the field is there to select.
const SAID_FOR_MS = 4000;

export function enableCopyButtons() {
  if (!navigator.clipboard?.writeText) return;
  document.querySelectorAll("button[data-copy]").forEach((button) => {
    button.hidden = false;
    button.addEventListener("click", () => copyFrom(button));
  });
}

async function copyFrom(button) {
  const field = document.getElementById(button.dataset.copy);
  const status = document.getElementById(button.dataset.status);
  if (!field) return;
  try {
    await navigator.clipboard.writeText(field.value);
    say(status, "Copied.");
  } catch {
    field.select();
    say(status, "Could not copy: the token is selected, press Ctrl+C (⌘C on a Mac).");
  }
}

function say(status, message) {
  if (!status) return;
  status.textContent = message;
  clearTimeout(status.clearing);
  status.clearing = setTimeout(() => {
    status.textContent = "";
  }, SAID_FOR_MS);
}
