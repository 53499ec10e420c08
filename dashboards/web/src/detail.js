// The container view (#/container/<id>): CPU, memory (usage and limit), network and block I/O rates over 15 m to 30 d,
// read downsampled (the API picks raw samples or a rollup tier, and names it), with the container's alerts and the gaps
// in its samples marked on every chart's time axis; its alert list and its logs pane.
import uPlot from "uplot";
import { exchange, get } from "./api.js";
import { state } from "./state.js";
import { bytes, percent, rate, time } from "./format.js";
import { openLogs, closeLogs } from "./logs.js";
import { initActions, openActions } from "./actions.js";

export const DETAIL_RANGES = { "15m": 0.25, "1h": 1, "6h": 6, "24h": 24, "7d": 168, "30d": 720 };
const POINTS = 300;
const ALERT_HOURS = 168;
const TIER_NAMES = { raw: "raw samples", "1m": "the 1-minute tier", "15m": "the 15-minute tier", "1h": "the 1-hour tier" };

const view = {
  id: null,
  range: "15m",
  points: [],
  events: [], // { at (s), level, label }
  gaps: [], // [from, to] in seconds
  from: 0,
  to: 0,
  plots: [],
  loading: 0,
  loaded: 0,
};

export function detailState() {
  return view.id ? { container_id: view.id, range: view.range, from: new Date(view.from * 1000).toISOString(), to: new Date(view.to * 1000).toISOString(), points: view.points, events: view.events } : null;
}

export function initDetail() {
  initActions();
  for (const b of document.querySelectorAll("[data-detail-range]")) {
    b.addEventListener("click", () => {
      view.range = b.dataset.detailRange;
      for (const o of document.querySelectorAll("[data-detail-range]")) o.setAttribute("aria-pressed", String(o === b));
      loadDetail();
    });
  }
}

export function openDetail(id) {
  if (view.id !== id) {
    view.id = id;
    view.points = [];
    destroyPlots();
  }
  renderFacts();
  loadDetail();
  openLogs(id);
  openActions(id);
}

export function closeDetail() {
  view.id = null;
  destroyPlots();
  closeLogs();
}

function renderFacts() {
  const s = state.containers.get(view.id)?.sample;
  document.getElementById("detail-title").textContent = s?.container_name ?? view.id.slice(0, 12);
  document.title = `${s?.container_name ?? view.id.slice(0, 12)} · WakeDock`;
  const facts = [
    ["Id", view.id.slice(0, 12)],
    ["Host", s?.host ?? "–"],
    ["Service", s?.service_name ?? "–"],
    ["Image", s?.image ?? "–"],
    ["CPU", percent(s?.cpu_percent)],
    ["Memory", s ? `${bytes(s.memory_usage)} of ${bytes(s.memory_limit)}` : "–"],
    ["Network", s ? `${rate(s.network_rx_bytes_per_sec)} in · ${rate(s.network_tx_bytes_per_sec)} out` : "–"],
    ["PIDs", s?.pids ?? "–"],
    ["Last sample", s ? time(s.timestamp) : "–"],
  ];
  document.getElementById("detail-facts").replaceChildren(...facts.map(([k, v]) => {
    const div = document.createElement("div");
    const dt = document.createElement("dt");
    const dd = document.createElement("dd");
    dt.textContent = k;
    dd.textContent = String(v);
    dd.dataset.fact = k.toLowerCase().replace(/ /g, "-");
    div.append(dt, dd);
    return div;
  }));
}

async function loadDetail() {
  const id = view.id;
  const range = view.range;
  const hours = DETAIL_RANGES[range];
  const note = document.getElementById("detail-tier");
  const ticket = ++view.loading;
  note.textContent = "loading…";
  try {
    const container = `container_id=${encodeURIComponent(id)}`;
    // Alerts are kept 7 days by default (WAKEDOCK_ALERTS_RETENTION_DAYS): a longer range shows the alerts of its last week.
    const alertHours = Math.min(hours, ALERT_HOURS);
    const [metrics, alerts] = await Promise.all([
      exchange(`/metrics?${container}&hours=${hours}&step=auto&limit=${POINTS}`),
      get(`/alerts?${container}&hours=${alertHours}&limit=500`).catch((e) => e),
    ]);
    if (ticket !== view.loading || view.id !== id) return;
    const alertProblem = alerts instanceof Error ? `alerts could not be read: ${alerts.message}` : alertHours < hours ? `alerts of the last ${alertHours / 24} days` : "";
    const points = metrics.json.sort((a, b) => (a.timestamp < b.timestamp ? -1 : 1));
    view.to = Date.now() / 1000;
    view.from = view.to - hours * 3600;
    view.points = points;
    const tier = metrics.headers.get("X-WakeDock-Resolution") ?? "raw";
    const step = Number(metrics.headers.get("X-WakeDock-Step") ?? 0);
    document.getElementById("detail-view").dataset.tier = tier;
    note.textContent = (points.length
      ? `${points.length} points from ${TIER_NAMES[tier] ?? tier}${step ? `, one per ${stepText(step)}` : ""}`
      : "no data in this range") + (alertProblem ? `; ${alertProblem}` : "");
    view.loaded = ticket;
    view.events = (alerts instanceof Error ? [] : alerts).map((a) => ({ at: Date.parse(a.timestamp) / 1000, level: a.state === "resolved" ? "resolved" : a.level, label: `${a.state === "resolved" ? "resolved" : a.level}: ${a.message ?? a.metric_type}`, alert: a }));
    view.gaps = findGaps(points, step || (state.status?.monitoring?.collection_interval ?? 10));
    renderEvents();
    draw();
    renderFacts();
  } catch (e) {
    if (ticket === view.loading && view.id === id) note.textContent = `could not load: ${e.message}`;
  }
}

function stepText(seconds) {
  return seconds >= 3600 ? `${+(seconds / 3600).toFixed(1)} h` : seconds >= 60 ? `${+(seconds / 60).toFixed(1)} min` : `${seconds} s`;
}

/** Stretches with no sample for over three steps: the container was stopped, or its host silent. */
function findGaps(points, stepSeconds) {
  const gaps = [];
  for (let i = 1; i < points.length; i++) {
    const a = Date.parse(points[i - 1].timestamp) / 1000;
    const b = Date.parse(points[i].timestamp) / 1000;
    if (b - a > stepSeconds * 3) gaps.push([a, b]);
  }
  return gaps;
}

function renderEvents() {
  const list = document.getElementById("detail-events");
  const items = [
    ...view.events.map((e) => ({ at: e.at, level: e.level, text: e.label })),
    ...view.gaps.map(([a, b]) => ({ at: a, level: "gap", text: `no samples for ${stepText(Math.round(b - a))} (stopped, or its host silent)` })),
  ].sort((x, y) => y.at - x.at);
  list.replaceChildren(...items.map((e) => {
    const li = document.createElement("li");
    li.className = `alert ${e.level}`;
    li.dataset.level = e.level;
    const when = document.createElement("time");
    when.dateTime = new Date(e.at * 1000).toISOString();
    when.textContent = new Date(e.at * 1000).toLocaleString();
    const text = document.createElement("span");
    text.textContent = ` ${e.text}`;
    li.append(when, text);
    return li;
  }));
  if (!items.length) {
    const li = document.createElement("li");
    li.className = "empty";
    li.textContent = "No alert and no gap in this range.";
    list.append(li);
  }
}

/** Per-second rates of a counter that only grows (block I/O totals); a restart (the total falls) gives no rate. */
function counterRate(points, field) {
  return points.map((p, i) => {
    if (i === 0) return null;
    const dt = (Date.parse(p.timestamp) - Date.parse(points[i - 1].timestamp)) / 1000;
    const d = (p[field] ?? 0) - (points[i - 1][field] ?? 0);
    return dt > 0 && d >= 0 ? d / dt : null;
  });
}

/** The limit when it is near the usage; otherwise (no limit: the host's memory) the usage fills the chart, the limit in the legend. */
function memoryTop([, used, limit]) {
  const most = Math.max(0, ...used.filter((v) => v != null));
  const cap = Math.max(0, ...limit.filter((v) => v != null));
  return cap && cap <= most * 4 ? cap : most * 1.25;
}

const CHARTS = [
  { el: "chart-cpu", series: [{ label: "CPU %", color: "--cpu", value: (p) => p.cpu_percent ?? null }], axis: (v) => `${v} %`, min: 100 },
  { el: "chart-memory", series: [
    { label: "used", color: "--memory", value: (p) => p.memory_usage ?? null },
    { label: "limit", color: "--muted", value: (p) => p.memory_limit ?? null, dash: [6, 4] },
  ], axis: (v) => bytes(v), top: memoryTop },
  { el: "chart-network", series: [
    { label: "rx", color: "--cpu", value: (p) => p.network_rx_bytes_per_sec ?? null },
    { label: "tx", color: "--memory", value: (p) => p.network_tx_bytes_per_sec ?? null },
  ], axis: (v) => rate(v), min: 1024 },
  { el: "chart-block", series: [
    { label: "read", color: "--cpu", values: (points) => counterRate(points, "block_read_bytes") },
    { label: "write", color: "--memory", values: (points) => counterRate(points, "block_write_bytes") },
  ], axis: (v) => rate(v), min: 1024 },
];

function destroyPlots() {
  for (const p of view.plots) p.destroy();
  view.plots = [];
}

function markers(u) {
  const g = u.ctx;
  const styles = getComputedStyle(document.documentElement);
  const { top, height } = u.bbox;
  g.save();
  for (const [a, b] of view.gaps) {
    const x0 = u.valToPos(a, "x", true);
    const x1 = u.valToPos(b, "x", true);
    g.fillStyle = "rgba(127,127,127,0.15)";
    g.fillRect(x0, top, Math.max(1, x1 - x0), height);
  }
  for (const e of view.events) {
    const x = u.valToPos(e.at, "x", true);
    g.strokeStyle = styles.getPropertyValue(e.level === "critical" ? "--critical" : e.level === "warning" ? "--warning" : "--ok").trim();
    g.lineWidth = 2 * devicePixelRatio;
    g.beginPath();
    g.moveTo(x, top);
    g.lineTo(x, top + height);
    g.stroke();
  }
  g.restore();
}

function draw() {
  const styles = getComputedStyle(document.documentElement);
  const fg = styles.getPropertyValue("--fg").trim();
  const xs = view.points.map((p) => Date.parse(p.timestamp) / 1000);
  const width = Math.max(260, document.getElementById("chart-cpu").clientWidth || 600);
  const rebuild = view.plots.length !== CHARTS.length || view.plots[0].width !== width;
  if (rebuild) destroyPlots();
  CHARTS.forEach((chart, i) => {
    const data = [xs, ...chart.series.map((s) => (s.values ? s.values(view.points) : view.points.map(s.value)))];
    if (!rebuild) {
      view.plots[i].setData(data, false);
      view.plots[i].setScale("x", { min: view.from, max: view.to });
      return;
    }
    view.plots.push(new uPlot({
      width,
      height: 160,
      cursor: { sync: { key: "detail" } },
      scales: {
        x: { time: true, range: () => [view.from, view.to] },
        y: { range: (u, min, max) => [0, Math.max(chart.min ?? 1, chart.top ? chart.top(u.data) : max ?? 0)] },
      },
      axes: [{ stroke: fg }, { stroke: fg, size: 70, values: (u, v) => v.map(chart.axis) }],
      series: [{}, ...chart.series.map((s) => ({ label: s.label, stroke: styles.getPropertyValue(s.color).trim(), width: 1.5, dash: s.dash, value: (u, v) => (v == null ? "–" : chart.axis(v)) }))],
      hooks: { draw: [markers] },
    }, data, document.getElementById(chart.el)));
  });
}

/**
 * A live sample of the shown container: the facts follow it, and the short range's charts grow with it. A view opened
 * before the container's first sample (a container just started) loads again when that sample arrives.
 */
export function detailSample(sample) {
  if (sample.container_id !== view.id) return;
  renderFacts();
  if (!view.points.length && view.loading === view.loaded) {
    loadDetail();
    return;
  }
  if (view.range !== "15m" || !view.plots.length) return;
  view.points.push(sample);
  view.to = Math.max(view.to, Date.parse(sample.timestamp) / 1000);
  view.from = view.to - DETAIL_RANGES["15m"] * 3600;
  draw();
}

/** A live alert of the shown container: marked at once. */
export function detailAlert(alert) {
  if (alert.container_id !== view.id) return;
  view.events.unshift({ at: Date.parse(alert.timestamp) / 1000, level: alert.state === "resolved" ? "resolved" : alert.level, label: `${alert.state === "resolved" ? "resolved" : alert.level}: ${alert.message ?? alert.metric_type}`, alert });
  renderEvents();
  for (const p of view.plots) p.redraw(false);
}

export function resizeDetail() {
  if (view.id && view.plots.length) {
    destroyPlots();
    draw();
  }
}
