// The logs pane of the container view: the last N lines from the logs API (the agent of the container's host reads
// them), stdout and stderr marked, following (the lines after the newest one, every two seconds), and a search in what
// is loaded.
import { get } from "./api.js";

const FOLLOW_MS = 2000;
const KEEP = 5000; // the API's own cap on a tail

const pane = { id: null, lines: [], timer: 0, truncated: false, loading: 0 };
const $ = (id) => document.getElementById(id);

export function initLogs() {
  $("log-tail").addEventListener("change", () => pane.id && load());
  $("log-reload").addEventListener("click", () => pane.id && load());
  $("log-search").addEventListener("input", render);
  $("log-follow").addEventListener("change", follow);
}

export function openLogs(id) {
  if (pane.id === id) return;
  pane.id = id;
  pane.lines = [];
  load();
  follow();
}

export function closeLogs() {
  pane.id = null;
  clearInterval(pane.timer);
  pane.timer = 0;
}

function follow() {
  clearInterval(pane.timer);
  pane.timer = $("log-follow").checked && pane.id ? setInterval(more, FOLLOW_MS) : 0;
}

async function load() {
  const id = pane.id;
  const ticket = ++pane.loading;
  $("log-note").textContent = "loading…";
  try {
    const answer = await get(`/containers/${encodeURIComponent(id)}/logs?tail=${$("log-tail").value}`);
    if (ticket !== pane.loading) return;
    pane.lines = answer.lines;
    pane.truncated = answer.truncated;
    render();
    const box = $("log-lines");
    box.scrollTop = box.scrollHeight;
  } catch (e) {
    if (ticket === pane.loading) $("log-note").textContent = `logs could not be read: ${e.message}`;
  }
}

const key = (l) => `${l.timestamp}\u0000${l.stream}\u0000${l.text}`;

/** The lines since the newest one loaded (since is inclusive: lines already shown are skipped). */
async function more() {
  const id = pane.id;
  const newest = pane.lines.at(-1)?.timestamp;
  if (!id || !newest) return load();
  try {
    const answer = await get(`/containers/${encodeURIComponent(id)}/logs?tail=${$("log-tail").value}&since=${encodeURIComponent(newest)}`);
    if (id !== pane.id) return;
    // The agent rounds since down to the millisecond: skip every line already loaded, not only those of the newest instant.
    const seen = new Set(pane.lines.map(key));
    const fresh = answer.lines.filter((l) => !seen.has(key(l)));
    if (!fresh.length) return;
    const box = $("log-lines");
    const atBottom = box.scrollTop + box.clientHeight >= box.scrollHeight - 4;
    pane.lines.push(...fresh);
    if (pane.lines.length > KEEP) pane.lines.splice(0, pane.lines.length - KEEP);
    render();
    if (atBottom) box.scrollTop = box.scrollHeight;
  } catch (e) {
    $("log-note").textContent = `following stopped: ${e.message}`;
  }
}

function render() {
  const search = $("log-search").value.trim().toLowerCase();
  const shown = search ? pane.lines.filter((l) => l.text.toLowerCase().includes(search)) : pane.lines;
  $("log-lines").replaceChildren(...shown.map((l) => {
    const li = document.createElement("li");
    li.className = `log ${l.stream}`;
    li.dataset.stream = l.stream;
    const mark = document.createElement("span");
    mark.className = "stream";
    mark.textContent = l.stream === "stderr" ? "err" : "out";
    mark.title = l.stream;
    const when = document.createElement("time");
    if (l.timestamp) {
      when.dateTime = l.timestamp;
      when.textContent = new Date(l.timestamp).toLocaleTimeString();
    }
    const text = document.createElement("span");
    text.className = "text";
    text.textContent = l.text;
    li.append(mark, when, text);
    return li;
  }));
  const stderr = pane.lines.filter((l) => l.stream === "stderr").length;
  $("log-note").textContent = `${search ? `${shown.length} of ` : ""}${pane.lines.length} lines (${stderr} on stderr)${pane.truncated ? ", cut by the agent's cap" : ""}`;
}
