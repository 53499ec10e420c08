// The one setting of a static deployment: where the WakeDock API is. Empty means this page's own origin
// (the functions host serves the dashboard). For another origin, add it to WAKEDOCK_CORS_ORIGINS on the host.
window.WAKEDOCK_CONFIG = {
  apiBase: "",
};
