// The live channel: the SignalR hub (in-process, or Azure SignalR Service in serverless mode), automatic reconnect,
// and the catch-up of what was missed while disconnected.
import { HubConnectionBuilder, HubConnectionState, LogLevel } from "@microsoft/signalr";
import { apiBase, accessToken, get } from "./api.js";

export class LiveChannel {
  constructor(handlers) {
    this.handlers = handlers; // { onState(state, detail), onSamples(samples), onAlert(alert, change), onStatus(status), onReconnected() }
    this.info = null;
    this.connection = null;
    this.filters = {};
  }

  async start() {
    this.info = await get("/live");
    this.connection = new HubConnectionBuilder()
      // Short-lived tokens, never the key and never cookies: the WebSocket carries the token in its URL, and no credentials
      // means a dashboard on another origin needs no credentialed CORS. Called on every (re)connect and long poll.
      .withUrl(`${apiBase}${this.info.hub}`, { accessTokenFactory: () => accessToken(), withCredentials: false })
      .withAutomaticReconnect({ nextRetryDelayInMilliseconds: (ctx) => Math.min(1000 * 2 ** ctx.previousRetryCount, 15000) })
      .configureLogging(LogLevel.Warning)
      .build();
    const c = this.connection;
    c.on("metrics_batch", (m) => this.handlers.onSamples(m.data, m.timestamp));
    c.on("alert", (m) => this.handlers.onAlert(m.data, m.change));
    c.on("system_status", (m) => this.handlers.onStatus(m.data));
    c.onreconnecting((e) => this.handlers.onState("reconnecting", e?.message));
    c.onreconnected(async () => {
      await this.subscribe();
      this.handlers.onState("connected");
      await this.handlers.onReconnected();
    });
    c.onclose((e) => {
      this.handlers.onState("disconnected", e?.message);
      // The automatic reconnect gave up, or the server refused (too many clients): keep trying, slowly.
      this.retryLater();
    });
    await this.connect();
  }

  retryLater() {
    if (this.retry) return;
    this.retry = setTimeout(() => {
      this.retry = null;
      this.connect();
    }, 5000);
  }

  async connect() {
    if (this.connection.state !== HubConnectionState.Disconnected) return;
    this.handlers.onState("connecting");
    try {
      await this.connection.start();
      await this.subscribe();
      this.handlers.onState("connected");
      if (this.everConnected) await this.handlers.onReconnected();
      this.everConnected = true;
    } catch (e) {
      this.handlers.onState("disconnected", e?.message);
      this.retryLater();
    }
  }

  /** Server-side filters (host, service); with Azure SignalR clients are listen-only and filter for themselves. */
  async setFilters(filters) {
    if (filters.host === this.filters.host && filters.service === this.filters.service) return;
    this.filters = filters;
    if (this.connection?.state === HubConnectionState.Connected) await this.subscribe();
  }

  async subscribe() {
    if (!this.info.server_filters) return;
    const f = {};
    if (this.filters.host) f.hosts = [this.filters.host];
    if (this.filters.service) f.service_names = [this.filters.service];
    await this.connection.invoke("Subscribe", "metrics", f);
    await this.connection.invoke("Subscribe", "alerts", f);
    await this.connection.invoke("Subscribe", "system_status", null);
  }
}
