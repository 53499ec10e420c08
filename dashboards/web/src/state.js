// What the dashboard knows: each container's latest sample and recent points, newest alerts, the filters.
export const SPARK_POINTS = 60;

export const state = {
  containers: new Map(), // container_id -> { sample, cpu: [], memory: [], times: [] }
  alerts: [], // newest first
  filters: { host: "", service: "", text: "", alertLevel: "" },
  lastSeen: null, // the newest sample timestamp received (ISO), for catch-up after a reconnect
  lastSeenAt: -Infinity, // the same, in ms
  revision: 0, // counts the samples taken in: what was drawn from an older revision may be out of date
  sort: { key: "name", direction: 1 }, // the table's order; direction 1 ascending, -1 descending
  topN: 0, // 0: every container; N: the first N of the order
  selected: null, // container id of the history chart
  range: "15m",
  history: null, // { container_id, range, points }
  status: null,
  hosts: new Map(), // host -> its /hosts entry (host metrics, disks predicted full), read while the hosts view is shown
};

/** Adds one sample; answers whether it was new (an older or repeated sample is ignored). */
export function addSample(sample) {
  // Timestamps are compared as instants: the API and the streams may write different fractions of a second.
  const at = Date.parse(sample.timestamp);
  let entry = state.containers.get(sample.container_id);
  if (!entry) {
    entry = { sample, cpu: [], memory: [], times: [], last: -Infinity };
    state.containers.set(sample.container_id, entry);
  } else if (at <= entry.last) {
    return false;
  }
  entry.last = at;
  entry.sample = sample;
  entry.cpu.push(sample.cpu_percent ?? 0);
  entry.memory.push(sample.memory_percent ?? 0);
  entry.times.push(sample.timestamp);
  if (entry.cpu.length > SPARK_POINTS) {
    entry.cpu.shift();
    entry.memory.shift();
    entry.times.shift();
  }
  if (at > state.lastSeenAt) {
    state.lastSeenAt = at;
    state.lastSeen = sample.timestamp;
  }
  state.revision++;
  return true;
}

export function visible(item) {
  const f = state.filters;
  if (f.host && item.host !== f.host) return false;
  if (f.service && item.service_name !== f.service) return false;
  if (f.text) {
    const t = f.text.toLowerCase();
    if (!(item.container_name ?? "").toLowerCase().includes(t) && !(item.container_id ?? "").startsWith(t)) return false;
  }
  return true;
}

export function visibleAlert(alert) {
  return (!state.filters.alertLevel || alert.level === state.filters.alertLevel) && visible(alert);
}
