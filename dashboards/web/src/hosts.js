// The hosts view: one card per Docker host, from what its agent sends — the host's own CPU, memory, load and disks
// (with a disk predicted full) when its agent reads them, its containers by state (reporting, or silent for three
// intervals), the CPU and memory of its containers summed, its firing alerts, and its last batch. A click filters the
// containers and alerts to that host.
import { state } from "./state.js";
import { firingAlerts } from "./alerts.js";
import { bytes, percent } from "./format.js";

const SILENT_AFTER_INTERVALS = 3;

/** What each host's card shows, by host name. */
export function hostSummaries(now = Date.now()) {
  const hosts = new Map();
  const of = (name) => {
    if (!hosts.has(name)) {
      hosts.set(name, { host: name, reporting: 0, silent: 0, cpu: 0, memory: 0, memoryLimit: 0, critical: 0, warning: 0, lastBatch: null, interval: null, running: null });
    }
    return hosts.get(name);
  };
  for (const h of state.status?.monitoring?.hosts ?? []) {
    Object.assign(of(h.host), { lastBatch: h.last_batch, interval: h.collection_interval, running: h.is_running });
  }
  const defaultInterval = state.status?.monitoring?.collection_interval ?? 10;
  for (const entry of state.containers.values()) {
    const s = entry.sample;
    const h = of(s.host ?? "unknown");
    const interval = h.interval || defaultInterval;
    if (now - entry.last > interval * 1000 * SILENT_AFTER_INTERVALS) {
      h.silent++;
      continue;
    }
    h.reporting++;
    h.cpu += s.cpu_percent ?? 0;
    h.memory += s.memory_usage ?? 0;
    // Containers without a limit report the host's memory as theirs: the largest is the best guess of the host's.
    h.memoryLimit = Math.max(h.memoryLimit, s.memory_limit ?? 0);
    if (!h.lastBatch || Date.parse(s.timestamp) > Date.parse(h.lastBatch)) h.lastBatch = s.timestamp;
  }
  for (const a of firingAlerts()) {
    if (!a.host) continue;
    const h = of(a.host);
    if (a.level === "critical") h.critical++;
    else h.warning++;
  }
  for (const h of hosts.values()) {
    const interval = h.interval || defaultInterval;
    h.silentHost = h.running === false || (h.lastBatch != null && now - Date.parse(h.lastBatch) > interval * 1000 * SILENT_AFTER_INTERVALS);
  }
  return [...hosts.values()].sort((a, b) => a.host.localeCompare(b.host));
}

function hoursText(hours) {
  return hours >= 48 ? `${Math.round(hours / 24)} days` : `${Math.round(hours)} h`;
}

/** The host's own readings, "–" where its agent sends none (an agent without host metrics, or none read yet). */
function showHostReadings(li, entry) {
  const m = entry?.metrics;
  li.querySelector(".host-cpu").textContent = m ? `${percent(m.cpu_percent)} of ${m.cpu_count} CPUs` : "–";
  li.querySelector(".host-memory").textContent = m?.memory_total_bytes
    ? `${bytes(m.memory_total_bytes - m.memory_available_bytes)} of ${bytes(m.memory_total_bytes)}`
    : "–";
  li.querySelector(".load").textContent = m ? `${m.load1.toFixed(2)} · ${m.load5.toFixed(2)} · ${m.load15.toFixed(2)}` : "–";
  const disks = li.querySelector(".disks");
  const full = new Map((entry?.disk_predictions ?? []).map((p) => [p.mountpoint, p]));
  disks.textContent = m?.filesystems?.length
    ? m.filesystems.map((f) => `${f.mountpoint} ${percent(f.used_percent)}${full.has(f.mountpoint) ? ` (full in ${hoursText(full.get(f.mountpoint).hours_left)})` : ""}`).join(" · ")
    : "–";
  disks.dataset.predicted = String(full.size);
}

function ago(iso, now) {
  if (!iso) return "never";
  const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  return s < 60 ? `${s} s ago` : s < 3600 ? `${Math.round(s / 60)} min ago` : `${Math.round(s / 3600)} h ago`;
}

// One card per host, kept across renders: a live update changes a card's text, never the element under the pointer.
const cards = new Map();

function card(host, onPickHost) {
  let li = cards.get(host);
  if (li) return li;
  li = document.createElement("li");
  li.className = "host-card";
  li.dataset.host = host;
  li.innerHTML = `
      <button type="button" class="host-pick">
        <span class="host-name"></span>
        <span class="host-state"></span>
      </button>
      <dl>
        <div><dt>Host CPU</dt><dd class="host-cpu"></dd></div>
        <div><dt>Host memory</dt><dd class="host-memory"></dd></div>
        <div><dt>Load</dt><dd class="load"></dd></div>
        <div><dt>Disks</dt><dd class="disks"></dd></div>
        <div><dt>Containers</dt><dd class="containers"></dd></div>
        <div><dt>CPU (sum)</dt><dd class="cpu"></dd></div>
        <div><dt>Memory (sum)</dt><dd class="memory"></dd></div>
        <div><dt>Firing alerts</dt><dd class="alerts"></dd></div>
        <div><dt>Last batch</dt><dd class="seen"></dd></div>
      </dl>`;
  li.querySelector(".host-name").textContent = host;
  li.querySelector(".host-pick").setAttribute("aria-label", `Show only host ${host}`);
  li.querySelector(".host-pick").addEventListener("click", () => onPickHost(host));
  cards.set(host, li);
  return li;
}

export function renderHosts(onPickHost) {
  const now = Date.now();
  const list = document.getElementById("host-cards");
  const summaries = hostSummaries(now);
  document.getElementById("host-count").textContent = `(${summaries.length})`;
  const items = summaries.map((h) => {
    const li = card(h.host, onPickHost);
    li.dataset.state = h.silentHost ? "silent" : "reporting";
    li.querySelector(".host-state").textContent = h.silentHost ? "silent" : "reporting";
    li.querySelector(".containers").textContent = `${h.reporting} reporting · ${h.silent} silent`;
    li.querySelector(".containers").dataset.reporting = String(h.reporting);
    li.querySelector(".cpu").textContent = percent(h.cpu);
    li.querySelector(".memory").textContent = h.memoryLimit ? `${bytes(h.memory)} of ${bytes(h.memoryLimit)}` : bytes(h.memory);
    const alerts = li.querySelector(".alerts");
    alerts.textContent = h.critical + h.warning === 0 ? "none" : `${h.critical} critical · ${h.warning} warning`;
    alerts.dataset.critical = String(h.critical);
    li.querySelector(".seen").textContent = ago(h.lastBatch, now);
    showHostReadings(li, state.hosts.get(h.host));
    return li;
  });
  const current = [...list.children];
  if (current.length !== items.length || current.some((li, i) => li !== items[i])) {
    list.replaceChildren(...items);
  }
}
