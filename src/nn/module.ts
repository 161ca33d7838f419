/**
 * `Module`, the base class of every layer and model (MLX's mlx.nn.Module).
 *
 * A module's parameters are its own enumerable properties that hold arrays, modules, or plain
 * lists/objects of them (keys starting with "_" are private and skipped), so
 * `this.weight = mx.zeros([2, 3])` registers a parameter and `this.layers = [a, b]` registers
 * two children named "layers.0" and "layers.1". Modules are callable like MLX's: `model(x)`
 * runs `model.forward(x)`. Frozen parameter names live in `_noGrad`; `_training` is the mode.
 */
import * as mx from "../index.ts";
import type { MxArray } from "../index.ts";
import * as io from "../io/index.ts";

/** A tree of parameters: arrays in nested plain objects and lists. */
export type ParamTree = { [k: string]: ParamNode };
export type ParamNode = MxArray | ParamTree | ParamNode[];

type Filter = (module: Module, key: string, value: unknown) => boolean;
type IsLeaf = (module: Module, key: string, value: unknown) => boolean;

const isArr = (x: unknown): x is MxArray => x instanceof mx.MxArray;

function isPlainObject(x: unknown): x is Record<string, unknown> {
  if (x === null || typeof x !== "object") return false;
  const p = Object.getPrototypeOf(x);
  return p === Object.prototype || p === null;
}

/** Throws a KilnError naming `op`. */
export function nnFail(op: string, message: string): never {
  throw new mx.KilnError(op, message);
}

// Module instances are functions (so that `model(x)` works); this merges the call signature in.
export interface Module {
  /** Same as `forward(...args)`. */
  (...args: any[]): any;
}

/** The base class of layers and models: a tree of parameters and child modules, callable. */
export class Module {
  /** @internal names of frozen parameters at this level ("weight", "ws.0") */
  declare _noGrad: Set<string>;
  /** @internal training mode */
  declare _training: boolean;

  constructor() {
    const f = ((...args: unknown[]) => (f as unknown as Module).forward(...args)) as unknown as Module;
    // a function's own name/length are read-only: remove them so modules may use those fields
    delete (f as unknown as { name?: string }).name;
    delete (f as unknown as { length?: number }).length;
    Object.setPrototypeOf(f, new.target.prototype);
    Object.defineProperty(f, "_noGrad", { value: new Set<string>(), writable: true, enumerable: false, configurable: true });
    Object.defineProperty(f, "_training", { value: true, writable: true, enumerable: false, configurable: true });
    return f;
  }

  /** The computation of the module; subclasses override it. */
  forward(..._args: any[]): any {
    nnFail(this.constructor.name, "This module does not define forward().");
  }

  /** True in training mode (the default), false after eval(). */
  get training(): boolean {
    return this._training;
  }

  /** The module's own state: every public attribute, including non-array settings. */
  get state(): Record<string, unknown> {
    const o: Record<string, unknown> = {};
    for (const k of Object.keys(this)) if (!k.startsWith("_")) o[k] = (this as unknown as Record<string, unknown>)[k];
    return o;
  }

  /** Extra text inside the parentheses when printing (e.g. "input_dims=3, output_dims=2, bias=True"). */
  protected extraRepr(): string {
    return "";
  }

  /** MLX's printout: `Name(extra` then one `  (path): child` line per child module, then `)`. */
  toString(): string {
    const children = mx.tree.flatten(this.children(), (x) => x instanceof Module) as [string, Module][];
    let s = `${this.constructor.name}(${this.extraRepr()}`;
    for (const [k, v] of children) {
      const text = `(${k}): ${v.toString()}`;
      s += "\n" + text.split("\n").map((line) => (line.length > 0 ? "  " + line : line)).join("\n");
    }
    if (children.length > 0) s += "\n";
    return s + ")";
  }

  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }

  /** True for Module instances. */
  static isModule(value: unknown): value is Module {
    return value instanceof Module;
  }

  /** Selects arrays, modules and lists/objects that hold some, under public keys. */
  static validParameterFilter: Filter = (_m, key, value) => holdsParams(value) && !key.startsWith("_");

  /** validParameterFilter, minus frozen names. */
  static trainableParameterFilter: Filter = (m, key, value) => Module.validParameterFilter(m, key, value) && !m._noGrad.has(key);

  /** Selects modules and containers (the candidates for children). */
  static validChildFilter: Filter = (_m, key, value) => holdsModules(value) && !key.startsWith("_");

  /**
   * Recursively selects the contents of the module with `filterFn` (given the owning module,
   * the key, the value) and maps the leaves with `mapFn`; modules become plain objects.
   */
  filterAndMap(filterFn: Filter, mapFn: (x: any) => unknown = (x) => x, isLeafFn?: IsLeaf): any {
    const isLeaf: IsLeaf = isLeafFn ?? ((_m, _k, v) => !(v instanceof Module) && !Array.isArray(v) && !isPlainObject(v));
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(this)) {
      const v = (this as unknown as Record<string, unknown>)[k];
      if (filterFn(this, k, v)) {
        const u = unwrap(this, k, v, filterFn, mapFn, isLeaf);
        if (u !== DROP) out[k] = u;
      }
    }
    return out;
  }

  /** Every array of the module (recursively) as a tree of plain objects and lists. */
  parameters(): ParamTree {
    return this.filterAndMap(Module.validParameterFilter);
  }

  /** The arrays that are not frozen, as a tree. */
  trainableParameters(): ParamTree {
    return this.filterAndMap(Module.trainableParameterFilter);
  }

  /** The direct child modules (in their lists/objects). */
  children(): Record<string, unknown> {
    return this.filterAndMap(Module.validChildFilter, (x) => x, (_m, _k, v) => v instanceof Module);
  }

  /** The descendant modules that contain no other module. */
  leafModules(): Record<string, unknown> {
    const isLeafModule: IsLeaf = (_m, _k, v) => v instanceof Module && mx.tree.flatten(v.children(), Module.isModule).length === 0;
    return this.filterAndMap(Module.validChildFilter, (x) => x, isLeafModule);
  }

  /**
   * Replaces parameters with the ones in `parameters` (a full or partial tree like parameters()).
   * With `strict` (default) every key must name an existing parameter and leaves must be arrays.
   */
  update(parameters: Record<string, unknown>, strict = true): this {
    const apply = (dst: any, params: unknown, path: string) => {
      if (isPlainObject(params)) {
        for (const k of Object.keys(params)) {
          const here = path ? `${path}.${k}` : k;
          const has = Object.prototype.hasOwnProperty.call(dst, k) && !(dst instanceof Module && k.startsWith("_"));
          if (!has) {
            if (strict) nnFail("Module.update", `Module does not have parameter named "${here}".`);
            continue;
          }
          setOrRecurse(dst, k, params[k], here);
        }
      } else if (Array.isArray(params)) {
        if (!Array.isArray(dst)) {
          if (strict) nnFail("Module.update", `Received a list for "${path}", which is not a list.`);
          return;
        }
        for (let i = 0; i < params.length; i++) {
          if (i >= dst.length) {
            if (strict) nnFail("Module.update", `Module does not have parameter named "${path}.${i}".`);
            continue;
          }
          setOrRecurse(dst, i, params[i], `${path}.${i}`);
        }
      } else if (strict) {
        nnFail("Module.update", `Received invalid type ${typeName(params)} for "${path}".`);
      }
    };
    const setOrRecurse = (dst: any, k: string | number, value: unknown, here: string) => {
      const cur = dst[k];
      // {} is the placeholder parameters()/trainableParameters() leave for a filtered-out entry
      if (isPlainObject(value) && Object.keys(value).length === 0) return;
      if (isArr(cur)) {
        if (strict && !isArr(value)) nnFail("Module.update", `Received invalid type ${typeName(value)} for parameter "${here}" (expected an array).`);
        dst[k] = value;
      } else if (cur instanceof Module || Array.isArray(cur) || isPlainObject(cur)) {
        apply(cur, value, here);
      } else if (cur === undefined && isArr(value)) {
        dst[k] = value; // an optional parameter (declared, not yet set)
      } else if (strict) {
        nnFail("Module.update", `"${here}" is not a parameter (it holds ${typeName(cur)}).`);
      }
    };
    apply(this, parameters, "");
    return this;
  }

  /** Maps every parameter selected by `filterFn` (default: all) with `mapFn` and stores the results. */
  apply(mapFn: (x: MxArray) => MxArray, filterFn: Filter = Module.validParameterFilter): this {
    this.update(this.filterAndMap(filterFn, mapFn));
    return this;
  }

  /** Replaces child modules with the ones in `modules` (a full or partial tree like children()). */
  updateModules(modules: Record<string, unknown>, strict = true): this {
    const apply = (dst: any, mods: unknown, path: string) => {
      const keys = isPlainObject(mods) ? Object.keys(mods) : Array.isArray(mods) ? mods.map((_, i) => i) : null;
      if (keys === null) {
        if (strict) nnFail("Module.updateModules", `Received invalid type ${typeName(mods)} for "${path}".`);
        return;
      }
      for (const k of keys) {
        const here = path ? `${path}.${k}` : String(k);
        const nv = (mods as any)[k];
        if (!(k in dst)) {
          if (strict) nnFail("Module.updateModules", `Module does not have sub-module named "${here}".`);
          continue;
        }
        const cur = dst[k];
        if (cur instanceof Module && nv instanceof Module) dst[k] = nv;
        else if (Array.isArray(cur) || isPlainObject(cur) || cur instanceof Module) apply(cur, nv, here);
        else if (strict) nnFail("Module.updateModules", `Received invalid type ${typeName(nv)} for "${here}".`);
      }
    };
    apply(this, modules, "");
    return this;
  }

  /** Calls `fn(path, module)` on this module and every descendant ("" is this module). */
  applyToModules(fn: (path: string, m: Module) => void): this {
    const stack: [string, Module][] = [["", this]];
    while (stack.length > 0) {
      const [prefix, m] = stack.pop()!;
      fn(prefix, m);
      for (const [k, c] of mx.tree.flatten(m.children(), Module.isModule) as [string, Module][]) {
        stack.push([prefix ? `${prefix}.${k}` : k, c]);
      }
    }
    return this;
  }

  /** This module and all its descendants. */
  modules(): Module[] {
    const out: Module[] = [];
    this.applyToModules((_k, m) => out.push(m));
    return out;
  }

  /** [path, module] for this module ("") and all its descendants. */
  namedModules(): [string, Module][] {
    const out: [string, Module][] = [];
    this.applyToModules((k, m) => out.push([k, m]));
    return out;
  }

  private validateKeys(op: string, keys: string | string[], strict: boolean): string[] {
    const list = typeof keys === "string" ? [keys] : keys;
    if (strict) for (const k of list) if (!Object.prototype.hasOwnProperty.call(this, k)) nnFail(op, `Module doesn't contain member ${k}.`);
    return list;
  }

  /**
   * Freezes parameters (no gradients for them): all of them, or only `keys` (e.g. "bias"), in
   * this module and (with `recurse`, the default) its descendants.
   */
  freeze(opts: { recurse?: boolean; keys?: string | string[]; strict?: boolean } = {}): this {
    const impl = (_p: string, m: Module) => {
      let keys = opts.keys;
      if (keys === undefined) {
        const own = m.filterAndMap((mm, k, v) => !(v instanceof Module) && Module.validParameterFilter(mm, k, v));
        keys = mx.tree.flatten(own).map(([k]) => k);
      }
      for (const k of m.validateKeys("Module.freeze", keys, opts.strict ?? false)) m._noGrad.add(k);
    };
    if (opts.recurse ?? true) this.applyToModules(impl);
    else impl("", this);
    return this;
  }

  /** Unfreezes parameters: all of them, or only `keys`, recursively by default. */
  unfreeze(opts: { recurse?: boolean; keys?: string | string[]; strict?: boolean } = {}): this {
    const impl = (_p: string, m: Module) => {
      if (opts.keys === undefined) m._noGrad.clear();
      else for (const k of m.validateKeys("Module.unfreeze", opts.keys, opts.strict ?? false)) m._noGrad.delete(k);
    };
    if (opts.recurse ?? true) this.applyToModules(impl);
    else impl("", this);
    return this;
  }

  /** Sets training mode (true, the default) or evaluation mode on this module and its descendants. */
  train(mode = true): this {
    this.applyToModules((_k, m) => {
      m._training = mode;
    });
    return this;
  }

  /** Evaluation mode: Dropout is the identity, BatchNorm uses its running statistics. */
  eval(): this {
    return this.train(false);
  }

  /** Casts the floating-point parameters (or those `predicate` selects) to `dtype`. */
  setDtype(dtype: mx.DType, predicate: (d: mx.DType) => boolean = (d) => d.isFloat): this {
    return this.apply((x) => (predicate(x.dtype) ? x.astype(dtype) : x));
  }

  /** The parameters as a flat record of dotted names ("layers.0.weight") to arrays. */
  weights(): Record<string, MxArray> {
    return Object.fromEntries(mx.tree.flatten(this.parameters()).filter(([, v]) => isArr(v))) as Record<string, MxArray>;
  }

  /**
   * Loads weights (MLX's load_weights): from a `.safetensors` or `.npz` file (async: returns a
   * promise of the module), or from [name, array] pairs or a flat record of names to arrays.
   * With `strict` (default) the names and shapes must match the model's parameters exactly.
   */
  loadWeights(file: string, strict?: boolean): Promise<this>;
  loadWeights(weights: readonly (readonly [string, MxArray])[] | Record<string, MxArray>, strict?: boolean): this;
  loadWeights(weights: string | readonly (readonly [string, MxArray])[] | Record<string, MxArray>, strict = true): this | Promise<this> {
    if (typeof weights === "string") {
      if (!weights.endsWith(".safetensors") && !weights.endsWith(".npz")) {
        nnFail("Module.loadWeights", `Unsupported file extension for ${weights}. Use '.npz' or '.safetensors'.`);
      }
      return io.load(weights).then((arrays) => this.loadWeights(arrays as Record<string, MxArray>, strict));
    }
    const pairs: [string, MxArray][] = Array.isArray(weights) ? weights.map(([k, v]) => [k, v]) : Object.entries(weights as Record<string, MxArray>);
    if (strict) {
      const given = new Map(pairs);
      const current = this.weights();
      const extras = [...given.keys()].filter((k) => !(k in current)).sort();
      if (extras.length > 0) nnFail("Module.loadWeights", `Received ${extras.length} parameters not in model: \n${extras.join(",\n")}.`);
      const missing = Object.keys(current).filter((k) => !given.has(k)).sort();
      if (missing.length > 0) nnFail("Module.loadWeights", `Missing ${missing.length} parameters: \n${missing.join(",\n")}.`);
      for (const [k, v] of Object.entries(current)) {
        const nv = given.get(k)!;
        if (!isArr(nv)) nnFail("Module.loadWeights", `Expected an array but received ${typeName(nv)} for parameter ${k}.`);
        if (nv.shape.join(",") !== v.shape.join(",")) {
          nnFail("Module.loadWeights", `Expected shape (${v.shape.join(", ")}) but received shape (${nv.shape.join(", ")}) for parameter ${k}.`);
        }
      }
    }
    if (pairs.length > 0) this.update(unflattenSparse(pairs), false);
    return this;
  }

  /** Saves the parameters to a `.safetensors` or `.npz` file, named by their dotted paths. */
  async saveWeights(file: string): Promise<void> {
    if (typeof file !== "string") nnFail("Module.saveWeights", `Expected a file path, got ${typeof file}.`);
    if (file.endsWith(".safetensors")) await io.saveSafetensors(file, this.weights());
    else if (file.endsWith(".npz")) await io.savez(file, this.weights());
    else nnFail("Module.saveWeights", `Unsupported file extension for ${file}. Use '.npz' or '.safetensors'.`);
  }
}

const DROP = Symbol("drop");

/**
 * True for arrays, modules, and lists/objects that contain one somewhere: a list of numbers
 * (a conv stride) is a setting, not a parameter container (Python keeps those in tuples).
 */
function holdsParams(v: unknown): boolean {
  if (isArr(v) || v instanceof Module) return true;
  if (Array.isArray(v)) return v.some(holdsParams);
  if (isPlainObject(v)) return Object.values(v).some(holdsParams);
  return false;
}

/** True for modules and lists/objects that contain one somewhere. */
function holdsModules(v: unknown): boolean {
  if (v instanceof Module) return true;
  if (Array.isArray(v)) return v.some(holdsModules);
  if (isPlainObject(v)) return Object.values(v).some(holdsModules);
  return false;
}

/** tree.unflatten that allows sparse list indices ("layers.1.bias" alone): holes become {}. */
function unflattenSparse(pairs: readonly (readonly [string, unknown])[]): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [path, v] of pairs) {
    const parts = path.split(".");
    let cur: any = root;
    parts.forEach((p, i) => {
      const last = i === parts.length - 1;
      const nextIsIndex = !last && /^\d+$/.test(parts[i + 1]!);
      const key: string | number = Array.isArray(cur) ? Number(p) : p;
      if (last) cur[key] = v;
      else {
        if (cur[key] === undefined) cur[key] = nextIsIndex ? [] : {};
        cur = cur[key];
      }
    });
  }
  const fill = (t: unknown): void => {
    if (Array.isArray(t)) for (let i = 0; i < t.length; i++) t[i] === undefined ? (t[i] = {}) : fill(t[i]);
    else if (isPlainObject(t)) Object.values(t).forEach(fill);
  };
  fill(root);
  return root;
}

/** MLX's _unwrap: descends into modules and containers, applying the filter to each entry. */
function unwrap(m: Module, key: string, value: unknown, filterFn: Filter, mapFn: (x: any) => unknown, isLeaf: IsLeaf): unknown {
  if (isLeaf(m, key, value)) return mapFn(value);
  if (value instanceof Module) return value.filterAndMap(filterFn, mapFn, isLeaf);
  if (isPlainObject(value)) {
    const o: Record<string, unknown> = {};
    for (const k of Object.keys(value)) {
      const tk = `${key}.${k}`;
      const v = value[k];
      if (!filterFn(m, tk, v)) continue;
      const u = unwrap(m, tk, v, filterFn, mapFn, isLeaf);
      if (u !== DROP) o[k] = u;
    }
    return o;
  }
  if (Array.isArray(value)) {
    // lists keep their positions: filtered-out entries become {} (as in MLX)
    return value.map((v, i) => {
      const tk = `${key}.${i}`;
      if (!filterFn(m, tk, v)) return {};
      const u = unwrap(m, tk, v, filterFn, mapFn, isLeaf);
      return u === DROP ? {} : u;
    });
  }
  // a non-array setting inside a container (a number, a function): not part of the tree
  return DROP;
}

function typeName(x: unknown): string {
  if (x === null) return "null";
  if (isArr(x)) return "array";
  if (x instanceof Module) return x.constructor.name;
  if (Array.isArray(x)) return "list";
  return typeof x;
}
