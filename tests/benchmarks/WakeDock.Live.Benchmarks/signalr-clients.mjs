// N SignalR clients of the functions host's hub (@microsoft/signalr from dashboards/web), subscribed to metrics and
// alerts like the dashboard; counts the samples received and prints it on SIGTERM.
//   node signalr-clients.mjs <dashboards/web dir> <url> <clients>
import { createRequire } from "node:module";
import path from "node:path";

const [dir, url, count] = process.argv.slice(2);
const require = createRequire(path.join(path.resolve(dir), "package.json"));
const signalR = require("@microsoft/signalr");
let samples = 0;
const connections = [];
for (let i = 0; i < Number(count); i++) {
  const c = new signalR.HubConnectionBuilder().withUrl(`${url}/hubs/live`, { transport: signalR.HttpTransportType.WebSockets, skipNegotiation: true })
    .configureLogging(signalR.LogLevel.Error).build();
  c.on("metrics_batch", (m) => { samples += m.data.length; });
  c.on("alert", () => {});
  await c.start();
  await c.invoke("Subscribe", "metrics", null);
  await c.invoke("Subscribe", "alerts", null);
  connections.push(c);
}
console.log(`connected ${connections.length}`);
process.on("SIGTERM", async () => {
  console.log(`received ${samples} samples`);
  await Promise.all(connections.map((c) => c.stop()));
  process.exit(0);
});
setInterval(() => {}, 1000);
