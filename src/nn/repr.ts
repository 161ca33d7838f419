/** Python-style formatting of layer settings, so that models print exactly like MLX's. */

/** A number as Python's repr writes a float: 1.0, 0.1, 1e-05. */
export function pyFloat(x: number): string {
  if (Number.isNaN(x)) return "nan";
  if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf";
  const a = Math.abs(x);
  if (a !== 0 && (a < 1e-4 || a >= 1e16)) {
    const [m, e] = x.toExponential().split("e") as [string, string];
    const sign = e.startsWith("-") ? "-" : "+";
    const digits = e.replace(/^[+-]/, "").padStart(2, "0");
    return `${m}e${sign}${digits}`;
  }
  return Number.isInteger(x) ? `${x}.0` : String(x);
}

/** A boolean as Python writes it. */
export function pyBool(b: boolean): string {
  return b ? "True" : "False";
}

/** A list of integers as a Python tuple: (2, 2), (3,). */
export function pyTuple(xs: readonly number[]): string {
  return xs.length === 1 ? `(${xs[0]},)` : `(${xs.join(", ")})`;
}
