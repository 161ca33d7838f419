/**
 * Every primitive kiln has, grouped by kernel family. Each family has the same file name in
 * asm/, shaders/, src/backend/cpu/ and src/backend/gpu/. A backend's kernel table is typed
 * `{ [P in PrimitiveName]: Kernel }`, so a primitive without a kernel is a compile error.
 */

export const UNARY = [
  "abs", "negative", "sign", "sqrt", "rsqrt", "square", "reciprocal",
  "exp", "expm1", "log", "log1p", "log2", "sin", "cos", "tan", "tanh",
  "sigmoid", "erf", "erfinv", "floor", "ceil", "round", "logicalNot", "isnan", "isinf",
] as const;

export const BINARY = [
  "add", "subtract", "multiply", "divide", "power", "maximum", "minimum",
  "floorDivide", "remainder", "logaddexp",
  "equal", "notEqual", "less", "lessEqual", "greater", "greaterEqual",
  "logicalAnd", "logicalOr", "where",
] as const;

/** Data movement: dtype casts, strided copies (transpose, broadcast, slice), views, fills. */
export const COPY = ["astype", "asStrided", "reshape", "full", "arange", "concatenate"] as const;

export const REDUCE = ["sum", "prod", "max", "min", "argmax", "argmin", "all", "any"] as const;

export const INDEXING = ["gather", "takeAlongAxis", "putAlongAxis", "scatter", "sliceUpdate"] as const;

export const MATMUL = ["matmul"] as const;
export const CONV = ["conv"] as const;
export const SOFTMAX = ["softmax"] as const;
export const RANDOM = ["randomBits"] as const;
export const SORT = ["sort", "argsort"] as const;

export type UnaryPrim = (typeof UNARY)[number];
export type BinaryPrim = (typeof BINARY)[number];
export type CopyPrim = (typeof COPY)[number];
export type ReducePrim = (typeof REDUCE)[number];
export type IndexingPrim = (typeof INDEXING)[number];
export type MatmulPrim = (typeof MATMUL)[number];
export type ConvPrim = (typeof CONV)[number];
export type SoftmaxPrim = (typeof SOFTMAX)[number];
export type RandomPrim = (typeof RANDOM)[number];
export type SortPrim = (typeof SORT)[number];

export type PrimitiveName =
  | UnaryPrim
  | BinaryPrim
  | CopyPrim
  | ReducePrim
  | IndexingPrim
  | MatmulPrim
  | ConvPrim
  | SoftmaxPrim
  | RandomPrim
  | SortPrim;

/** Builds a table with one entry per primitive of a family (exhaustive by construction). */
export function perPrimitive<P extends PrimitiveName, K>(names: readonly P[], make: (p: P) => K): { readonly [Q in P]: K } {
  return Object.fromEntries(names.map((p) => [p, make(p)])) as { [Q in P]: K };
}
