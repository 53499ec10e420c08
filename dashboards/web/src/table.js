// The live table: one row element per container for as long as it is shown (a row never changes container), sorted by
// any column, cut to the top N, and virtualized: only the rows in the scrolled window (and a few around) are in the
// page, between two spacers, so that 1,000 containers cost what 30 do. While the pointer is over the rows their order
// is frozen (values still update): a click always lands on the row that was under the pointer.
// A render is proportional to the rows in the window: the order (a sort of every listed container) is made again only
// when samples arrived or the sort, filters, top N or freeze changed — never for a scroll — and a row's cells, canvases
// and attributes are written only when what they show changed.
import { state, visible } from "./state.js";
import { bytes, percent, rate } from "./format.js";
import { drawSparkline, sizeSparkline } from "./sparkline.js";

const OVERSCAN = 8;
const ROW_HEIGHT = 37; // px, fixed in styles.css (tbody tr)
const CARD_HEIGHT = 104; // px, the phone's card (styles.css, max-width 600px)
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
let orderMadeFrom = null; // what the order was made from (samples' revision, sort, filters, top N, freeze)
let attached = []; // ids of the rows in the page, in order
let scrollTop = 0;
let viewportHeight = 0;
const written = { top: -1, bottom: -1, count: "", empty: null };

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
  // The window's position and height are read when they change (scroll, resize), never while rendering: a read there,
  // after the page changed, would force a layout.
  scroller.addEventListener("scroll", () => {
    scrollTop = scroller.scrollTop;
    requestRender();
  }, { passive: true });
  new ResizeObserver(() => {
    viewportHeight = scroller.clientHeight;
    requestRender();
  }).observe(scroller);
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

const ROW_TEMPLATE = document.createElement("template");
ROW_TEMPLATE.innerHTML = `<tr><th scope="row" class="name"><a class="detail-link" tabindex="-1"></a></th><td class="wide host"></td><td class="wide service"></td><td class="cpu"><span class="value"></span></td><td class="memory"><span class="value"></span></td><td class="wide network"></td><td class="wide pids"></td></tr>`;

// Sparkline canvases belong to the rows in the window, not to a container: a row leaving the window gives its two back,
// a row entering takes two. Making a canvas and its 2D context is the dearest part of a new row, and scrolling brings
// in a window of new rows at a time; with the pool, the canvases made are those of the largest window seen.
const sparks = [];

function takeSparks(row) {
  row.cpuSpark = sparks.pop() ?? sizeSparkline(newSpark());
  row.memorySpark = sparks.pop() ?? sizeSparkline(newSpark());
  row.cpuCell.append(row.cpuSpark);
  row.memoryCell.append(row.memorySpark);
  row.drawn = null;
}

function giveSparksBack(row) {
  if (!row.cpuSpark) return;
  row.cpuSpark.remove();
  row.memorySpark.remove();
  sparks.push(row.cpuSpark, row.memorySpark);
  row.cpuSpark = row.memorySpark = null;
}

function newSpark() {
  const canvas = document.createElement("canvas");
  canvas.className = "spark";
  canvas.setAttribute("aria-hidden", "true");
  return canvas;
}

function makeRow(id) {
  const tr = ROW_TEMPLATE.content.firstChild.cloneNode(true);
  tr.tabIndex = roving === id ? 0 : -1;
  tr.dataset.containerId = id;
  const [name, host, service, cpu, memory, network, pids] = tr.children;
  const row = {
    tr,
    name: name.firstChild, host, service,
    cpu: cpu.firstChild, cpuCell: cpu, cpuSpark: null,
    memory: memory.firstChild, memoryCell: memory, memorySpark: null,
    network, pids,
    text: {}, // what each cell shows, so that an unchanged cell is not written again
    drawn: null,
  };
  row.name.href = `#/container/${encodeURIComponent(id)}`;
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
  scrollTop = scroller.scrollTop;
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

const SORT_KEYS = { ...SORT_VALUES, name: (s, entry) => nameKey(entry) };

/** The lower-case name a row sorts by, kept on the container's entry until its name changes. */
function nameKey(entry) {
  const name = entry.sample.container_name ?? entry.sample.container_id;
  if (entry.sortName !== name) {
    entry.sortName = name;
    entry.nameKey = name.toLowerCase();
  }
  return entry.nameKey;
}

function computeOrder() {
  const value = SORT_KEYS[state.sort.key] ?? SORT_KEYS.name;
  const direction = state.sort.direction;
  const entries = [];
  for (const entry of state.containers.values()) {
    if (!visible(entry.sample)) continue;
    entry.sortKey = value(entry.sample, entry);
    nameKey(entry);
    entries.push(entry);
  }
  entries.sort((a, b) => (a.sortKey < b.sortKey ? -direction : a.sortKey > b.sortKey ? direction
    : a.nameKey < b.nameKey ? -1 : a.nameKey > b.nameKey ? 1 : 0));
  listed = entries.length;
  const count = state.topN > 0 ? Math.min(state.topN, listed) : listed;
  const ids = new Array(count);
  for (let i = 0; i < count; i++) ids[i] = entries[i].sample.container_id;
  return ids;
}

/** While frozen: the previous order, less what is no longer shown, then newcomers at the end. */
function frozenOrder(fresh) {
  const wanted = new Set(fresh);
  const kept = order.filter((id) => wanted.has(id));
  const known = new Set(kept);
  for (const id of fresh) if (!known.has(id)) kept.push(id);
  return kept;
}

/** Makes the order again if what it depends on changed. */
function updateOrder() {
  const f = state.filters;
  const from = `${state.revision}|${state.sort.key}|${state.sort.direction}|${state.topN}|${f.host}|${f.service}|${f.text}|${frozen}`;
  if (from === orderMadeFrom) return;
  orderMadeFrom = from;
  const fresh = computeOrder();
  order = frozen ? frozenOrder(fresh) : fresh;
  // Rows of containers no longer listed are let go; the others keep their element while out of the window.
  const wanted = new Set(order);
  for (const [id, row] of rows) {
    if (wanted.has(id)) continue;
    row.tr.remove();
    giveSparksBack(row);
    rows.delete(id);
  }
}

let colors = null;

export function renderTable() {
  if (!colors) {
    const styles = getComputedStyle(document.documentElement);
    colors = { cpu: styles.getPropertyValue("--cpu").trim() || "#2a7de1", memory: styles.getPropertyValue("--memory").trim() || "#8b5cf6" };
  }
  updateOrder();
  const h = rowHeight();
  const viewport = viewportHeight || 600;
  // A shorter order (top N, a filter) than the scroll position: the window is its end, until the browser clamps the scroll.
  const top = Math.min(scrollTop, Math.max(0, order.length * h - viewport));
  const first = Math.max(0, Math.floor(top / h) - OVERSCAN);
  const last = Math.min(order.length, Math.ceil((top + viewport) / h) + OVERSCAN);
  const shown = order.slice(first, last);
  const inWindow = new Set(shown);
  for (const id of attached) {
    const row = rows.get(id);
    if (!row || inWindow.has(id)) continue;
    row.tr.remove();
    giveSparksBack(row);
  }
  attached = shown;
  setHeight(topSpacer, "top", first * h);
  setHeight(bottomSpacer, "bottom", (order.length - last) * h);
  let previous = topSpacer;
  for (const id of shown) {
    const row = rows.get(id) ?? makeRow(id);
    if (!row.cpuSpark) takeSparks(row);
    drawRow(row, state.containers.get(id));
    const selected = state.selected === id;
    if (row.selected !== selected) {
      row.tr.classList.toggle("selected", selected);
      row.tr.setAttribute("aria-selected", String(selected));
      row.selected = selected;
    }
    if (previous.nextSibling !== row.tr) tbody.insertBefore(row.tr, previous.nextSibling);
    previous = row.tr;
  }
  if (!roving || !rows.has(roving)) setRoving(order[0] ?? null);
  else if (!rows.get(roving).tr.isConnected && order[first]) setRoving(order[first]);
  const count = order.length < listed ? `(${order.length} of ${listed})` : `(${listed})`;
  if (written.count !== count) document.getElementById("container-count").textContent = written.count = count;
  if (written.empty !== listed > 0) document.getElementById("empty").hidden = written.empty = listed > 0;
}

function setHeight(spacerRow, which, px) {
  if (written[which] === px) return;
  written[which] = px;
  spacerRow.style.height = `${px}px`;
}

function setText(row, cell, text) {
  if (row.text[cell] === text) return;
  row.text[cell] = text;
  row[cell].textContent = text;
}

/** Writes a row's cells and sparklines from its container's newest sample, if they show an older one. */
function drawRow(row, entry) {
  const s = entry.sample;
  if (row.drawn === entry.last) return;
  setText(row, "name", s.container_name ?? s.container_id.slice(0, 12));
  if (row.name.title !== s.container_id) row.name.title = s.container_id;
  setText(row, "host", s.host ?? "");
  setText(row, "service", s.service_name ?? "");
  setText(row, "cpu", percent(s.cpu_percent));
  setText(row, "memory", `${bytes(s.memory_usage)} · ${percent(s.memory_percent)}`);
  setText(row, "network", `${rate(s.network_rx_bytes_per_sec)} / ${rate(s.network_tx_bytes_per_sec)}`);
  setText(row, "pids", String(s.pids ?? "–"));
  row.tr.dataset.cpu = String(s.cpu_percent ?? 0);
  row.tr.dataset.samples = String(entry.cpu.length);
  row.cpuSpark.dataset.points = entry.cpu.map((v) => v.toFixed(1)).join(" ");
  drawSparkline(row.cpuSpark, entry.cpu, 100, colors.cpu);
  drawSparkline(row.memorySpark, entry.memory, 100, colors.memory);
  row.drawn = entry.last;
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
