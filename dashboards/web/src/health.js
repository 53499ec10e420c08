// Front-end health (seed 003): the page's load timings once, and uncaught errors (at most a few per page), reported to
// the host, which counts them on /metrics.
import { monitoring, authHeaders } from "./api.js";

const MAX_ERRORS = 20;
let errors = 0;
let firstData = null;

function send(report) {
  // Reports are best effort: a failure here must not raise another error.
  authHeaders()
    .then((auth) =>
      fetch(`${monitoring}/dashboard/reports`, {
        method: "POST",
        headers: { "Content-Type": "application/json", ...auth },
        body: JSON.stringify(report),
        keepalive: true,
      }),
    )
    .catch(() => {});
}

const ms = (v) => (v > 0 ? Math.round(v * 10) / 10 : null);

/** The first time containers are on screen, in milliseconds from the navigation's start. */
export function noteFirstData() {
  firstData ??= performance.now();
}

export function initHealth() {
  const error = (kind, message, source) => {
    if (++errors > MAX_ERRORS) return;
    send({ kind, message: String(message ?? "unknown").slice(0, 1000), source: source ? String(source).slice(0, 1000) : undefined });
  };
  window.addEventListener("error", (e) => error("error", e.message, e.filename ? `${e.filename}:${e.lineno}:${e.colno}` : null));
  window.addEventListener("unhandledrejection", (e) => error("unhandled_rejection", e.reason?.message ?? e.reason, null));
  const report = () => {
    const nav = performance.getEntriesByType("navigation")[0];
    send({
      kind: "load",
      page_load_ms: ms(nav?.loadEventEnd) ?? ms(performance.now()),
      dom_content_loaded_ms: ms(nav?.domContentLoadedEventEnd),
      first_data_ms: ms(firstData),
    });
  };
  // After the load event has ended (loadEventEnd is set), and after the first data when it comes within 10 s.
  const whenLoaded = () => {
    const started = performance.now();
    const wait = () => (firstData || performance.now() - started > 10000 ? report() : setTimeout(wait, 250));
    setTimeout(wait, 0);
  };
  if (document.readyState === "complete") whenLoaded();
  else window.addEventListener("load", whenLoaded, { once: true });
}
