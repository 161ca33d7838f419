/**
 * GPU kernels of the sort family (shaders/sort.wgsl): sort and stable argsort along one axis
 * by a bitonic network over (key, index) pairs in a temporary, then an elementwise output
 * pass: argsort writes the indices (uint32), sort gathers the input's raw bits through them
 * (NaN payloads and -0 kept, as on the CPU). Dispatches: 1 init + log2(P)(log2(P)+1)/2
 * network steps + 1 output pass, P = nextPow2(n).
 */
import type { SortPrim } from "../../primitives/names.ts";
import type { SortParams } from "../../primitives/sort.ts";
import type { Node } from "../../core/node.ts";
import { SHADERS } from "./shaders.generated.ts";
import { descriptor, elementwiseSource, paramBase, type GpuDispatch, type GpuKernel, type GpuPlan } from "./kernel.ts";

const WG = 256;
const KEY: Record<string, string> = { float32: "key_f32", int32: "key_i32", uint32: "key_u32", uint8: "key_u32", bool: "key_u32" };

function initSource(dtype: string, bytes: number): string {
  const load =
    bytes === 4 ? "X[e]" : "((X[e >> 2u] >> ((e & 3u) * 8u)) & 0xffu)";
  return `${SHADERS["sort"]!}
@group(0) @binding(2) var<storage, read> X: array<u32>;
@compute @workgroup_size(${WG})
fn main(@builtin(local_invocation_id) lid: vec3u, @builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nw: vec3u) {
  let t = sort_gid(lid, wid, nw);
  let rows = D[0]; let n = D[1]; let P = D[2]; let inner = D[3];
  if (t >= rows * P) { return; }
  let r = t / P;
  let i = t % P;
  var key = 0xffffffffu;
  if (i < n) {
    let e = (r / inner) * n * inner + i * inner + (r % inner);
    key = ${KEY[dtype]!}(${load});
  }
  T[2u * t] = key;
  T[2u * t + 1u] = i;
}`;
}

const STEP_SOURCE = () => `${SHADERS["sort"]!}
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
    const base = (k: number, j: number) => Uint32Array.from([rows, n, P, inner, k, j]);
    const dispatches: GpuDispatch[] = [
      {
        key: `sort.init.${dt}`,
        source: () => initSource(dt, xb),
        inputs: [x],
        desc: base(0, 0),
        n: rows * P,
        outBytes: 4,
        workgroups: Math.ceil((rows * P) / WG),
        out: 0,
      },
    ];
    for (let k = 2; k <= P; k *= 2) {
      for (let j = k / 2; j >= 1; j /= 2) {
        dispatches.push({
          key: "sort.step",
          source: STEP_SOURCE,
          inputs: [],
          desc: base(k, j),
          n: (rows * P) / 2,
          outBytes: 4,
          workgroups: Math.ceil((rows * P) / 2 / WG),
          out: 0,
        });
      }
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
