// Kernel family: binary — elementwise out[i] = f(a[i], b[i]) with NumPy broadcasting, and
// the ternary where(cond, x, y).
// Layout: inputs are contiguous row-major arrays read through element strides (0 along
// broadcast dimensions); the output is contiguous in the node's shape. Both operands have the
// same dtype (the op layer promotes). Pointers are byte offsets into the shared memory.
// Descriptor (int32 words at `desc`), dimensions already collapsed by the caller:
//   binary: [ndim, shape[ndim], stridesA[ndim], stridesB[ndim], counters[ndim]]
//   where:  [ndim, shape[ndim], stridesC[ndim], stridesX[ndim], stridesY[ndim], counters[ndim]]
// The counters are scratch the kernel zeroes itself.
// Tiling: the innermost dimension is one row; a row runs in SIMD (f32x4 / i32x4 / i8x16) when
// both operands are contiguous, or one is a broadcast scalar (stride 0) and the other
// contiguous; other rows (transposed or strided) are scalar. Comparisons on 4-byte types
// narrow four i32x4 masks into one i8x16 of 0/1.
// Integer semantics (NumPy): + - * wrap; floorDivide and remainder by zero give 0 (no trap);
// INT_MIN // -1 wraps to INT_MIN; remainder has the sign of the divisor; power with a negative
// int32 exponent gives trunc(a^b) (1 for a = 1, ±1 for a = -1, else 0).
// Limits: element offsets fit in i32; ndim <= 32.

const ADD = 0;
const SUB = 1;
const MUL = 2;
const DIV = 3;
const POW = 4;
const MAX = 5;
const MIN = 6;
const FDIV = 7;
const REM = 8;
const LAE = 9;
const EQ = 10;
const NE = 11;
const LT = 12;
const LE = 13;
const GT = 14;
const GE = 15;
const AND = 16;
const OR = 17;

// ---- scalar math ----
@inline function ipow<T>(a: T, b: T): T {
  if (isSigned<T>() && b < <T>0) {
    if (a == <T>1) return <T>1;
    if (a == <T>-1) return (b & <T>1) != <T>0 ? <T>-1 : <T>1;
    return <T>0;
  }
  let r: T = <T>1;
  let base = a;
  let e = b;
  while (e != <T>0) {
    if ((e & <T>1) != <T>0) r = <T>(r * base);
    base = <T>(base * base);
    e = <T>(e >>> <T>1);
  }
  return r;
}

@inline function sArith<T>(op: i32, a: T, b: T): T {
  if (isFloat<T>()) {
    switch (op) {
      case ADD: return a + b;
      case SUB: return a - b;
      case MUL: return a * b;
      case DIV: return a / b;
      case POW: return <T>Mathf.pow(<f32>a, <f32>b);
      case MAX: return <T>Mathf.max(<f32>a, <f32>b);
      case MIN: return <T>Mathf.min(<f32>a, <f32>b);
      case FDIV: return <T>Mathf.floor(<f32>(a / b));
      case REM: {
        let r = <f32>a % <f32>b;
        if (r != 0 && (r < 0) != (<f32>b < 0)) r += <f32>b;
        return <T>r;
      }
      case LAE: {
        const x = <f32>a;
        const y = <f32>b;
        if (x == y) return <T>(x + <f32>0.6931471805599453); // also ±inf + ±inf
        const m = Mathf.max(x, y);
        return <T>(m + Mathf.log1p(Mathf.exp(-Mathf.abs(x - y))));
      }
    }
  } else {
    switch (op) {
      case ADD: return <T>(a + b);
      case SUB: return <T>(a - b);
      case MUL: return <T>(a * b);
      case POW: return ipow<T>(a, b);
      case MAX: return a > b ? a : b;
      case MIN: return a < b ? a : b;
      case FDIV: {
        if (b == <T>0) return <T>0;
        if (isSigned<T>()) {
          if (b == <T>-1) return <T>(<T>0 - a);
          let q = <T>(a / b);
          if (<T>(a % b) != <T>0 && (a < <T>0) != (b < <T>0)) q = <T>(q - <T>1);
          return q;
        }
        return <T>(a / b);
      }
      case REM: {
        if (b == <T>0) return <T>0;
        if (isSigned<T>()) {
          if (b == <T>-1) return <T>0;
          let r = <T>(a % b);
          if (r != <T>0 && (r < <T>0) != (b < <T>0)) r = <T>(r + b);
          return r;
        }
        return <T>(a % b);
      }
      case AND: return (a != <T>0 && b != <T>0) ? <T>1 : <T>0;
      case OR: return (a != <T>0 || b != <T>0) ? <T>1 : <T>0;
    }
  }
  return a;
}

@inline function sCmp<T>(op: i32, a: T, b: T): bool {
  switch (op) {
    case EQ: return a == b;
    case NE: return a != b;
    case LT: return a < b;
    case LE: return a <= b;
    case GT: return a > b;
    case GE: return a >= b;
  }
  return false;
}

// ---- vector math (T decides the lane type) ----
@inline function hasVec<T>(op: i32): bool {
  if (isFloat<T>()) return op == ADD || op == SUB || op == MUL || op == DIV || op == MAX || op == MIN;
  if (sizeof<T>() == 4) return op == ADD || op == SUB || op == MUL || op == MAX || op == MIN;
  return op == ADD || op == SUB || op == MAX || op == MIN || op == AND || op == OR;
}

@inline function splatT<T>(a: T): v128 {
  if (isFloat<T>()) return f32x4.splat(<f32>a);
  if (sizeof<T>() == 4) return i32x4.splat(<i32>a);
  return i8x16.splat(<i8>a);
}

@inline function vArith<T>(op: i32, a: v128, b: v128): v128 {
  if (isFloat<T>()) {
    switch (op) {
      case ADD: return f32x4.add(a, b);
      case SUB: return f32x4.sub(a, b);
      case MUL: return f32x4.mul(a, b);
      case DIV: return f32x4.div(a, b);
      case MAX: return f32x4.max(a, b); // propagates NaN
      case MIN: return f32x4.min(a, b);
    }
  } else if (sizeof<T>() == 4) {
    switch (op) {
      case ADD: return i32x4.add(a, b);
      case SUB: return i32x4.sub(a, b);
      case MUL: return i32x4.mul(a, b);
      case MAX: return isSigned<T>() ? i32x4.max_s(a, b) : i32x4.max_u(a, b);
      case MIN: return isSigned<T>() ? i32x4.min_s(a, b) : i32x4.min_u(a, b);
    }
  } else {
    switch (op) {
      case ADD: return i8x16.add(a, b);
      case SUB: return i8x16.sub(a, b);
      case MAX: return i8x16.max_u(a, b);
      case MIN: return i8x16.min_u(a, b);
      case AND: return v128.and(a, b); // bool operands are 0/1
      case OR: return v128.or(a, b);
    }
  }
  return a;
}

// all-ones lanes where the comparison holds
@inline function vCmp<T>(op: i32, a: v128, b: v128): v128 {
  if (isFloat<T>()) {
    switch (op) {
      case EQ: return f32x4.eq(a, b);
      case NE: return f32x4.ne(a, b);
      case LT: return f32x4.lt(a, b);
      case LE: return f32x4.le(a, b);
      case GT: return f32x4.gt(a, b);
      case GE: return f32x4.ge(a, b);
    }
  } else if (sizeof<T>() == 4) {
    const s = isSigned<T>();
    switch (op) {
      case EQ: return i32x4.eq(a, b);
      case NE: return i32x4.ne(a, b);
      case LT: return s ? i32x4.lt_s(a, b) : i32x4.lt_u(a, b);
      case LE: return s ? i32x4.le_s(a, b) : i32x4.le_u(a, b);
      case GT: return s ? i32x4.gt_s(a, b) : i32x4.gt_u(a, b);
      case GE: return s ? i32x4.ge_s(a, b) : i32x4.ge_u(a, b);
    }
  } else {
    switch (op) {
      case EQ: return i8x16.eq(a, b);
      case NE: return i8x16.ne(a, b);
      case LT: return i8x16.lt_u(a, b);
      case LE: return i8x16.le_u(a, b);
      case GT: return i8x16.gt_u(a, b);
      case GE: return i8x16.ge_u(a, b);
    }
  }
  return a;
}

// ---- rows: n elements, operand strides sa/sb in elements, output contiguous ----
@inline function arithRow<T>(op: i32, pa: usize, pb: usize, po: usize, n: i32, sa: i32, sb: i32): void {
  const es = <usize>sizeof<T>();
  const lanes = <i32>(16 / sizeof<T>());
  let i = 0;
  if (sa == 1 && sb == 1) {
    if (hasVec<T>(op)) {
      for (; i + lanes <= n; i += lanes) {
        const o = <usize>i * es;
        v128.store(po + o, vArith<T>(op, v128.load(pa + o), v128.load(pb + o)));
      }
    }
    for (; i < n; i++) {
      const o = <usize>i * es;
      store<T>(po + o, sArith<T>(op, load<T>(pa + o), load<T>(pb + o)));
    }
  } else if (sa == 0 && sb == 1) {
    const a = load<T>(pa);
    if (hasVec<T>(op)) {
      const va = splatT<T>(a);
      for (; i + lanes <= n; i += lanes) {
        const o = <usize>i * es;
        v128.store(po + o, vArith<T>(op, va, v128.load(pb + o)));
      }
    }
    for (; i < n; i++) {
      const o = <usize>i * es;
      store<T>(po + o, sArith<T>(op, a, load<T>(pb + o)));
    }
  } else if (sa == 1 && sb == 0) {
    const b = load<T>(pb);
    if (hasVec<T>(op)) {
      const vb = splatT<T>(b);
      for (; i + lanes <= n; i += lanes) {
        const o = <usize>i * es;
        v128.store(po + o, vArith<T>(op, v128.load(pa + o), vb));
      }
    }
    for (; i < n; i++) {
      const o = <usize>i * es;
      store<T>(po + o, sArith<T>(op, load<T>(pa + o), b));
    }
  } else {
    let ia: isize = 0;
    let ib: isize = 0;
    for (; i < n; i++) {
      store<T>(po + <usize>i * es, sArith<T>(op, load<T>(pa + <usize>(ia * <isize>es)), load<T>(pb + <usize>(ib * <isize>es))));
      ia += sa;
      ib += sb;
    }
  }
}

// 16 results as one i8x16 of 0/1 from 16 elements starting at byte offsets of a and b
@inline function cmp16<T>(op: i32, pa: usize, pb: usize, va: v128, vb: v128, aScalar: bool, bScalar: bool): v128 {
  if (sizeof<T>() == 1) {
    const a = aScalar ? va : v128.load(pa);
    const b = bScalar ? vb : v128.load(pb);
    return v128.and(vCmp<T>(op, a, b), i8x16.splat(1));
  }
  const m0 = vCmp<T>(op, aScalar ? va : v128.load(pa), bScalar ? vb : v128.load(pb));
  const m1 = vCmp<T>(op, aScalar ? va : v128.load(pa + 16), bScalar ? vb : v128.load(pb + 16));
  const m2 = vCmp<T>(op, aScalar ? va : v128.load(pa + 32), bScalar ? vb : v128.load(pb + 32));
  const m3 = vCmp<T>(op, aScalar ? va : v128.load(pa + 48), bScalar ? vb : v128.load(pb + 48));
  const lo = i16x8.narrow_i32x4_s(m0, m1);
  const hi = i16x8.narrow_i32x4_s(m2, m3);
  return v128.and(i8x16.narrow_i16x8_s(lo, hi), i8x16.splat(1));
}

@inline function cmpRow<T>(op: i32, pa: usize, pb: usize, po: usize, n: i32, sa: i32, sb: i32): void {
  const es = <usize>sizeof<T>();
  let i = 0;
  if ((sa == 1 || sa == 0) && (sb == 1 || sb == 0)) {
    const va = splatT<T>(load<T>(pa));
    const vb = splatT<T>(load<T>(pb));
    const aS = sa == 0;
    const bS = sb == 0;
    const ea = <usize>sa * es;
    const eb = <usize>sb * es;
    for (; i + 16 <= n; i += 16) {
      v128.store(po + <usize>i, cmp16<T>(op, pa + <usize>i * ea, pb + <usize>i * eb, va, vb, aS, bS));
    }
  }
  let ia: isize = <isize>i * <isize>sa;
  let ib: isize = <isize>i * <isize>sb;
  for (; i < n; i++) {
    const r = sCmp<T>(op, load<T>(pa + <usize>(ia * <isize>es)), load<T>(pb + <usize>(ib * <isize>es)));
    store<u8>(po + <usize>i, r ? 1 : 0);
    ia += sa;
    ib += sb;
  }
}

// ---- driver: walks the outer dimensions with counters, one row at a time ----
@inline function drive<T>(cmp: bool, op: i32, a: usize, b: usize, out: usize, desc: usize): void {
  const nd = load<i32>(desc);
  const shp = desc + 4;
  const sta = shp + (<usize>nd << 2);
  const stb = sta + (<usize>nd << 2);
  const cnt = stb + (<usize>nd << 2);
  let total: i64 = 1;
  for (let d = 0; d < nd; d++) {
    total *= <i64>load<i32>(shp + (<usize>d << 2));
    store<i32>(cnt + (<usize>d << 2), 0);
  }
  if (total == 0) return;
  const last = <usize>(nd - 1) << 2;
  const inner = load<i32>(shp + last);
  const isa = load<i32>(sta + last);
  const isb = load<i32>(stb + last);
  const outer = <i32>(total / <i64>inner);
  const es = <isize>sizeof<T>();
  const oes = cmp ? <usize>1 : <usize>sizeof<T>();
  let ia: isize = 0;
  let ib: isize = 0;
  let po = out;
  for (let r = 0; r < outer; r++) {
    const pa = a + <usize>(ia * es);
    const pb = b + <usize>(ib * es);
    if (cmp) cmpRow<T>(op, pa, pb, po, inner, isa, isb);
    else arithRow<T>(op, pa, pb, po, inner, isa, isb);
    po += <usize>inner * oes;
    for (let d = nd - 2; d >= 0; d--) {
      const ca = cnt + (<usize>d << 2);
      const c = load<i32>(ca) + 1;
      const da = <isize>load<i32>(sta + (<usize>d << 2));
      const db = <isize>load<i32>(stb + (<usize>d << 2));
      if (c < load<i32>(shp + (<usize>d << 2))) {
        store<i32>(ca, c);
        ia += da;
        ib += db;
        break;
      }
      store<i32>(ca, 0);
      ia -= <isize>(c - 1) * da;
      ib -= <isize>(c - 1) * db;
    }
  }
}

// ---- arithmetic exports: <op>_<dtype>(a, b, out, desc) ----
export function add_f32(a: usize, b: usize, o: usize, d: usize): void { drive<f32>(false, ADD, a, b, o, d); }
export function add_i32(a: usize, b: usize, o: usize, d: usize): void { drive<i32>(false, ADD, a, b, o, d); }
export function add_u8(a: usize, b: usize, o: usize, d: usize): void { drive<u8>(false, ADD, a, b, o, d); }
export function subtract_f32(a: usize, b: usize, o: usize, d: usize): void { drive<f32>(false, SUB, a, b, o, d); }
export function subtract_i32(a: usize, b: usize, o: usize, d: usize): void { drive<i32>(false, SUB, a, b, o, d); }
export function subtract_u8(a: usize, b: usize, o: usize, d: usize): void { drive<u8>(false, SUB, a, b, o, d); }
export function multiply_f32(a: usize, b: usize, o: usize, d: usize): void { drive<f32>(false, MUL, a, b, o, d); }
export function multiply_i32(a: usize, b: usize, o: usize, d: usize): void { drive<i32>(false, MUL, a, b, o, d); }
export function multiply_u8(a: usize, b: usize, o: usize, d: usize): void { drive<u8>(false, MUL, a, b, o, d); }
export function divide_f32(a: usize, b: usize, o: usize, d: usize): void { drive<f32>(false, DIV, a, b, o, d); }
export function power_f32(a: usize, b: usize, o: usize, d: usize): void { drive<f32>(false, POW, a, b, o, d); }
export function power_i32(a: usize, b: usize, o: usize, d: usize): void { drive<i32>(false, POW, a, b, o, d); }
export function power_u32(a: usize, b: usize, o: usize, d: usize): void { drive<u32>(false, POW, a, b, o, d); }
export function power_u8(a: usize, b: usize, o: usize, d: usize): void { drive<u8>(false, POW, a, b, o, d); }
export function maximum_f32(a: usize, b: usize, o: usize, d: usize): void { drive<f32>(false, MAX, a, b, o, d); }
export function maximum_i32(a: usize, b: usize, o: usize, d: usize): void { drive<i32>(false, MAX, a, b, o, d); }
export function maximum_u32(a: usize, b: usize, o: usize, d: usize): void { drive<u32>(false, MAX, a, b, o, d); }
export function maximum_u8(a: usize, b: usize, o: usize, d: usize): void { drive<u8>(false, MAX, a, b, o, d); }
export function minimum_f32(a: usize, b: usize, o: usize, d: usize): void { drive<f32>(false, MIN, a, b, o, d); }
export function minimum_i32(a: usize, b: usize, o: usize, d: usize): void { drive<i32>(false, MIN, a, b, o, d); }
export function minimum_u32(a: usize, b: usize, o: usize, d: usize): void { drive<u32>(false, MIN, a, b, o, d); }
export function minimum_u8(a: usize, b: usize, o: usize, d: usize): void { drive<u8>(false, MIN, a, b, o, d); }
export function floorDivide_f32(a: usize, b: usize, o: usize, d: usize): void { drive<f32>(false, FDIV, a, b, o, d); }
export function floorDivide_i32(a: usize, b: usize, o: usize, d: usize): void { drive<i32>(false, FDIV, a, b, o, d); }
export function floorDivide_u32(a: usize, b: usize, o: usize, d: usize): void { drive<u32>(false, FDIV, a, b, o, d); }
export function floorDivide_u8(a: usize, b: usize, o: usize, d: usize): void { drive<u8>(false, FDIV, a, b, o, d); }
export function remainder_f32(a: usize, b: usize, o: usize, d: usize): void { drive<f32>(false, REM, a, b, o, d); }
export function remainder_i32(a: usize, b: usize, o: usize, d: usize): void { drive<i32>(false, REM, a, b, o, d); }
export function remainder_u32(a: usize, b: usize, o: usize, d: usize): void { drive<u32>(false, REM, a, b, o, d); }
export function remainder_u8(a: usize, b: usize, o: usize, d: usize): void { drive<u8>(false, REM, a, b, o, d); }
export function logaddexp_f32(a: usize, b: usize, o: usize, d: usize): void { drive<f32>(false, LAE, a, b, o, d); }
export function logicalAnd_u8(a: usize, b: usize, o: usize, d: usize): void { drive<u8>(false, AND, a, b, o, d); }
export function logicalOr_u8(a: usize, b: usize, o: usize, d: usize): void { drive<u8>(false, OR, a, b, o, d); }

// ---- comparison exports -> bool (u8 0/1) ----
export function equal_f32(a: usize, b: usize, o: usize, d: usize): void { drive<f32>(true, EQ, a, b, o, d); }
export function equal_i32(a: usize, b: usize, o: usize, d: usize): void { drive<i32>(true, EQ, a, b, o, d); }
export function equal_u8(a: usize, b: usize, o: usize, d: usize): void { drive<u8>(true, EQ, a, b, o, d); }
export function notEqual_f32(a: usize, b: usize, o: usize, d: usize): void { drive<f32>(true, NE, a, b, o, d); }
export function notEqual_i32(a: usize, b: usize, o: usize, d: usize): void { drive<i32>(true, NE, a, b, o, d); }
export function notEqual_u8(a: usize, b: usize, o: usize, d: usize): void { drive<u8>(true, NE, a, b, o, d); }
export function less_f32(a: usize, b: usize, o: usize, d: usize): void { drive<f32>(true, LT, a, b, o, d); }
export function less_i32(a: usize, b: usize, o: usize, d: usize): void { drive<i32>(true, LT, a, b, o, d); }
export function less_u32(a: usize, b: usize, o: usize, d: usize): void { drive<u32>(true, LT, a, b, o, d); }
export function less_u8(a: usize, b: usize, o: usize, d: usize): void { drive<u8>(true, LT, a, b, o, d); }
export function lessEqual_f32(a: usize, b: usize, o: usize, d: usize): void { drive<f32>(true, LE, a, b, o, d); }
export function lessEqual_i32(a: usize, b: usize, o: usize, d: usize): void { drive<i32>(true, LE, a, b, o, d); }
export function lessEqual_u32(a: usize, b: usize, o: usize, d: usize): void { drive<u32>(true, LE, a, b, o, d); }
export function lessEqual_u8(a: usize, b: usize, o: usize, d: usize): void { drive<u8>(true, LE, a, b, o, d); }
export function greater_f32(a: usize, b: usize, o: usize, d: usize): void { drive<f32>(true, GT, a, b, o, d); }
export function greater_i32(a: usize, b: usize, o: usize, d: usize): void { drive<i32>(true, GT, a, b, o, d); }
export function greater_u32(a: usize, b: usize, o: usize, d: usize): void { drive<u32>(true, GT, a, b, o, d); }
export function greater_u8(a: usize, b: usize, o: usize, d: usize): void { drive<u8>(true, GT, a, b, o, d); }
export function greaterEqual_f32(a: usize, b: usize, o: usize, d: usize): void { drive<f32>(true, GE, a, b, o, d); }
export function greaterEqual_i32(a: usize, b: usize, o: usize, d: usize): void { drive<i32>(true, GE, a, b, o, d); }
export function greaterEqual_u32(a: usize, b: usize, o: usize, d: usize): void { drive<u32>(true, GE, a, b, o, d); }
export function greaterEqual_u8(a: usize, b: usize, o: usize, d: usize): void { drive<u8>(true, GE, a, b, o, d); }

// ---- where(cond, x, y): cond is bool (u8), x and y share an element size of 4 or 1 bytes ----
@inline function whereDrive<T>(c: usize, x: usize, y: usize, out: usize, desc: usize): void {
  const nd = load<i32>(desc);
  const shp = desc + 4;
  const stc = shp + (<usize>nd << 2);
  const stx = stc + (<usize>nd << 2);
  const sty = stx + (<usize>nd << 2);
  const cnt = sty + (<usize>nd << 2);
  let total: i64 = 1;
  for (let d = 0; d < nd; d++) {
    total *= <i64>load<i32>(shp + (<usize>d << 2));
    store<i32>(cnt + (<usize>d << 2), 0);
  }
  if (total == 0) return;
  const last = <usize>(nd - 1) << 2;
  const inner = load<i32>(shp + last);
  const isc = <isize>load<i32>(stc + last);
  const isx = <isize>load<i32>(stx + last);
  const isy = <isize>load<i32>(sty + last);
  const outer = <i32>(total / <i64>inner);
  const es = <isize>sizeof<T>();
  let ic: isize = 0;
  let ix: isize = 0;
  let iy: isize = 0;
  let po = out;
  for (let r = 0; r < outer; r++) {
    let jc = ic;
    let jx = ix * es;
    let jy = iy * es;
    for (let i = 0; i < inner; i++) {
      const v = load<u8>(c + <usize>jc) != 0 ? load<T>(x + <usize>jx) : load<T>(y + <usize>jy);
      store<T>(po + <usize>i * <usize>es, v);
      jc += isc;
      jx += isx * es;
      jy += isy * es;
    }
    po += <usize>inner * <usize>es;
    for (let d = nd - 2; d >= 0; d--) {
      const ca = cnt + (<usize>d << 2);
      const k = load<i32>(ca) + 1;
      const dc = <isize>load<i32>(stc + (<usize>d << 2));
      const dx = <isize>load<i32>(stx + (<usize>d << 2));
      const dy = <isize>load<i32>(sty + (<usize>d << 2));
      if (k < load<i32>(shp + (<usize>d << 2))) {
        store<i32>(ca, k);
        ic += dc;
        ix += dx;
        iy += dy;
        break;
      }
      store<i32>(ca, 0);
      ic -= <isize>(k - 1) * dc;
      ix -= <isize>(k - 1) * dx;
      iy -= <isize>(k - 1) * dy;
    }
  }
}

/** where for 4-byte elements. */
export function where_32(c: usize, x: usize, y: usize, o: usize, d: usize): void { whereDrive<u32>(c, x, y, o, d); }
/** where for 1-byte elements. */
export function where_8(c: usize, x: usize, y: usize, o: usize, d: usize): void { whereDrive<u8>(c, x, y, o, d); }
