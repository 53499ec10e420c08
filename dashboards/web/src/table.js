// The live table: one row element per container for as long as it is shown (a row never changes container), sorted by
// any column, cut to the top N, and virtualized: only the rows in the scrolled window (and a few around) are in the
// page, between two spacers, so that 1,000 containers cost what 30 do. While the pointer is over the rows their order
// is frozen (values still update): a click always lands on the row that was under the pointer.
import { state, visible } from "./state.js";
import { bytes, percent, rate } from "./format.js";
import { drawSparkline, sizeSparkline } from "./sparkline.js";

const OVERSCAN = 8;
const ROW_HEIGHT = 37; // px, fixed in styles.css (tbody tr)
const CARD_HEIGHT = 92; // px, the phone's card (styles.css, max-width 600px)
const phone = matchMedia("(max-width: 600px)");

const SORT_VALUES = {
  name: (s) => (s.container_name ?? s.container_id).toLowerCase(),
  host: (s) => (s.host ?? "").toLowerCase(),
  service: (s) => (s.service_name ?? "").toLowerCase(),
  cpu: (s) => s.cpu_percent ?? 0,
  memory: (s) => s.memory_usage ?? 0,
  network: (s) => (s.network_rx_bytes_per_sec ?? 0) + (s.network_tx_bytes_per_sec ?? 0),
  pids: (s) => s.pids ?? 0,
};

const TEXT_COLUMNS = new Set(["name", "host", "service"]);

const rows = new Map(); // container_id -> row (created when first shown, dropped when filtered out)
let tbody;
let scroller;
let topSpacer;
let bottomSpacer;
let onPick;
let requestRender;
let order = []; // container ids as shown, after filter, sort and top N
let frozen = false;
let listed = 0; // containers that pass the filters, before the top N

export function initTable(pick, render, hover) {
  tbody = document.querySelector("#container-table tbody");
  scroller = document.getElementById("table-scroll");
  onPick = pick;
  requestRender = render;
  topSpacer = spacer();
  bottomSpacer = spacer();
  tbody.append(topSpacer, bottomSpacer);
  tbody.addEventListener("pointerenter", () => {
    frozen = true;
    hover(true);
  });
  tbody.addEventListener("pointerleave", () => {
    frozen = false;
    hover(false);
    requestRender();
  });
  scroller.addEventListener("scroll", () => requestRender(), { passive: true });
  phone.addEventListener("change", () => requestRender());
  for (const th of document.querySelectorAll("#container-table thead th[data-sort]")) {
    th.querySelector("button").addEventListener("click", () => {
      const key = th.dataset.sort;
      setSort(key, state.sort.key === key ? -state.sort.direction : TEXT_COLUMNS.has(key) ? 1 : -1);
    });
  }
}

function spacer() {
  const tr = document.createElement("tr");
  tr.className = "spacer";
  tr.setAttribute("aria-hidden", "true");
  return tr;
}

/** Sorts by a column (numbers start with the largest), and says so in the headers and the sort controls. */
export function setSort(key, direction) {
  state.sort = { key, direction };
  for (const th of document.querySelectorAll("#container-table thead th[data-sort]")) {
    th.setAttribute("aria-sort", th.dataset.sort === key ? (direction > 0 ? "ascending" : "descending") : "none");
  }
  document.getElementById("sort-key").value = key;
  const arrow = document.getElementById("sort-direction");
  arrow.textContent = direction > 0 ? "↑" : "↓";
  arrow.setAttribute("aria-label", `Sort direction: ${direction > 0 ? "ascending" : "descending"}`);
  frozen = false;
  requestRender();
}

function makeRow(id) {
  const tr = document.createElement("tr");
  tr.tabIndex = roving === id ? 0 : -1;
  tr.dataset.containerId = id;
  tr.innerHTML = `
    <th scope="row" class="name"><a class="detail-link" tabindex="-1"></a></th>
    <td class="wide host"></td>
    <td class="wide service"></td>
    <td class="cpu"><span class="value"></span><canvas class="spark" width="80" height="20" aria-hidden="true"></canvas></td>
    <td class="memory"><span class="value"></span><canvas class="spark" width="80" height="20" aria-hidden="true"></canvas></td>
    <td class="wide network"></td>
    <td class="wide pids"></td>`;
  const q = (s) => tr.querySelector(s);
  const row = {
    tr,
    name: q(".name a"), host: q(".host"), service: q(".service"),
    cpu: q(".cpu .value"), cpuSpark: q(".cpu canvas"),
    memory: q(".memory .value"), memorySpark: q(".memory canvas"),
    network: q(".network"), pids: q(".pids"),
    drawn: null,
  };
  row.name.href = `#/container/${encodeURIComponent(id)}`;
  sizeSparkline(row.cpuSpark);
  sizeSparkline(row.memorySpark);
  tr.addEventListener("click", (e) => {
    if (!e.target.closest("a")) onPick(id);
  });
  tr.addEventListener("keydown", (e) => keyOnRow(e, id));
  rows.set(id, row);
  return row;
}

function keyOnRow(e, id) {
  const at = order.indexOf(id);
  let next = -1;
  switch (e.key) {
    case "Enter":
    case " ":
      e.preventDefault();
      onPick(id);
      return;
    case "o":
      location.hash = `#/container/${encodeURIComponent(id)}`;
      return;
    case "ArrowDown": next = at + 1; break;
    case "ArrowUp": next = at - 1; break;
    case "Home": next = 0; break;
    case "End": next = order.length - 1; break;
    case "PageDown": next = at + Math.max(1, Math.floor(scroller.clientHeight / rowHeight()) - 1); break;
    case "PageUp": next = at - Math.max(1, Math.floor(scroller.clientHeight / rowHeight()) - 1); break;
    default: return;
  }
  e.preventDefault();
  focusRow(Math.max(0, Math.min(order.length - 1, next)));
}

/** Moves the keyboard focus to the row at this position of the order, scrolling it into the window first. */
function focusRow(index) {
  const id = order[index];
  if (!id) return;
  const h = rowHeight();
  const top = index * h;
  if (top < scroller.scrollTop) scroller.scrollTop = top;
  else if (top + h > scroller.scrollTop + scroller.clientHeight) scroller.scrollTop = top + h - scroller.clientHeight;
  renderTable();
  setRoving(id);
  rows.get(id)?.tr.focus();
}

let roving = null; // the one row reachable with Tab (the others with the arrow keys)
function setRoving(id) {
  if (roving === id) return;
  if (roving) rows.get(roving)?.tr.setAttribute("tabindex", "-1");
  roving = id;
  rows.get(id)?.tr.setAttribute("tabindex", "0");
}

const rowHeight = () => (phone.matches ? CARD_HEIGHT : ROW_HEIGHT);

function computeOrder() {
  const value = SORT_VALUES[state.sort.key] ?? SORT_VALUES.name;
  const direction = state.sort.direction;
  const keyed = [];
  for (const entry of state.containers.values()) {
    if (visible(entry.sample)) keyed.push({ id: entry.sample.container_id, key: value(entry.sample), name: SORT_VALUES.name(entry.sample) });
  }
  keyed.sort((a, b) => (a.key < b.key ? -direction : a.key > b.key ? direction : a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const ids = keyed.map((k) => k.id);
  listed = ids.length;
  return state.topN > 0 ? ids.slice(0, state.topN) : ids;
}

/** While frozen: the previous order, less what is no longer shown, then newcomers at the end. */
function frozenOrder(fresh) {
  const wanted = new Set(fresh);
  const kept = order.filter((id) => wanted.has(id));
  const known = new Set(kept);
  for (const id of fresh) if (!known.has(id)) kept.push(id);
  return kept;
}

let colors = null;

export function renderTable() {
  if (!colors) {
    const styles = getComputedStyle(document.documentElement);
    colors = { cpu: styles.getPropertyValue("--cpu").trim() || "#2a7de1", memory: styles.getPropertyValue("--memory").trim() || "#8b5cf6" };
  }
  const fresh = computeOrder();
  order = frozen ? frozenOrder(fresh) : fresh;
  const h = rowHeight();
  const viewport = scroller.clientHeight || 600;
  const first = Math.max(0, Math.floor(scroller.scrollTop / h) - OVERSCAN);
  const last = Math.min(order.length, Math.ceil((scroller.scrollTop + viewport) / h) + OVERSCAN);
  const shown = new Set(order.slice(first, last));
  const wanted = new Set(order);
  for (const [id, row] of rows) {
    if (!shown.has(id)) {
      if (row.tr.parentNode) row.tr.remove();
      // Rows out of the window keep their element (and so their identity) while the container is still listed.
      if (!wanted.has(id)) rows.delete(id);
    }
  }
  topSpacer.style.height = `${first * h}px`;
  bottomSpacer.style.height = `${(order.length - last) * h}px`;
  let previous = topSpacer;
  for (let i = first; i < last; i++) {
    const id = order[i];
    const entry = state.containers.get(id);
    const s = entry.sample;
    const row = rows.get(id) ?? makeRow(id);
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
      drawSparkline(row.cpuSpark, entry.cpu, 100, colors.cpu);
      drawSparkline(row.memorySpark, entry.memory, 100, colors.memory);
      row.drawn = s.timestamp;
    }
    const selected = state.selected === id;
    if (row.selected !== selected) {
      row.tr.classList.toggle("selected", selected);
      row.tr.setAttribute("aria-selected", String(selected));
      row.selected = selected;
    }
    if (previous.nextSibling !== row.tr) tbody.insertBefore(row.tr, previous.nextSibling);
    previous = row.tr;
  }
  if (!roving || !wanted.has(roving)) setRoving(order[0] ?? null);
  else if (!rows.get(roving)?.tr.isConnected && order[first]) setRoving(order[first]);
  document.getElementById("container-count").textContent = order.length < listed ? `(${order.length} of ${listed})` : `(${listed})`;
  document.getElementById("empty").hidden = listed > 0;
}

/** Redraws every row on the next render (the theme changed the colours). */
export function invalidateRows() {
  colors = null;
  for (const row of rows.values()) row.drawn = null;
}

/** The containers as listed (every one of the order, not only the rows in the window), for the export. */
export function shownContainers() {
  return order.map((id) => state.containers.get(id)).filter(Boolean)
    .map((e) => ({ ...e.sample, recent_cpu_percent: e.cpu, recent_memory_percent: e.memory }));
}

/** Sorts by a column from the sort control: text columns A to Z, numbers largest first. */
export function sortBy(key) {
  setSort(key, TEXT_COLUMNS.has(key) ? 1 : -1);
}
