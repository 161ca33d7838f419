/**
 * Fuzzing the three loaders: every truncation and thousands of seeded mutations of real files
 * must either load (and then evaluate) or fail with a KilnError — never another exception, a
 * crash, a hang (bun's per-test timeout) or a read past the bytes handed in.
 */
import { describe, expect, test } from "bun:test";
import { mx, rng } from "./helpers.ts";
import { fixture, touch } from "./io_helpers.ts";

const FILES: [string, mx.io.FileFormat][] = [
  ["f32_2x3.npy", "npy"],
  ["f64_fortran_be_2x3.npy", "npy"],
  ["bool_2x3.npy", "npy"],
  ["f32_v3_2x2.npy", "npy"],
  ["stored.npz", "npz"],
  ["compressed.npz", "npz"],
  ["basic.safetensors", "safetensors"],
  ["convert.safetensors", "safetensors"],
];

/** Loads `bytes`; "ok" when it loaded and evaluated, "kiln" on a KilnError; any other error is thrown. */
async function attempt(bytes: Uint8Array, format: mx.io.FileFormat): Promise<"ok" | "kiln"> {
  try {
    await touch(await mx.load(bytes, { format }));
    return "ok";
  } catch (e) {
    if (e instanceof mx.KilnError) return "kiln";
    throw new Error(`non-KilnError from a ${format} loader: ${e instanceof Error ? e.stack : String(e)}`);
  }
}

/** A copy of `src` with 1-4 bytes changed, biased towards headers and (for zip) the directory at the end. */
function mutate(src: Uint8Array, r: () => number): Uint8Array {
  const out = src.slice();
  const n = 1 + Math.floor(r() * 4);
  for (let k = 0; k < n; k++) {
    const u = r();
    const head = Math.min(out.length, 160);
    const pos = u < 0.5 ? Math.floor(r() * head) : u < 0.75 ? out.length - 1 - Math.floor(r() * Math.min(out.length, 100)) : Math.floor(r() * out.length);
    const how = r();
    if (how < 0.3) out[pos] = Math.floor(r() * 256);
    else if (how < 0.6) out[pos] = out[pos]! ^ (1 << Math.floor(r() * 8));
    else if (how < 0.8) out[pos] = r() < 0.5 ? 0 : 0xff;
    else for (let j = 0; j < 4 && pos + j < out.length; j++) out[pos + j] = r() < 0.5 ? 0xff : 0; // a length field set to 0 / max
  }
  return out;
}

describe("truncated files", () => {
  for (const [file, format] of FILES) {
    test(`${file}: every prefix fails with a KilnError, even with the rest of the file right after the view`, async () => {
      const full = fixture(file);
      expect(await attempt(full, format)).toBe("ok");
      for (let k = 0; k < full.length; k++) {
        // the view ends at k but its buffer still holds the whole file: a loader that reads
        // past the view would find valid bytes there and wrongly succeed
        const outcome = await attempt(full.subarray(0, k), format);
        if (outcome !== "kiln") throw new Error(`${file} truncated to ${k} of ${full.length} bytes loaded without an error`);
      }
    });
  }
});

describe("mutated files", () => {
  for (const [file, format] of FILES) {
    test(`${file}: 1000 random mutations load or fail cleanly`, async () => {
      const full = fixture(file);
      const r = rng(file.length * 7919);
      const seen = { ok: 0, kiln: 0 };
      for (let i = 0; i < 1000; i++) seen[await attempt(mutate(full, r), format)]++;
      expect(seen.ok + seen.kiln).toBe(1000);
      expect(seen.kiln).toBeGreaterThan(0); // the mutations do reach the validation
    }, 30000);
  }

  test("random bytes are rejected by all three loaders", async () => {
    const r = rng(99);
    for (let i = 0; i < 200; i++) {
      const b = new Uint8Array(Math.floor(r() * 300));
      for (let j = 0; j < b.length; j++) b[j] = Math.floor(r() * 256);
      for (const [, format] of FILES) await attempt(b, format);
    }
  });
});
