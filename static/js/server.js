// Talking to the server from the page: JSON requests in the session, with the CSRF token.
export function csrfToken() {
  return document.querySelector('meta[name="csrf-token"]')?.content ?? "";
}

export async function requestJSON(url, options = {}) {
  const response = await fetch(url, {
    ...options,
    headers: { Accept: "application/json", "X-CSRFToken": csrfToken(), ...(options.headers || {}) },
    credentials: "same-origin",
  });
  let body = null;
  try {
    body = await response.json();
  } catch {
    body = { error: { message: `The server answered ${response.status}.` } };
  }
  return { ok: response.ok, status: response.status, body };
}
