#!/usr/bin/env node
// Reports the gzip size (level 9) of what a browser downloads for the core (`kiln`, without nn,
// optimizers and datasets): dist/browser/index.js and every chunk it imports, statically or
// dynamically, plus the .wasm kernels in dist/wasm/; and, for reference, the workerd bundle.
// Exits non-zero when the core is over the budget (250 KB gzip). Run `npm run size` (it builds first).
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const BUDGET = 250 * 1024;
const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const dist = join(root, "dist");
const gz = (file) => gzipSync(readFileSync(file), { level: 9 }).length;
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

/** The entry and every .js module it reaches through relative imports (static or dynamic). */
function reached(entry) {
  const seen = new Set();
  const todo = [entry];
  while (todo.length > 0) {
    const f = todo.pop();
    if (seen.has(f)) continue;
    seen.add(f);
    const text = readFileSync(f, "utf8");
    for (const m of text.matchAll(/(?:\bfrom|\bimport)\s*\(?\s*["'](\.{1,2}\/[^"']+\.js)["']/g)) todo.push(join(dirname(f), m[1]));
  }
  return [...seen];
}

const entry = join(dist, "browser/index.js");
if (!existsSync(entry)) {
  console.error("size: dist/browser/index.js is missing: run `npm run build:dist` first");
  process.exit(1);
}
const js = reached(entry);
let jsRaw = 0;
let jsGz = 0;
for (const f of js) {
  jsRaw += readFileSync(f).length;
  jsGz += gz(f);
}
const wasmFiles = readdirSync(join(dist, "wasm")).filter((f) => f.endsWith(".wasm")).sort().map((f) => join(dist, "wasm", f));
let wasmRaw = 0;
let wasmGz = 0;
const rows = [];
for (const f of wasmFiles) {
  const raw = readFileSync(f).length;
  const g = gz(f);
  wasmRaw += raw;
  wasmGz += g;
  rows.push(`  ${relative(dist, f).padEnd(22)} ${kb(raw).padStart(10)} ${kb(g).padStart(10)}`);
}
const worker = join(dist, "workerd/index.js");
const workerGz = existsSync(worker) ? reached(worker).reduce((s, f) => s + gz(f), 0) : 0;

console.log(`size (gzip -9), core without nn/optimizers/datasets:`);
console.log(`  ${"file".padEnd(22)} ${"raw".padStart(10)} ${"gzip".padStart(10)}`);
console.log(`  ${`browser JS (${js.length} files)`.padEnd(22)} ${kb(jsRaw).padStart(10)} ${kb(jsGz).padStart(10)}`);
for (const r of rows) console.log(r);
console.log(`  ${"wasm total".padEnd(22)} ${kb(wasmRaw).padStart(10)} ${kb(wasmGz).padStart(10)}`);
const total = jsGz + wasmGz;
console.log(`  ${"core total".padEnd(22)} ${kb(jsRaw + wasmRaw).padStart(10)} ${kb(total).padStart(10)}   budget ${kb(BUDGET)}: ${total <= BUDGET ? "ok" : "OVER"}`);
if (workerGz > 0) console.log(`  workerd JS (for reference): ${kb(workerGz)} gzip + the same wasm`);
if (total > BUDGET) process.exit(1);
