// The HTTP API of the functions host: base URL from config.js, the API key from the session, problem details as errors.
const KEY_STORAGE = "wakedock.apiKey";

export const apiBase = (window.WAKEDOCK_CONFIG?.apiBase ?? "").replace(/\/+$/, "");
export const monitoring = `${apiBase}/api/v1/monitoring`;

export function apiKey() {
  return sessionStorage.getItem(KEY_STORAGE) ?? "";
}

export function setApiKey(key) {
  if (key) sessionStorage.setItem(KEY_STORAGE, key);
  else sessionStorage.removeItem(KEY_STORAGE);
}

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail ?? problem?.title ?? `HTTP ${status}`);
    this.status = status;
    this.field = problem?.field;
  }
}

export async function request(path, options = {}) {
  return (await exchange(path, options)).json;
}

/** The answer with its headers (the metrics API names the tier it read in X-WakeDock-Resolution). */
export async function exchange(path, { method = "GET", body } = {}) {
  const headers = { Accept: "application/json" };
  const key = apiKey();
  if (key) headers["X-Api-Key"] = key;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const response = await fetch(path.startsWith("http") ? path : `${monitoring}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.status === 204) return { json: null, headers: response.headers };
  const text = await response.text();
  const json = text ? JSON.parse(text) : null;
  if (!response.ok) throw new ApiError(response.status, json);
  return { json, headers: response.headers };
}

export const get = (path) => request(path);
