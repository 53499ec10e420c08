// Export: what is on screen (filtered containers with their recent points, the history chart's data, shown alerts) as JSON.
import { state, visibleAlert } from "./state.js";
import { shownContainers } from "./table.js";
import { detailState } from "./detail.js";

export function exportDocument() {
  return {
    exported_at: new Date().toISOString(),
    filters: { host: state.filters.host || null, service_name: state.filters.service || null, container: state.filters.text || null, alert_level: state.filters.alertLevel || null },
    containers: shownContainers(),
    history: state.history,
    container_view: detailState(),
    alerts: state.alerts.filter(visibleAlert),
  };
}

export function downloadExport() {
  const blob = new Blob([JSON.stringify(exportDocument(), null, 2)], { type: "application/json" });
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = `wakedock-${new Date().toISOString().replace(/[:.]/g, "-")}.json`;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}
