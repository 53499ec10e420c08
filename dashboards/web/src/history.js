// The history chart of one container: CPU and memory over 15 m to 7 d, read downsampled (tiers for long ranges).
import uPlot from "uplot";
import { get } from "./api.js";
import { state } from "./state.js";

export const RANGES = { "15m": 0.25, "1h": 1, "6h": 6, "24h": 24, "7d": 168 };
const POINTS = 300;
let plot = null;

export async function loadHistory() {
  const id = state.selected;
  const note = document.getElementById("history-note");
  if (!id) return;
  const hours = RANGES[state.range];
  const entry = state.containers.get(id);
  document.getElementById("history-container").textContent = `— ${entry?.sample.container_name ?? id.slice(0, 12)}, ${state.range}`;
  const link = document.getElementById("history-detail");
  link.href = `#/container/${encodeURIComponent(id)}`;
  link.hidden = false;
  note.textContent = "loading…";
  try {
    const points = await get(`/metrics?container_id=${encodeURIComponent(id)}&hours=${hours}&step=auto&limit=${POINTS}`);
    points.sort((a, b) => (a.timestamp < b.timestamp ? -1 : 1));
    const to = Date.now() / 1000;
    state.history = { container_id: id, range: state.range, from: new Date((to - hours * 3600) * 1000).toISOString(), to: new Date(to * 1000).toISOString(), points };
    draw(points);
    note.textContent = points.length ? `${points.length} points` : "no data in this range";
  } catch (e) {
    note.textContent = `could not load: ${e.message}`;
  }
}

/** A live sample of the shown container, appended while the short range is on screen. */
export function appendLive(sample) {
  if (!state.history || state.history.container_id !== sample.container_id || state.range !== "15m") return;
  state.history.points.push(sample);
  if (Date.parse(sample.timestamp) > Date.parse(state.history.to)) state.history.to = sample.timestamp;
  draw(state.history.points);
}

function draw(points) {
  const el = document.getElementById("history-chart");
  const data = [
    points.map((p) => Date.parse(p.timestamp) / 1000),
    points.map((p) => p.cpu_percent ?? null),
    points.map((p) => p.memory_percent ?? null),
  ];
  const width = Math.max(280, el.clientWidth || 600);
  // The whole range, even where it has no point: a container that started an hour ago fills the right of a 7 d chart.
  const span = [Date.parse(state.history.from) / 1000, Date.parse(state.history.to) / 1000];
  if (plot && plot.width === width) {
    plot.setData(data, false);
    plot.setScale("x", { min: span[0], max: span[1] });
    return;
  }
  const styles = getComputedStyle(document.documentElement);
  plot?.destroy();
  plot = new uPlot({
    width,
    height: 220,
    scales: {
      x: { time: true, range: () => [Date.parse(state.history.from) / 1000, Date.parse(state.history.to) / 1000] },
      y: { range: (u, min, max) => [0, Math.max(100, max ?? 0)] },
    },
    axes: [{ stroke: styles.getPropertyValue("--fg") }, { stroke: styles.getPropertyValue("--fg"), values: (u, v) => v.map((x) => `${x} %`) }],
    series: [
      {},
      { label: "CPU %", stroke: styles.getPropertyValue("--cpu").trim(), width: 1.5 },
      { label: "Memory %", stroke: styles.getPropertyValue("--memory").trim(), width: 1.5 },
    ],
  }, data, el);
}

export function resizeHistory() {
  if (state.history) {
    plot?.destroy();
    plot = null;
    draw(state.history.points);
  }
}
