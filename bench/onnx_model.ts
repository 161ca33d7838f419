/**
 * A minimal ONNX model writer for the bench's onnxruntime-web peer: one graph of one node
 * (MatMul, Conv or Softmax) with float32 inputs, encoded as protobuf by hand (ModelProto with
 * ir_version 8, opset 13), so the bench needs no model files and no protobuf dependency.
 */

type Field = [number, number | bigint | string | Uint8Array | number[]];

function varint(v: number | bigint, out: number[]): void {
  let x = BigInt(v);
  if (x < 0n) x += 1n << 64n;
  do {
    let b = Number(x & 0x7fn);
    x >>= 7n;
    if (x > 0n) b |= 0x80;
    out.push(b);
  } while (x > 0n);
}

/** Encodes a message: numbers as varints, strings/bytes as length-delimited, number[] as packed varints. */
function msg(fields: Field[]): Uint8Array {
  const out: number[] = [];
  for (const [no, v] of fields) {
    if (typeof v === "number" || typeof v === "bigint") {
      varint(no << 3, out);
      varint(v, out);
      continue;
    }
    const bytes = typeof v === "string" ? new TextEncoder().encode(v) : Array.isArray(v) ? packed(v) : v;
    varint((no << 3) | 2, out);
    varint(bytes.length, out);
    for (const b of bytes) out.push(b);
  }
  return Uint8Array.from(out);
}

function packed(vs: number[]): Uint8Array {
  const out: number[] = [];
  for (const v of vs) varint(v, out);
  return Uint8Array.from(out);
}

function valueInfo(name: string, shape: number[]): Uint8Array {
  const dims = shape.map((d): Field => [1, msg([[1, d]])]);
  const tensor = msg([[1, 1], [2, msg(dims)]]); // elem_type FLOAT, shape
  return msg([[1, name], [2, msg([[1, tensor]])]]);
}

export type Attr = { name: string; i?: number; ints?: number[] };

function attribute(a: Attr): Uint8Array {
  if (a.ints) return msg([[1, a.name], [8, a.ints], [20, 7]]);
  return msg([[1, a.name], [3, a.i!], [20, 2]]);
}

/** An ONNX model computing `out = opType(inputs...)`. */
export function onnxModel(opType: string, inputs: { name: string; shape: number[] }[], out: { name: string; shape: number[] }, attrs: Attr[] = []): Uint8Array {
  const node = msg([
    ...inputs.map((i): Field => [1, i.name]),
    [2, out.name],
    [3, "n0"],
    [4, opType],
    ...attrs.map((a): Field => [5, attribute(a)]),
  ]);
  const graph = msg([[1, node], [2, "g"], ...inputs.map((i): Field => [11, valueInfo(i.name, i.shape)]), [12, valueInfo(out.name, out.shape)]]);
  return msg([[1, 8], [8, msg([[1, ""], [2, 13]])], [7, graph]]);
}
