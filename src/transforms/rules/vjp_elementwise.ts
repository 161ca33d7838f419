/**
 * vjp rules of the unary and binary (elementwise, broadcasting) primitives. Binary cotangents
 * are summed back to each operand's shape over its broadcast dimensions. Derivatives are
 * written with differentiable ops, so rules compose (grad of grad).
 */
import type { MxArray } from "../../core/array.ts";
import type { BinaryPrim, UnaryPrim } from "../../primitives/names.ts";
import { add, divide, greater, less, multiply, notEqual, power, subtract, where } from "../../ops/binary.ts";
import { astype } from "../../ops/shape.ts";
import { cos, exp, floor, log, negative, sigmoid, sign, sin, square } from "../../ops/unary.ts";
import { noGrad, sumToShape, type VjpArgs, type VjpRule } from "./common.ts";

/** Unary rule from d(out)/d(in) as a function of the input x and output y. */
function unary(deriv: (x: MxArray, y: MxArray, a: VjpArgs) => MxArray): VjpRule {
  return (a) => [multiply(a.g, deriv(a.x[0]!, a.y, a), a.s)];
}

const SQRT_PI = Math.sqrt(Math.PI);

export const unaryVjp: { [P in UnaryPrim]: VjpRule } = {
  abs: unary((x, _y, a) => sign(x, a.s)),
  negative: (a) => [negative(a.g, a.s)],
  sign: noGrad,
  sqrt: (a) => [divide(a.g, multiply(a.y, 2, a.s), a.s)],
  rsqrt: unary((x, y, a) => multiply(divide(y, x, a.s), -0.5, a.s)),
  square: unary((x, _y, a) => multiply(x, 2, a.s)),
  reciprocal: unary((_x, y, a) => negative(square(y, a.s), a.s)),
  exp: unary((_x, y) => y),
  expm1: unary((_x, y, a) => add(y, 1, a.s)),
  log: (a) => [divide(a.g, a.x[0]!, a.s)],
  log1p: (a) => [divide(a.g, add(a.x[0]!, 1, a.s), a.s)],
  log2: (a) => [divide(a.g, multiply(a.x[0]!, Math.LN2, a.s), a.s)],
  sin: unary((x, _y, a) => cos(x, a.s)),
  cos: unary((x, _y, a) => negative(sin(x, a.s), a.s)),
  tan: unary((_x, y, a) => add(square(y, a.s), 1, a.s)),
  tanh: unary((_x, y, a) => subtract(1, square(y, a.s), a.s)),
  sigmoid: unary((_x, y, a) => multiply(y, subtract(1, y, a.s), a.s)),
  erf: unary((x, _y, a) => multiply(exp(negative(square(x, a.s), a.s), a.s), 2 / SQRT_PI, a.s)),
  erfinv: unary((_x, y, a) => multiply(exp(square(y, a.s), a.s), SQRT_PI / 2, a.s)),
  floor: noGrad,
  ceil: noGrad,
  round: noGrad,
  logicalNot: noGrad,
  isnan: noGrad,
  isinf: noGrad,
};

/** Binary rule from the two unreduced cotangents (each then summed to its operand's shape). */
function binary(f: (a: VjpArgs) => [MxArray | null, MxArray | null]): VjpRule {
  return (a) => {
    const [ga, gb] = f(a);
    return [
      ga && a.needs[0] ? sumToShape(ga, a.x[0]!.shape, a.s) : null,
      gb && a.needs[1] ? sumToShape(gb, a.x[1]!.shape, a.s) : null,
    ];
  };
}

/** d(x^z)/dx = z x^(z-1). */
export function powerDx(x: MxArray, z: MxArray, s: VjpArgs["s"]): MxArray {
  return multiply(power(x, subtract(z, 1, s), s), z, s);
}

/** d(x^z)/dz = log(x) x^z, with 0 where x^z = 0 (so 0^z has no NaN gradient). */
export function powerDz(x: MxArray, y: MxArray, s: VjpArgs["s"]): MxArray {
  return where(notEqual(y, 0, s), multiply(log(x, s), y, s), 0, s);
}

/** Mask as the cotangent's dtype. */
function mask(m: MxArray, a: VjpArgs): MxArray {
  return astype(m, a.g.dtype, a.s);
}

export const binaryVjp: { [P in BinaryPrim]: VjpRule } = {
  add: binary((a) => [a.g, a.g]),
  subtract: binary((a) => [a.g, a.needs[1] ? negative(a.g, a.s) : null]),
  multiply: binary((a) => [
    a.needs[0] ? multiply(a.g, a.x[1]!, a.s) : null,
    a.needs[1] ? multiply(a.g, a.x[0]!, a.s) : null,
  ]),
  divide: binary((a) => {
    const [x, z] = a.x as [MxArray, MxArray];
    const gx = divide(a.g, z, a.s);
    return [gx, a.needs[1] ? negative(multiply(gx, a.y, a.s), a.s) : null];
  }),
  // d(x^z)/dx = z x^(z-1); d/dz = log(x) x^z, 0 where x^z = 0 (MLX)
  power: binary((a) => [
    a.needs[0] ? multiply(a.g, powerDx(a.x[0]!, a.x[1]!, a.s), a.s) : null,
    a.needs[1] ? multiply(a.g, powerDz(a.x[0]!, a.y, a.s), a.s) : null,
  ]),
  // MLX: maximum gives a the gradient where a > b, b where a <= b; minimum: a where a < b, b where a >= b
  maximum: binary((a) => {
    const m = mask(greater(a.x[0]!, a.x[1]!, a.s), a);
    return [multiply(a.g, m, a.s), multiply(a.g, subtract(1, m, a.s), a.s)];
  }),
  minimum: binary((a) => {
    const m = mask(less(a.x[0]!, a.x[1]!, a.s), a);
    return [multiply(a.g, m, a.s), multiply(a.g, subtract(1, m, a.s), a.s)];
  }),
  floorDivide: noGrad,
  // remainder(x, z) = x - floor(x / z) z
  remainder: binary((a) => [
    a.g,
    a.needs[1] ? negative(multiply(a.g, floor(divide(a.x[0]!, a.x[1]!, a.s), a.s), a.s), a.s) : null,
  ]),
  logaddexp: binary((a) => {
    const [x, z] = a.x as [MxArray, MxArray];
    return [
      a.needs[0] ? multiply(a.g, sigmoid(subtract(x, z, a.s), a.s), a.s) : null,
      a.needs[1] ? multiply(a.g, sigmoid(subtract(z, x, a.s), a.s), a.s) : null,
    ];
  }),
  equal: noGrad,
  notEqual: noGrad,
  less: noGrad,
  lessEqual: noGrad,
  greater: noGrad,
  greaterEqual: noGrad,
  logicalAnd: noGrad,
  logicalOr: noGrad,
  where: (a) => {
    const [c, x, z] = a.x as [MxArray, MxArray, MxArray];
    const zero = 0;
    return [
      null,
      a.needs[1] ? sumToShape(where(c, a.g, zero, a.s), x.shape, a.s) : null,
      a.needs[2] ? sumToShape(where(c, zero, a.g, a.s), z.shape, a.s) : null,
    ];
  },
};
