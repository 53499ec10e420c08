// Start, stop and restart of the container shown (#/container/<id>): shown to admin keys only, disabled with the reason
// when the agent of its host does not allow container actions; stop and restart ask for confirmation first.
import { get, request } from "./api.js";

let current = null;
const $ = (id) => document.getElementById(id);

export function initActions() {
  for (const button of document.querySelectorAll("#container-actions [data-action]")) {
    button.addEventListener("click", () => act(button.dataset.action));
  }
}

/** Asks what the key may do to this container and shows the buttons accordingly. */
export async function openActions(id) {
  current = id;
  const box = $("container-actions");
  box.hidden = true;
  delete box.dataset.role;
  note("");
  let info;
  try {
    info = await get(`/containers/${encodeURIComponent(id)}/actions`);
  } catch {
    return; // an unknown container or an API that does not answer: no buttons
  }
  if (current !== id) return;
  box.dataset.role = info.role;
  if (info.role !== "admin") return;
  const off = info.allowed === false;
  for (const button of box.querySelectorAll("[data-action]")) {
    button.disabled = off;
    if (off) button.title = info.reason;
    else button.removeAttribute("title");
  }
  if (off) note(`Actions are off on this host: ${info.reason}`);
  box.hidden = false;
}

async function act(action) {
  const id = current;
  if (!id) return;
  const name = document.getElementById("detail-title").textContent;
  if (action !== "start" && !confirm(`${action === "stop" ? "Stop" : "Restart"} container ${name}?`)) return;
  const buttons = document.querySelectorAll("#container-actions [data-action]");
  for (const b of buttons) b.disabled = true;
  note(`${action}…`);
  try {
    const answer = await request(`/containers/${encodeURIComponent(id)}/${action}`, { method: "POST" });
    if (current !== id) return;
    note(answer.topic
      ? `${action} sent to the agent of ${answer.host}.`
      : `${action} ${answer.result}: ${answer.running ? "running" : "not running"}.`);
  } catch (e) {
    if (current === id) note(e.status === 403 || e.status === 401 ? "Container actions need an admin key." : e.message);
  } finally {
    if (current === id) for (const b of buttons) b.disabled = false;
  }
}

function note(text) {
  const el = $("container-actions-note");
  el.textContent = text;
  el.dataset.state = text ? "shown" : "";
}
