// Bundles the dashboard into dist/: app.js (ES module with uPlot and the SignalR client), app.css (ours and uPlot's), index.html and
// config.js, the one file a static deployment edits (the API's base URL).
import { build } from "esbuild";
import { copyFile, mkdir, rm } from "node:fs/promises";

const dist = new URL("./dist/", import.meta.url);
await rm(dist, { recursive: true, force: true });
await mkdir(dist, { recursive: true });

await build({
  entryPoints: { app: "src/main.js" },
  bundle: true,
  format: "esm",
  target: ["es2022"],
  minify: true,
  sourcemap: true,
  outdir: "dist",
  legalComments: "linked",
  logLevel: "warning",
});
await copyFile(new URL("./src/index.html", import.meta.url), new URL("index.html", dist));
await copyFile(new URL("./src/config.js", import.meta.url), new URL("config.js", dist));
