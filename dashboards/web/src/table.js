// The live table: one row per container, updated in place once per animation frame.
import { state, visible } from "./state.js";
import { bytes, percent, rate } from "./format.js";
import { drawSparkline, sizeSparkline } from "./sparkline.js";

const rows = new Map(); // container_id -> { tr, cells }
let tbody;
let onPick;

export function initTable(pick) {
  tbody = document.querySelector("#container-table tbody");
  onPick = pick;
}

function makeRow(id) {
  const tr = document.createElement("tr");
  tr.tabIndex = 0;
  tr.dataset.containerId = id;
  tr.innerHTML = `
    <th scope="row" class="name"></th>
    <td class="wide host"></td>
    <td class="wide service"></td>
    <td class="cpu"><span class="value"></span><canvas class="spark" width="80" height="20" aria-hidden="true"></canvas></td>
    <td class="memory"><span class="value"></span><canvas class="spark" width="80" height="20" aria-hidden="true"></canvas></td>
    <td class="wide network"></td>
    <td class="wide pids"></td>`;
  const q = (s) => tr.querySelector(s);
  const row = {
    tr,
    name: q(".name"), host: q(".host"), service: q(".service"),
    cpu: q(".cpu .value"), cpuSpark: q(".cpu canvas"),
    memory: q(".memory .value"), memorySpark: q(".memory canvas"),
    network: q(".network"), pids: q(".pids"),
    drawn: null,
  };
  sizeSparkline(row.cpuSpark);
  sizeSparkline(row.memorySpark);
  tr.addEventListener("click", () => onPick(id));
  tr.addEventListener("keydown", (e) => {
    if (e.key === "Enter" || e.key === " ") {
      e.preventDefault();
      onPick(id);
    } else if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      const next = e.key === "ArrowDown" ? tr.nextElementSibling : tr.previousElementSibling;
      next?.focus();
    }
  });
  rows.set(id, row);
  return row;
}

let colors = null;

export function renderTable() {
  if (!colors) {
    const styles = getComputedStyle(document.documentElement);
    colors = { cpu: styles.getPropertyValue("--cpu").trim() || "#2a7de1", memory: styles.getPropertyValue("--memory").trim() || "#8b5cf6" };
  }
  const cpuColor = colors.cpu;
  const memoryColor = colors.memory;
  const entries = [...state.containers.values()]
    .filter((e) => visible(e.sample))
    .sort((a, b) => (a.sample.container_name ?? a.sample.container_id).localeCompare(b.sample.container_name ?? b.sample.container_id));
  const wanted = new Set(entries.map((e) => e.sample.container_id));
  for (const [id, row] of rows) {
    if (!wanted.has(id)) {
      row.tr.remove();
      rows.delete(id);
    }
  }
  let previous = null;
  for (const entry of entries) {
    const s = entry.sample;
    const row = rows.get(s.container_id) ?? makeRow(s.container_id);
    if (row.drawn !== s.timestamp) {
      row.name.textContent = s.container_name ?? s.container_id.slice(0, 12);
      row.name.title = s.container_id;
      row.host.textContent = s.host ?? "";
      row.service.textContent = s.service_name ?? "";
      row.cpu.textContent = percent(s.cpu_percent);
      row.memory.textContent = `${bytes(s.memory_usage)} · ${percent(s.memory_percent)}`;
      row.network.textContent = `${rate(s.network_rx_bytes_per_sec)} / ${rate(s.network_tx_bytes_per_sec)}`;
      row.pids.textContent = s.pids ?? "–";
      row.tr.dataset.cpu = String(s.cpu_percent ?? 0);
      row.tr.dataset.samples = String(entry.cpu.length);
      row.cpuSpark.dataset.points = entry.cpu.map((v) => v.toFixed(1)).join(" ");
      drawSparkline(row.cpuSpark, entry.cpu, 100, cpuColor);
      drawSparkline(row.memorySpark, entry.memory, 100, memoryColor);
      row.drawn = s.timestamp;
    }
    row.tr.classList.toggle("selected", state.selected === s.container_id);
    row.tr.setAttribute("aria-selected", state.selected === s.container_id ? "true" : "false");
    const expected = previous ? previous.nextSibling : tbody.firstChild;
    if (expected !== row.tr) tbody.insertBefore(row.tr, expected);
    previous = row.tr;
  }
  document.getElementById("container-count").textContent = `(${entries.length})`;
  document.getElementById("empty").hidden = entries.length > 0;
}

/** Redraws every row on the next render (the theme changed the colours). */
export function invalidateRows() {
  colors = null;
  for (const row of rows.values()) row.drawn = null;
}

/** The rows as shown, for the export. */
export function shownContainers() {
  return [...state.containers.values()].filter((e) => visible(e.sample)).map((e) => ({ ...e.sample, recent_cpu_percent: e.cpu, recent_memory_percent: e.memory }));
}
