/** MLX-style printing: `array([[1, 2],\n       [3, 4]], dtype=float32)`. */
import type { DType } from "./dtype.ts";

const SUMMARY_THRESHOLD = 1000;
const EDGE_ITEMS = 3;

/** Formats one float like C's %g with 6 significant digits (MLX's style). */
export function formatFloat(x: number): string {
  if (Number.isNaN(x)) return "nan";
  if (x === Infinity) return "inf";
  if (x === -Infinity) return "-inf";
  if (x === 0) return Object.is(x, -0) ? "-0" : "0";
  // %g: the exponent is taken after rounding to 6 significant digits (999999.5 -> 1e+06);
  // scientific notation when it is < -4 or >= 6, trailing zeros removed.
  let [m, e] = x.toExponential(5).split("e") as [string, string];
  const exp = Number(e);
  if (exp < -4 || exp >= 6) {
    m = m.replace(/\.?0+$/, "");
    const digits = String(Math.abs(exp)).padStart(2, "0");
    return `${m}e${exp < 0 ? "-" : "+"}${digits}`;
  }
  let s = x.toFixed(Math.max(0, 5 - exp));
  if (s.includes(".")) s = s.replace(/\.?0+$/, "");
  return s;
}

function formatElem(v: number, dtype: DType): string {
  if (dtype.name === "bool") return v ? "true" : "false";
  if (dtype.isFloat) return formatFloat(v);
  return String(v);
}

/** The printed form of an array's values. */
export function formatArray(data: ArrayLike<number>, shape: readonly number[], dtype: DType): string {
  const size = data.length;
  const summarize = size > SUMMARY_THRESHOLD;
  const prefix = "array(";
  const body = (dim: number, offset: number, stride: number[], indent: string): string => {
    if (shape.length === 0) return formatElem(data[0]!, dtype);
    const n = shape[dim]!;
    const idx: (number | null)[] = [];
    if (summarize && n > 2 * EDGE_ITEMS) {
      for (let i = 0; i < EDGE_ITEMS; i++) idx.push(i);
      idx.push(null);
      for (let i = n - EDGE_ITEMS; i < n; i++) idx.push(i);
    } else for (let i = 0; i < n; i++) idx.push(i);
    if (dim === shape.length - 1) {
      const parts = idx.map((i) => (i === null ? "..." : formatElem(data[offset + i]!, dtype)));
      return `[${parts.join(", ")}]`;
    }
    const inner = indent + " ";
    const sep = "," + "\n".repeat(shape.length - dim - 1) + inner;
    const parts = idx.map((i) => (i === null ? "..." : body(dim + 1, offset + i * stride[dim]!, stride, inner)));
    return `[${parts.join(sep)}]`;
  };
  const strides: number[] = [];
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = acc;
    acc *= shape[i]!;
  }
  return `${prefix}${body(0, 0, strides, " ".repeat(prefix.length))}, dtype=${dtype.name})`;
}
