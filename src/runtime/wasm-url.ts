/**
 * Where the compiled CPU kernels live, relative to this module: build/wasm/ beside the sources.
 * scripts/build-dist.mjs swaps this module in its bundles for one that points at dist/wasm/.
 */
export function wasmUrl(family: string): URL {
  return new URL(`../../build/wasm/${family}.wasm`, import.meta.url);
}
