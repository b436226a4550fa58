// The page's status line: a live region that screen readers speak when it changes.
export function announce(message) {
  const status = document.getElementById("live-status");
  if (status) status.textContent = message;
}
