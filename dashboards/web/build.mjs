// Bundles the dashboard into dist/: app.js (ES module with uPlot and the SignalR client), app.css (ours and uPlot's), index.html,
// config.js (the one file a static deployment edits: the API's base URL), the web app manifest and its icons.
import { build } from "esbuild";
import { copyFile, mkdir, rm, writeFile } from "node:fs/promises";
import { iconPng } from "./icons.mjs";

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
await mkdir(new URL("icons/", dist));
for (const file of ["index.html", "config.js", "manifest.webmanifest", "icons/icon.svg"]) {
  await copyFile(new URL(`./src/${file}`, import.meta.url), new URL(file, dist));
}
await writeFile(new URL("icons/icon-192.png", dist), iconPng(192));
await writeFile(new URL("icons/icon-512.png", dist), iconPng(512));
await writeFile(new URL("icons/apple-touch-icon.png", dist), iconPng(180, { opaque: true }));
