// The threshold editor: the global thresholds, changed with an admin key (PUT /thresholds/{metric_type}).
import { get, request } from "./api.js";

const EDITABLE = ["cpu_percent", "memory_percent", "network_rx", "network_tx"];

export async function loadThresholds(say) {
  const tbody = document.querySelector("#threshold-form tbody");
  let all;
  try {
    all = await get("/thresholds");
  } catch (e) {
    say(`Thresholds could not be read: ${e.message}`);
    return;
  }
  const globals = all.filter((t) => !t.container_id && !t.service_name && EDITABLE.includes(t.metric_type));
  tbody.replaceChildren(...globals.map((t) => {
    const tr = document.createElement("tr");
    tr.dataset.metric = t.metric_type;
    tr.innerHTML = `
      <th scope="row"></th>
      <td data-label="Warning"><input class="warning" type="number" step="any" min="0" required></td>
      <td data-label="Critical"><input class="critical" type="number" step="any" min="0" required></td>
      <td data-label="Enabled"><input class="enabled" type="checkbox"></td>
      <td><button type="button" class="save">Save</button> <span class="result" aria-live="polite"></span></td>`;
    tr.querySelector("th").textContent = t.metric_type;
    const warning = tr.querySelector(".warning");
    const critical = tr.querySelector(".critical");
    const enabled = tr.querySelector(".enabled");
    warning.value = t.warning_threshold;
    critical.value = t.critical_threshold;
    enabled.checked = t.enabled !== false;
    for (const [input, what] of [[warning, "warning"], [critical, "critical"], [enabled, "enabled"]]) {
      input.setAttribute("aria-label", `${t.metric_type} ${what}`);
    }
    tr.querySelector(".save").addEventListener("click", async () => {
      const result = tr.querySelector(".result");
      result.textContent = "saving…";
      try {
        const saved = await request(`/thresholds/${t.metric_type}`, {
          method: "PUT",
          body: {
            metric_type: t.metric_type,
            warning_threshold: Number(warning.value),
            critical_threshold: Number(critical.value),
            enabled: enabled.checked,
          },
        });
        warning.value = saved.warning_threshold;
        critical.value = saved.critical_threshold;
        result.textContent = "saved";
      } catch (e) {
        result.textContent = e.status === 403 || e.status === 401 ? "an admin key is needed" : e.message;
      }
    });
    return tr;
  }));
}
