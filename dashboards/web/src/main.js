// The dashboard: live table, history, alerts, hosts, a view per container, thresholds, export; fed by the SignalR hub,
// caught up from the API. Views are hash routes (#/, #/hosts, #/container/<id>), so that each can be shared as a link.
import "uplot/dist/uPlot.min.css";
import "./styles.css";
import { get, request, setApiKey, apiKey } from "./api.js";
import { state, addSample, visibleAlert } from "./state.js";
import { LiveChannel } from "./live.js";
import { initTable, renderTable, invalidateRows, setSort, sortBy } from "./table.js";
import { loadHistory, appendLive, resizeHistory } from "./history.js";
import { addAlert, renderAlerts, toast, holdToasts } from "./alerts.js";
import { loadThresholds } from "./thresholds.js";
import { downloadExport } from "./exporter.js";
import { renderHosts } from "./hosts.js";
import { initDetail, openDetail, closeDetail, detailSample, detailAlert, resizeDetail } from "./detail.js";
import { initLogs } from "./logs.js";
import { initNotifications, notifyAlert } from "./notify.js";
import { initHealth, noteFirstData } from "./health.js";

const $ = (id) => document.getElementById(id);
const CATCH_UP_LIMIT = 10000;

// Rendered samples with the time they reached the screen, and how long our work took (each batch taken in, each
// render): read by the benchmark.
const rendered = [];
const renders = [];
const pieces = []; // the same, labelled: { kind: "intake" | "render", ms }
window.__wakedock = { rendered, renders, pieces, state };

function timed(kind, started) {
  const ms = performance.now() - started;
  renders.push(ms);
  pieces.push({ kind, ms });
  if (renders.length > 5000) renders.splice(0, renders.length - 5000);
  if (pieces.length > 5000) pieces.splice(0, pieces.length - 5000);
}

let frame = 0;
let dirtyTable = false;
let dirtyAlerts = false;
let dirtyHosts = false;
let view = "overview";
const pendingRendered = [];

function schedule() {
  if (frame) return;
  frame = requestAnimationFrame(() => {
    frame = 0;
    const started = performance.now();
    if (view === "overview") {
      if (dirtyTable) renderTable();
      if (dirtyAlerts) renderAlerts();
      dirtyTable = dirtyAlerts = false;
      if (state.containers.size) noteFirstData();
    } else if (view === "hosts" && dirtyHosts) {
      renderHosts(pickHost);
      dirtyHosts = false;
    }
    timed("render", started);
    const now = Date.now();
    for (const r of pendingRendered) {
      r.at = now;
      rendered.push(r);
    }
    pendingRendered.length = 0;
    if (rendered.length > 5000) rendered.splice(0, rendered.length - 5000);
  });
}

function say(text) {
  const m = $("message");
  m.textContent = text ?? "";
  m.hidden = !text;
}

function applySamples(samples, sentAt) {
  const started = performance.now();
  let changed = false;
  for (const s of samples) {
    if (addSample(s)) {
      changed = true;
      pendingRendered.push({ id: s.container_id, timestamp: s.timestamp, sent: sentAt });
      if (s.container_id === state.selected) appendLive(s);
      if (view === "detail") detailSample(s);
      noteOption("filter-host", s.host);
      noteOption("filter-service", s.service_name);
    }
  }
  if (changed) {
    dirtyTable = dirtyHosts = true;
    schedule();
  }
  timed("intake", started);
}

const known = { "filter-host": new Set(), "filter-service": new Set() };
function noteOption(selectId, value) {
  if (!value || known[selectId].has(value)) return;
  known[selectId].add(value);
  const option = document.createElement("option");
  option.value = option.textContent = value;
  $(selectId).append(option);
}

function setConnection(s, detail) {
  const el = $("connection");
  el.dataset.state = s;
  el.textContent = { connected: "live", connecting: "connecting…", reconnecting: "reconnecting…", disconnected: "disconnected" }[s] ?? s;
  el.title = detail ?? "";
  if (s === "disconnected" && detail) {
    // The server's own reason (a refusal: too many clients, origin) outranks the client's "invocation canceled".
    const fromServer = /Server returned an error|HubException/.test(detail);
    if (fromServer || !serverReason) say(`Live connection lost: ${detail}`);
    if (fromServer) serverReason = detail;
  }
  if (s === "connected") {
    serverReason = null;
    say(null);
  }
}
let serverReason = null;

function setStatus(status) {
  state.status = status;
  const running = status?.monitoring?.is_running;
  const button = $("toggle-collection");
  button.disabled = false;
  button.textContent = running ? "Stop collection" : "Start collection";
  button.dataset.running = String(Boolean(running));
  $("collection").textContent = running
    ? `collecting every ${status.monitoring.collection_interval} s · ${status.monitoring.monitored_containers} containers`
    : "collection stopped";
}

function filterQuery() {
  const q = [];
  if (state.filters.host) q.push(`host=${encodeURIComponent(state.filters.host)}`);
  if (state.filters.service) q.push(`service_name=${encodeURIComponent(state.filters.service)}`);
  return q.length ? `&${q.join("&")}` : "";
}

/** Points missed while disconnected (or before the first connection), from the API, oldest first. */
async function catchUp() {
  const since = state.lastSeen ? `from=${encodeURIComponent(state.lastSeen)}` : "hours=0.1";
  try {
    const samples = await get(`/metrics?${since}&limit=${CATCH_UP_LIMIT}${filterQuery()}`);
    samples.sort((a, b) => (a.timestamp < b.timestamp ? -1 : a.timestamp > b.timestamp ? 1 : 0));
    applySamples(samples, null);
  } catch (e) {
    say(`Catch-up failed: ${e.message}`);
  }
}

async function loadAlerts() {
  try {
    const alerts = await get("/alerts?hours=24&limit=200&state=all");
    state.alerts = alerts.map((a) => ({ ...a, change: null }));
    dirtyAlerts = dirtyHosts = true;
    schedule();
  } catch (e) {
    say(`Alerts could not be read: ${e.message}`);
  }
}

const channel = new LiveChannel({
  onState: setConnection,
  onSamples: applySamples,
  onAlert: (alert, change) => {
    addAlert(alert, change);
    if (visibleAlert(alert)) toast(alert);
    notifyAlert(alert, change);
    if (view === "detail") detailAlert(alert);
    dirtyAlerts = dirtyHosts = true;
    schedule();
  },
  onStatus: (status) => {
    setStatus(status);
    dirtyHosts = true;
    schedule();
  },
  onReconnected: async () => {
    await catchUp();
    await loadAlerts();
  },
});

function pick(id) {
  state.selected = id;
  dirtyTable = true;
  schedule();
  loadHistory();
}

function pickHost(host) {
  $("filter-host").value = host;
  $("filter-host").dispatchEvent(new Event("change"));
  location.hash = "#/";
}

/** Shows the view the hash names; anything else is the overview. */
function route() {
  const hash = location.hash;
  const detail = /^#\/container\/(.+)$/.exec(hash);
  const next = detail ? "detail" : hash === "#/hosts" ? "hosts" : "overview";
  if (view === "detail" && next !== "detail") closeDetail();
  view = next;
  for (const el of document.querySelectorAll("#main > [data-view]")) el.hidden = el.dataset.view !== view;
  for (const a of document.querySelectorAll(".views a")) {
    if (a.dataset.view === view) a.setAttribute("aria-current", "page");
    else a.removeAttribute("aria-current");
  }
  if (view === "detail") {
    openDetail(decodeURIComponent(detail[1]));
  } else {
    document.title = view === "hosts" ? "Hosts · WakeDock" : "WakeDock";
    if (view === "hosts") dirtyHosts = true;
    else dirtyTable = dirtyAlerts = true;
    schedule();
  }
  watchHosts(view === "hosts");
}

// The hosts' own readings (CPU, memory, load, disks) come from /hosts, read every few seconds while the view is shown.
const HOSTS_EVERY_MS = 5000;
let hostsTimer = null;
function watchHosts(on) {
  if (!on) {
    clearInterval(hostsTimer);
    hostsTimer = null;
    return;
  }
  if (hostsTimer) return;
  const read = async () => {
    try {
      const answer = await get("/hosts");
      state.hosts = new Map(answer.hosts.map((h) => [h.host, h]));
      dirtyHosts = true;
      schedule();
    } catch {
      // the cards keep what the samples say; the status line reports an API that does not answer
    }
  };
  read();
  hostsTimer = setInterval(read, HOSTS_EVERY_MS);
}

function wire() {
  initTable(pick, () => {
    dirtyTable = true;
    schedule();
  }, holdToasts);
  initDetail();
  initLogs();
  initNotifications();
  window.addEventListener("hashchange", route);
  document.querySelector(".skip").addEventListener("click", (e) => {
    e.preventDefault();
    $("main").focus();
  });
  $("sort-key").addEventListener("change", () => sortBy($("sort-key").value));
  $("sort-direction").addEventListener("click", () => setSort(state.sort.key, -state.sort.direction));
  $("top-n").addEventListener("change", () => {
    state.topN = Number($("top-n").value);
    dirtyTable = true;
    schedule();
  });
  const filtersChanged = async () => {
    state.filters.host = $("filter-host").value;
    state.filters.service = $("filter-service").value;
    state.filters.text = $("filter-container").value.trim();
    dirtyTable = dirtyAlerts = dirtyHosts = true;
    schedule();
    try {
      await channel.setFilters({ host: state.filters.host, service: state.filters.service });
    } catch (e) {
      say(`Filters not applied on the server: ${e.message}`);
    }
  };
  $("filter-host").addEventListener("change", filtersChanged);
  $("filter-service").addEventListener("change", filtersChanged);
  $("filter-container").addEventListener("input", filtersChanged);
  $("alert-level").addEventListener("change", () => {
    state.filters.alertLevel = $("alert-level").value;
    dirtyAlerts = true;
    schedule();
  });

  for (const b of document.querySelectorAll(".ranges button")) {
    b.addEventListener("click", () => {
      state.range = b.dataset.range;
      for (const o of document.querySelectorAll(".ranges button")) o.setAttribute("aria-pressed", String(o === b));
      loadHistory();
    });
  }

  $("export").addEventListener("click", downloadExport);

  $("toggle-collection").addEventListener("click", async () => {
    const running = $("toggle-collection").dataset.running === "true";
    try {
      await request(running ? "/stop" : "/start", { method: "POST" });
      setStatus(await get("/status"));
    } catch (e) {
      say(e.status === 403 || e.status === 401 ? "Start and stop need an admin key." : e.message);
    }
  });

  const togglePanel = (buttonId, panelId, onOpen) => {
    $(buttonId).addEventListener("click", () => {
      const panel = $(panelId);
      panel.hidden = !panel.hidden;
      $(buttonId).setAttribute("aria-expanded", String(!panel.hidden));
      if (!panel.hidden) onOpen?.();
    });
  };
  togglePanel("open-thresholds", "thresholds", () => loadThresholds(say));
  togglePanel("open-key", "key-form", () => $("api-key").focus());
  $("key-form").addEventListener("submit", (e) => {
    e.preventDefault();
    setApiKey($("api-key").value.trim());
    location.reload();
  });

  const stored = localStorage.getItem("wakedock.theme");
  if (stored) document.documentElement.dataset.theme = stored;
  $("theme").addEventListener("click", () => {
    const dark = document.documentElement.dataset.theme
      ? document.documentElement.dataset.theme === "dark"
      : matchMedia("(prefers-color-scheme: dark)").matches;
    document.documentElement.dataset.theme = dark ? "light" : "dark";
    localStorage.setItem("wakedock.theme", document.documentElement.dataset.theme);
    invalidateRows();
    resizeHistory();
    resizeDetail();
    renderTable();
  });
  let resizeTimer = 0;
  window.addEventListener("resize", () => {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(() => {
      resizeHistory();
      resizeDetail();
    }, 200);
  });
}

async function main() {
  initHealth();
  wire();
  route();
  try {
    setStatus(await get("/status"));
  } catch (e) {
    setConnection("disconnected", e.message);
    say(e.status === 401 ? "This host needs an API key: use the API key button." : `The API does not answer: ${e.message}`);
    if (e.status === 401 && !apiKey()) $("key-form").hidden = false;
    return;
  }
  await Promise.all([catchUp(), loadAlerts()]);
  if (view === "detail") route();
  await channel.start();
}

main();
