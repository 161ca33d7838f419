/**
 * GPU kernels of the sort family (shaders/sort.wgsl): sort and stable argsort along one axis
 * by a bitonic network over (key, index) pairs in a temporary, then an elementwise output
 * pass: argsort writes the indices (uint32), sort gathers the input's raw bits through them
 * (NaN payloads and -0 kept, as on the CPU). P = nextPow2(n); with b = log2(P / CHUNK) > 0 the
 * dispatches are 1 chunk pass (from x) + b(b+1)/2 global steps + b chunk merges + 1 output
 * pass (P = 8192: 56 dispatches, the plain network 93; P <= 16: 2). Measured on
 * SwiftShader (argsort, min of 7): [4096,16] 20-24 ms vs 32-35 ms plain, [256,300] 172-177 vs
 * 209-218, [1,65536] 298-357 vs 345-349; a 512-pair shared-memory block with barriers was
 * 5-7x slower there (SwiftShader barriers are costly), so none is used.
 */
import type { SortPrim } from "../../primitives/names.ts";
import type { SortParams } from "../../primitives/sort.ts";
import type { Node } from "../../core/node.ts";
import { SHADERS } from "./shaders.generated.ts";
import { descriptor, elementwiseSource, paramBase, type GpuDispatch, type GpuKernel, type GpuPlan } from "./kernel.ts";

const WG = 256;
/** Pairs per chunk-pass invocation (SORT_CHUNK in shaders/sort.wgsl). */
const CHUNK = 16;
const KEY: Record<string, string> = { float32: "key_f32", int32: "key_i32", uint32: "key_u32", uint8: "key_u32", bool: "key_u32" };

const CHUNK_CONST = `const SORT_CHUNK: u32 = ${CHUNK}u;`;

/** Chunk pass reading x: builds the (key, index) pairs of its chunk, then runs the network. */
function initSource(dtype: string, bytes: number): string {
  const load = bytes === 4 ? "X[e]" : "((X[e >> 2u] >> ((e & 3u) * 8u)) & 0xffu)";
  return `${CHUNK_CONST}
${SHADERS["sort"]!}
@group(0) @binding(2) var<storage, read> X: array<u32>;
@compute @workgroup_size(${WG})
fn main(@builtin(local_invocation_id) lid: vec3u, @builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nw: vec3u) {
  let n = D[1]; let P = D[2]; let inner = D[3];
  let total = D[0] * P;
  let base = sort_gid(lid, wid, nw) * SORT_CHUNK;
  if (base >= total) { return; }
  for (var s = 0u; s < SORT_CHUNK; s++) {
    let g = base + s;
    var key = 0xffffffffu;
    var idx = 0xffffffffu;
    if (g < total) {
      let r = g / P;
      idx = g % P;
      if (idx < n) {
        let e = (r / inner) * n * inner + idx * inner + (r % inner);
        key = ${KEY[dtype]!}(${load});
      }
    }
    CK[s] = key;
    CI[s] = idx;
  }
  chunk_network(base);
  chunk_store(base);
}`;
}

/** Chunk pass over T: finishes a stage's small steps in private memory. */
const MERGE_SOURCE = () => `${CHUNK_CONST}
${SHADERS["sort"]!}
@compute @workgroup_size(${WG})
fn main(@builtin(local_invocation_id) lid: vec3u, @builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nw: vec3u) {
  let base = sort_gid(lid, wid, nw) * SORT_CHUNK;
  if (base >= D[0] * D[2]) { return; }
  for (var s = 0u; s < SORT_CHUNK; s++) {
    CK[s] = T[2u * (base + s)];
    CI[s] = T[2u * (base + s) + 1u];
  }
  chunk_network(base);
  chunk_store(base);
}`;

const STEP_SOURCE = () => `${CHUNK_CONST}
${SHADERS["sort"]!}
@compute @workgroup_size(${WG})
fn main(@builtin(local_invocation_id) lid: vec3u, @builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nw: vec3u) {
  bitonic_step(sort_gid(lid, wid, nw));
}`;

function makeKernel(arg: boolean): GpuKernel {
  return (node: Node): GpuPlan => {
    const x = node.inputs[0]!;
    const { axis } = node.params as SortParams;
    const n = x.shape[axis]!;
    if (node.size === 0) return { dispatches: [] };
    let outer = 1;
    for (let i = 0; i < axis; i++) outer *= x.shape[i]!;
    let inner = 1;
    for (let i = axis + 1; i < x.shape.length; i++) inner *= x.shape[i]!;
    const rows = outer * inner;
    let P = 1;
    while (P < n) P *= 2;
    const dt = x.dtype.name;
    const xb = x.dtype.size;
    const total = rows * P;
    const chunkGroups = Math.ceil(Math.ceil(total / CHUNK) / WG);
    const desc = (...w: number[]) => Uint32Array.from([rows, n, P, inner, ...w]);
    // stages up to min(P, CHUNK) entirely in private memory, straight from x
    const dispatches: GpuDispatch[] = [
      {
        key: `sort.init.${dt}`,
        source: () => initSource(dt, xb),
        inputs: [x],
        desc: desc(2, Math.min(P, CHUNK), 1),
        n: total,
        outBytes: 4,
        workgroups: chunkGroups,
        out: 0,
      },
    ];
    // larger stages: global steps while j >= CHUNK, then one chunk pass for j < CHUNK (P is
    // then a multiple of CHUNK, so every chunk is full)
    for (let k = 2 * CHUNK; k <= P; k *= 2) {
      for (let j = k / 2; j >= CHUNK; j /= 2) {
        dispatches.push({
          key: "sort.step",
          source: STEP_SOURCE,
          inputs: [],
          desc: desc(k, j),
          n: total / 2,
          outBytes: 4,
          workgroups: Math.ceil(total / 2 / WG),
          out: 0,
        });
      }
      dispatches.push({ key: "sort.merge", source: MERGE_SOURCE, inputs: [], desc: desc(k, k, CHUNK / 2), n: total, outBytes: 4, workgroups: chunkGroups, out: 0 });
    }
    // output: element e = (o, i, kk) -> row r = o*inner + kk, sorted position i
    // argsort binds only the temporary (ld0); sort binds x (ld0) and the temporary (ld1): a
    // binding the shader does not read would be dropped from its layout
    const k = arg ? 1 : 2;
    const Pp = paramBase(0, k);
    const pos = `let o = e / (D[${Pp}u] * D[${Pp + 1}u]); let rest = e % (D[${Pp}u] * D[${Pp + 1}u]);
  let i = rest / D[${Pp + 1}u]; let kk = rest % D[${Pp + 1}u];
  let idx = ld${k - 1}(2u * ((o * D[${Pp + 1}u] + kk) * D[${Pp + 2}u] + i) + 1u);`;
    const body = arg
      ? `fn elem(e: u32) -> u32 { ${pos} return idx; }`
      : `fn elem(e: u32) -> u32 { ${pos} return ld0(o * D[${Pp}u] * D[${Pp + 1}u] + idx * D[${Pp + 1}u] + kk); }`;
    const ob = node.dtype.size;
    const ins: (Node | number)[] = arg ? [0] : [x, 0];
    const inBytes = arg ? [4] : [xb, 4];
    dispatches.push({
      key: `sort.out.${arg ? "arg" : "values"}|${inBytes.join(",")}>${ob}`,
      source: () => elementwiseSource(null, inBytes, body),
      inputs: ins,
      desc: descriptor(node.size, ob, [], ins.map(() => ({ offset: 0, strides: [] })), [n, inner, P]),
      n: node.size,
      outBytes: ob,
    });
    return { dispatches, temps: [rows * P * 8] };
  };
}

export const sortGpuKernels: { readonly [P in SortPrim]: GpuKernel } = {
  sort: makeKernel(false),
  argsort: makeKernel(true),
};
