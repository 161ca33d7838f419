// Runs the smoke program (dist/.smoke/smoke.js, transpiled from smoke.ts) in Bun, Node or Deno and
// prints one `KILN_SMOKE <json>` line. Arguments: the kiln specifier to import ("kiln" resolves
// through package.json's exports), then the devices ("cpu", "gpu"). Exits when done, so that a
// native GPU binding cannot keep the process alive.
const t0 = performance.now();
const args = typeof Deno !== "undefined" ? Deno.args : process.argv.slice(2);
const exit = (code) => (typeof Deno !== "undefined" ? Deno.exit(code) : process.exit(code));
const [specifier, ...devices] = args;
const out = { runtime: typeof Deno !== "undefined" ? "deno" : "node", platform: "", results: [] };
try {
  const mx = await import(specifier);
  const { smoke } = await import(new URL("../../dist/.smoke/smoke.js", import.meta.url).href);
  for (const [i, d] of devices.entries()) out.results.push(await smoke(mx, d, i === 0 ? t0 : performance.now()));
  out.gpu = { available: mx.gpu.available, info: mx.gpu.info };
} catch (e) {
  out.error = String(e?.stack ?? e);
}
console.log("KILN_SMOKE " + JSON.stringify(out));
exit(out.error ? 1 : 0);
