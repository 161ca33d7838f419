// The training examples in a short mode, each run as its own Bun process: mnist-mlp for one
// epoch on the mnist digits (and on 2,000 Fashion-MNIST images), fashion-cnn for two epochs on
// 2,000 images; they must learn (accuracy floors, falling loss) and exit cleanly. The GPU is
// disabled in the children: on a software GPU these runs would take minutes.
import { describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { join } from "node:path";

const ROOT = join(import.meta.dir, "..");
const FASHION = "/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz";
const hasFashion = existsSync(FASHION) || existsSync(FASHION.replace(/\.gz$/, ""));

interface Run {
  code: number | null;
  out: string;
  epochs: { loss: number; trainAcc: number; testAcc: number }[];
}

/** Runs `bun examples/<file> ...args` (killed after timeoutMs) and parses its epoch lines. */
async function runExample(file: string, args: string[], timeoutMs: number): Promise<Run> {
  const proc = Bun.spawn({
    cmd: [process.execPath, join(ROOT, "examples", file), ...args],
    cwd: ROOT,
    env: { ...process.env, KILN_DISABLE_GPU: "1" },
    stdout: "pipe",
    stderr: "pipe",
    stdin: "ignore",
  });
  const timer = setTimeout(() => proc.kill("SIGKILL"), timeoutMs);
  try {
    const [stdout, stderr, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
    const out = `${stdout}\n${stderr}`;
    const re = /^epoch\s+\d+\/\d+ \[#+\] loss ([\d.]+)\s+train acc ([\d.]+)%\s+test acc ([\d.]+)%/gm;
    const epochs = [...stdout.matchAll(re)].map((m) => ({ loss: Number(m[1]), trainAcc: Number(m[2]) / 100, testAcc: Number(m[3]) / 100 }));
    return { code, out, epochs };
  } finally {
    clearTimeout(timer);
  }
}

/** Fails with the child's output when it did not exit cleanly with `n` epoch lines. */
function expectEpochs(r: Run, n: number): void {
  if (r.code !== 0 || r.epochs.length !== n) throw new Error(`exit ${r.code}, ${r.epochs.length} epoch lines:\n${r.out.slice(-3000)}`);
}

describe("examples", () => {
  test("mnist-mlp: one epoch on the mnist digits reaches 88% test accuracy", async () => {
    const r = await runExample("mnist-mlp.ts", ["--epochs", "1"], 50_000);
    expectEpochs(r, 1);
    expect(r.out).toContain("8000 train / 2000 test");
    expect(r.epochs[0]!.testAcc).toBeGreaterThanOrEqual(0.88);
    expect(r.epochs[0]!.loss).toBeLessThan(1);
  }, 55_000);

  test("mnist-mlp: --device gpu without a GPU says so and trains on the CPU", async () => {
    const r = await runExample("mnist-mlp.ts", ["--device", "gpu", "--epochs", "2", "--limit", "512"], 50_000);
    expectEpochs(r, 2);
    expect(r.out).toContain("running on the CPU");
    expect(r.out).toContain("512 train / 2000 test");
    expect(r.epochs[1]!.loss).toBeLessThan(r.epochs[0]!.loss);
  }, 55_000);

  test("mnist-mlp: a bad flag exits with code 2 and a message", async () => {
    const r = await runExample("mnist-mlp.ts", ["--device", "tpu"], 20_000);
    expect(r.code).toBe(2);
    expect(r.out).toContain("--device must be cpu or gpu");
  }, 25_000);

  test("without Fashion-MNIST files both examples say where they looked and exit with code 1", async () => {
    const missing = join(ROOT, "tests", "no-such-fashion-dir");
    for (const [file, args] of [["mnist-mlp.ts", ["--fashion"]], ["fashion-cnn.ts", []]] as const) {
      const r = await runExample(file, [...args, "--data", missing], 20_000);
      expect(r.code).toBe(1);
      expect(r.out).toContain("Fashion-MNIST is not available");
      expect(r.out).toContain(`${missing}/train-images-idx3-ubyte`);
      expect(r.epochs.length).toBe(0);
    }
  }, 45_000);

  test.skipIf(!hasFashion)("mnist-mlp --fashion: one epoch on 2,000 images reaches 65% test accuracy", async () => {
    const r = await runExample("mnist-mlp.ts", ["--fashion", "--epochs", "1", "--limit", "2000"], 50_000);
    expectEpochs(r, 1);
    expect(r.out).toContain("Fashion-MNIST: 2000 train / 10000 test");
    expect(r.epochs[0]!.testAcc).toBeGreaterThanOrEqual(0.65);
  }, 55_000);

  test.skipIf(!hasFashion)("fashion-cnn: two epochs on 2,000 images, the loss falls", async () => {
    const r = await runExample("fashion-cnn.ts", ["--epochs", "2", "--limit", "2000"], 50_000);
    expectEpochs(r, 2);
    const [e1, e2] = r.epochs as [Run["epochs"][0], Run["epochs"][0]];
    expect(e2.loss).toBeLessThan(e1.loss);
    expect(e1.loss).toBeLessThan(2.3); // below ln(10), the loss of a uniform guess
    expect(e2.testAcc).toBeGreaterThanOrEqual(0.6);
    expect(r.out).toMatch(/training loss [\d.]+ -> [\d.]+/);
  }, 55_000);
});
