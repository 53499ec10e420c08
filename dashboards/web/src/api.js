// The HTTP API of the functions host: base URL from config.js, the API key from the session exchanged for short-lived
// tokens (renewed before they end), problem details as errors. Only a token ever goes in a URL (the hub's WebSocket).
const KEY_STORAGE = "wakedock.apiKey";
const TOKEN_PATH = "/api/v1/auth/token";
// A token is renewed once this share of its lifetime has passed, so requests and hub reconnects never carry a stale one.
const RENEW_AT = 0.8;

export const apiBase = (window.WAKEDOCK_CONFIG?.apiBase ?? "").replace(/\/+$/, "");
export const monitoring = `${apiBase}/api/v1/monitoring`;

export function apiKey() {
  return sessionStorage.getItem(KEY_STORAGE) ?? "";
}

export function setApiKey(key) {
  if (key) sessionStorage.setItem(KEY_STORAGE, key);
  else sessionStorage.removeItem(KEY_STORAGE);
  forgetToken();
}

let token = null; // { key, value, renewAt }
let issuing = null;
let renewal = null;

function forgetToken() {
  token = null;
  clearTimeout(renewal);
  renewal = null;
}

/** A current token for the session's key ("" without a key: a host open on loopback asks for none). */
export async function accessToken() {
  const key = apiKey();
  if (!key) return "";
  if (token?.key === key && Date.now() < token.renewAt) return token.value;
  issuing ??= issueToken(key).finally(() => {
    issuing = null;
  });
  return issuing;
}

async function issueToken(key) {
  const response = await fetch(`${apiBase}${TOKEN_PATH}`, { method: "POST", headers: { Accept: "application/json", "X-Api-Key": key } });
  const text = await response.text();
  const json = text ? JSON.parse(text) : null;
  if (!response.ok) throw new ApiError(response.status, json);
  const lifetimeMs = json.expires_in * 1000;
  token = { key, value: json.access_token, renewAt: Date.now() + lifetimeMs * RENEW_AT };
  clearTimeout(renewal);
  // Renewed ahead even while the page is idle, so that the hub's next reconnect or long poll finds a fresh one.
  renewal = setTimeout(() => accessToken().catch(() => {}), lifetimeMs * RENEW_AT);
  return token.value;
}

/** The Authorization header of a request: the token, or none on an open host. */
export async function authHeaders() {
  const value = await accessToken();
  return value ? { Authorization: `Bearer ${value}` } : {};
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
  const headers = { Accept: "application/json", ...(await authHeaders()) };
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
