// Compiles each AssemblyScript kernel family in asm/ to build/wasm/<family>.wasm.
// The family list (and so each family's static-data slot, --memoryBase k*64KiB) is read from
// src/backend/cpu/wasm.ts so that the loader and the build can never disagree.
// A family is rebuilt when asm/<family>.ts or a shared file (asm/shared/*.ts) is newer than its
// .wasm. A family that fails to compile is reported and the others still build; the exit
// status is non-zero if any failed.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const src = readFileSync(join(root, "src/backend/cpu/wasm.ts"), "utf8");
const list = src.match(/WASM_FAMILIES = \[([^\]]*)\]/);
if (!list) throw new Error("build-wasm: WASM_FAMILIES not found in src/backend/cpu/wasm.ts");
const families = [...list[1].matchAll(/"([a-z0-9_]+)"/g)].map((m) => m[1]);
const out = join(root, "build/wasm");
mkdirSync(out, { recursive: true });
const asmDir = join(root, "asm");
const sharedDir = join(asmDir, "shared");
const newestShared = existsSync(sharedDir)
  ? Math.max(0, ...readdirSync(sharedDir).map((f) => statSync(join(sharedDir, f)).mtimeMs))
  : 0;
const asc = join(root, "node_modules/assemblyscript/bin/asc.js");
const force = process.argv.includes("--force");
let built = 0;
const failed = [];
for (const [k, fam] of families.entries()) {
  const input = join(asmDir, `${fam}.ts`);
  const target = join(out, `${fam}.wasm`);
  if (!existsSync(input)) throw new Error(`build-wasm: missing kernel family asm/${fam}.ts`);
  const newest = Math.max(statSync(input).mtimeMs, newestShared);
  if (!force && existsSync(target) && statSync(target).mtimeMs > newest) continue;
  const args = [asc, input, "-o", target, "--runtime", "stub", "--importMemory", "--memoryBase", String((k + 1) * 65536),
    "--enable", "simd", "-O3", "--noAssert", "--use", "abort=", "--maximumMemory", "65536"];
  try {
    execFileSync(process.execPath, args, { stdio: "inherit", cwd: root });
    built++;
  } catch {
    failed.push(fam);
  }
}
console.error(`build-wasm: ${built} of ${families.length} kernel families compiled into build/wasm/`);
if (failed.length > 0) {
  console.error(`build-wasm: FAILED: ${failed.join(", ")}`);
  process.exit(1);
}
