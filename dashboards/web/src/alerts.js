// The alert feed (level filter), toasts for alerts that arrive live, and which alerts are firing now.
import { state, visibleAlert } from "./state.js";
import { time } from "./format.js";

const FEED_SIZE = 200;
const TOAST_MS = 8000;

export function addAlert(alert, change) {
  state.alerts.unshift({ ...alert, change });
  if (state.alerts.length > FEED_SIZE) state.alerts.length = FEED_SIZE;
}

export function renderAlerts() {
  const list = document.getElementById("alert-list");
  const shown = state.alerts.filter(visibleAlert).slice(0, 100);
  list.replaceChildren(...shown.map((a) => {
    const li = document.createElement("li");
    li.className = `alert ${a.level} ${a.state ?? "firing"}`;
    li.dataset.level = a.level;
    li.dataset.containerId = a.container_id ?? "";
    li.innerHTML = `<span class="badge"></span> <time></time> <strong class="who"></strong> <span class="text"></span>`;
    li.querySelector(".badge").textContent = a.state === "resolved" ? "resolved" : a.level;
    li.querySelector("time").textContent = time(a.timestamp);
    li.querySelector("time").dateTime = a.timestamp;
    li.querySelector(".who").textContent = a.container_name || a.host || "";
    li.querySelector(".text").textContent = (a.message ?? "") + (a.occurrences > 1 ? ` (×${a.occurrences})` : "");
    return li;
  }));
}

// While the pointer is over the table's rows the header keeps its height, so that no row moves under the pointer:
// toasts arriving or expiring meanwhile wait until it leaves.
let held = false;
const arriving = [];
const expired = new Set();

export function holdToasts(hold) {
  held = hold;
  if (held) return;
  for (const t of expired) t.remove();
  expired.clear();
  for (const t of arriving.splice(0)) show(t);
}

export function toast(alert) {
  const t = document.createElement("div");
  t.className = `toast ${alert.level} ${alert.state ?? "firing"}`;
  t.dataset.level = alert.level;
  t.dataset.containerId = alert.container_id ?? "";
  const what = alert.state === "resolved" ? "Resolved" : alert.level === "critical" ? "Critical" : "Warning";
  t.innerHTML = `<strong></strong> <span></span> <button type="button" aria-label="Dismiss">×</button>`;
  t.querySelector("strong").textContent = `${what}: ${alert.container_name || alert.host || ""}`;
  t.querySelector("span").textContent = alert.message ?? "";
  t.querySelector("button").addEventListener("click", () => t.remove());
  if (held) arriving.push(t);
  else show(t);
}

// In the header's flow, never over the page: the newest three, each for a few seconds.
function show(t) {
  const box = document.getElementById("toasts");
  box.prepend(t);
  while (box.children.length > 3) box.lastElementChild.remove();
  setTimeout(() => (held ? expired.add(t) : t.remove()), TOAST_MS);
}

/** The alerts firing now (the newest record of each alert is not a resolution), from the feed. */
export function firingAlerts() {
  const newest = new Map();
  for (const a of state.alerts) if (!newest.has(a.id)) newest.set(a.id, a);
  return [...newest.values()].filter((a) => a.state !== "resolved");
}
