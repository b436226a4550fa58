// An invitation link carries its secret code after "#": browsers never send that part to the
// server, so it stays out of access logs and Referer headers. Here it is taken out of the
// address bar and history and posted, in a request body, to open the invitation. Also when a
// link is pasted into the address bar of a page already open (only the "#" part changes).
const OPEN_PAGE = "/invitations/open";

export function watchInvitationLinks() {
  openInvitationLink();
  window.addEventListener("hashchange", openInvitationLink);
}

function openInvitationLink() {
  const code = window.location.hash.slice(1).trim();
  if (!code || !window.location.pathname.endsWith(OPEN_PAGE)) return;
  window.history.replaceState(null, "", window.location.pathname + window.location.search);
  const form = document.createElement("form");
  form.method = "post";
  form.action = window.location.pathname;
  form.hidden = true;
  const token = document.querySelector('meta[name="csrf-token"]')?.content ?? "";
  for (const [name, value] of [["csrf_token", token], ["code", code]]) {
    const input = document.createElement("input");
    input.type = "hidden";
    input.name = name;
    input.value = value;
    form.append(input);
  }
  document.body.append(form);
  form.submit();
}
