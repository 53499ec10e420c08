// Opt-in browser notifications: once the user asks (the Notify button, remembered), each critical alert that fires
// while this tab is hidden becomes a system notification; clicking it brings the tab back on that container.
const STORAGE = "wakedock.notify";

const supported = () => "Notification" in window;
const enabled = () => supported() && Notification.permission === "granted" && localStorage.getItem(STORAGE) === "on";

function show(button) {
  const on = enabled();
  button.setAttribute("aria-pressed", String(on));
  button.textContent = on ? "Notify: on" : "Notify";
  if (!supported()) {
    button.disabled = true;
    button.title = "This browser has no notifications";
  } else if (Notification.permission === "denied") {
    button.title = "Notifications are blocked for this site in the browser's settings";
  }
}

export function initNotifications() {
  const button = document.getElementById("notify");
  show(button);
  button.addEventListener("click", async () => {
    if (enabled()) {
      localStorage.setItem(STORAGE, "off");
    } else if (supported()) {
      const permission = Notification.permission === "default" ? await Notification.requestPermission() : Notification.permission;
      localStorage.setItem(STORAGE, permission === "granted" ? "on" : "off");
    }
    show(button);
  });
}

/** A critical alert that fired or escalated: a notification when the tab is hidden and the user opted in. */
export function notifyAlert(alert, change) {
  if (!enabled() || !document.hidden || alert.level !== "critical" || change === "resolved" || alert.state === "resolved") return;
  const n = new Notification(`Critical: ${alert.container_name || alert.host || "WakeDock"}`, {
    body: alert.message ?? "",
    tag: alert.id ?? undefined,
    icon: "icons/icon-192.png",
  });
  n.onclick = () => {
    window.focus();
    if (alert.container_id) location.hash = `#/container/${encodeURIComponent(alert.container_id)}`;
    n.close();
  };
}
