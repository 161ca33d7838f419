/** kiln/nn Module: the parameter tree, children, update, freeze, train/eval, weights and MLX-style printing. */
import { describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { mx } from "./helpers.ts";
import * as nn from "../src/nn/index.ts";
import { MLP } from "./nn_models.ts";


class Mixed extends nn.Module {
  encoder: nn.Sequential;
  head: nn.Linear;
  extra: { scale: mx.MxArray; nested: mx.MxArray[] };
  stride: number[];
  name = "mixed";
  _private: mx.MxArray;
  constructor() {
    super();
    this.encoder = new nn.Sequential(new nn.Linear(4, 3), new nn.ReLU(), new nn.LayerNorm(3));
    this.head = new nn.Linear(3, 2, { bias: false });
    this.extra = { scale: mx.ones([1]), nested: [mx.zeros([2]), mx.zeros([3])] };
    this.stride = [1, 2]; // a setting, not a parameter
    this._private = mx.zeros([5]);
  }
}

const paths = (t: unknown) => mx.tree.flatten(t).map(([k]) => k);

describe("parameter tree", () => {
  test("parameters() nests objects and lists like MLX; settings and _private keys are skipped", () => {
    const m = new Mixed();
    expect(paths(m.parameters())).toEqual([
      "encoder.layers.0.weight", "encoder.layers.0.bias", "encoder.layers.2.weight", "encoder.layers.2.bias",
      "head.weight", "extra.scale", "extra.nested.0", "extra.nested.1",
    ]);
    const p = m.parameters() as any;
    expect(p.encoder.layers[1]).toEqual({}); // a parameter-free layer keeps its position
    expect(p.head.weight).toBe(m.head.weight);
    expect(Object.keys(m.weights())).toEqual(paths(m.parameters()));
  });

  test("children(), leafModules(), modules() and namedModules()", () => {
    const m = new Mixed();
    expect(Object.keys(m.children())).toEqual(["encoder", "head"]);
    expect(paths(m.leafModules())).toEqual(["encoder.layers.0", "encoder.layers.1", "encoder.layers.2", "head"]);
    expect(m.modules().length).toBe(6);
    expect(m.namedModules().map(([k]) => k).sort()).toEqual(["", "encoder", "encoder.layers.0", "encoder.layers.1", "encoder.layers.2", "head"]);
  });

  test("update() replaces arrays (fully or partially) and is strict about names and types", () => {
    const m = new MLP([3, 2, 1]);
    const w = mx.ones([2, 3]);
    m.update({ layers: [{ weight: w }] });
    expect(m.layers[0]!.weight).toBe(w);
    const all = mx.tree.map((a: mx.MxArray) => mx.zerosLike(a), m.parameters());
    m.update(all);
    expect(m.layers[1]!.bias!.tolist()).toEqual([0]);
    expect(() => m.update({ nope: mx.zeros([1]) })).toThrow(/\[Module.update\] Module does not have parameter named "nope"/);
    expect(() => m.update({ layers: [{ weight: 3 }] })).toThrow(/invalid type number for parameter "layers.0.weight"/);
    m.update({ nope: mx.zeros([1]) }, false); // not strict: ignored
    // a frozen list entry appears as {} in trainableParameters() and is skipped by update()
    const mix = new Mixed();
    mix.freeze({ keys: "extra.nested.0", recurse: false });
    const tp = mix.trainableParameters() as any;
    expect(tp.extra.nested[0]).toEqual({});
    mix.update(tp);
    expect(paths(mix.trainableParameters())).not.toContain("extra.nested.0");
    const nb = new nn.Linear(2, 2, { bias: false });
    nb.update({ bias: mx.zeros([2]) }); // a declared optional parameter can be set
    expect(nb.bias!.shape).toEqual([2]);
  });

  test("apply() and setDtype() map every parameter", () => {
    const m = new MLP([2, 2]);
    m.apply((a) => mx.zerosLike(a));
    expect(m.layers[0]!.weight.tolist()).toEqual([[0, 0], [0, 0]]);
    m.setDtype(mx.int32);
    expect(m.layers[0]!.bias!.dtype).toBe(mx.int32);
  });

  test("updateModules() swaps child modules", () => {
    const m = new MLP([3, 2, 1]);
    const r = new nn.Linear(3, 2, { bias: false });
    m.updateModules({ layers: [r] });
    expect(m.layers[0]).toBe(r);
    expect(() => m.updateModules({ foo: r })).toThrow(/sub-module named "foo"/);
  });
});

describe("freeze, unfreeze, train, eval", () => {
  test("freeze() removes parameters from trainableParameters(), by key or all, recursively or not", () => {
    const m = new Mixed();
    m.freeze({ keys: "bias" });
    expect(paths(m.trainableParameters())).toEqual(["encoder.layers.0.weight", "encoder.layers.2.weight", "head.weight", "extra.scale", "extra.nested.0", "extra.nested.1"]);
    m.unfreeze();
    expect(paths(m.trainableParameters()).length).toBe(8);
    m.freeze();
    expect(paths(m.trainableParameters())).toEqual([]);
    expect(paths(m.parameters()).length).toBe(8);
    m.unfreeze({ keys: ["weight"] });
    expect(paths(m.trainableParameters())).toEqual(["encoder.layers.0.weight", "encoder.layers.2.weight", "head.weight"]);
    m.unfreeze();
    m.freeze({ recurse: false });
    expect(paths(m.trainableParameters())).toEqual(["encoder.layers.0.weight", "encoder.layers.0.bias", "encoder.layers.2.weight", "encoder.layers.2.bias", "head.weight"]);
    expect(() => m.freeze({ keys: "nothing", strict: true })).toThrow(/\[Module.freeze\] Module doesn't contain member nothing/);
  });

  test("train() / eval() set the mode on every descendant", () => {
    const m = new Mixed();
    expect(m.training).toBe(true);
    m.eval();
    expect(m.modules().every((x) => !x.training)).toBe(true);
    m.train();
    expect(m.modules().every((x) => x.training)).toBe(true);
  });
});

describe("weights", () => {
  test("loadWeights() from pairs or a record, strict by default", () => {
    const m = new MLP([3, 2, 1]);
    const src = new MLP([3, 2, 1]);
    m.loadWeights(Object.entries(src.weights()));
    expect(m.layers[1]!.weight).toBe(src.layers[1]!.weight);
    const w = src.weights();
    delete (w as Record<string, unknown>)["layers.1.bias"];
    expect(() => m.loadWeights(w)).toThrow(/\[Module.loadWeights\] Missing 1 parameters: \nlayers.1.bias/);
    expect(() => m.loadWeights({ ...src.weights(), "layers.9.weight": mx.zeros([1]) })).toThrow(/Received 1 parameters not in model/);
    expect(() => m.loadWeights({ ...src.weights(), "layers.0.weight": mx.zeros([3, 2]) })).toThrow(/Expected shape \(2, 3\) but received shape \(3, 2\) for parameter layers.0.weight/);
    const b = mx.full([1], 5);
    m.loadWeights({ "layers.1.bias": b }, false);
    expect(m.layers[1]!.bias).toBe(b);
  });
});

describe("weight files", () => {
  test("saveWeights / loadWeights round-trip through .safetensors and .npz", async () => {
    const dir = mkdtempSync(join(tmpdir(), "kiln-nn-"));
    try {
      for (const ext of ["safetensors", "npz"]) {
        const src = new Mixed();
        const file = join(dir, `w.${ext}`);
        await src.saveWeights(file);
        const dst = new Mixed();
        const ret = await dst.loadWeights(file);
        expect(ret).toBe(dst);
        for (const [k, v] of Object.entries(src.weights())) {
          expect(dst.weights()[k]!.shape).toEqual(v.shape);
          expect(Array.from(dst.weights()[k]!.dataSync())).toEqual(Array.from(v.dataSync()));
        }
      }
      await expect(new Mixed().saveWeights(join(dir, "w.bin"))).rejects.toThrow(/\[Module.saveWeights\] Unsupported file extension/);
      expect(() => new Mixed().loadWeights(join(dir, "w.txt"))).toThrow(/\[Module.loadWeights\] Unsupported file extension/);
      await new MLP([4, 2]).saveWeights(join(dir, "small.safetensors"));
      await expect(new Mixed().loadWeights(join(dir, "small.safetensors"))).rejects.toThrow(/parameters not in model/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("printing like MLX", () => {
  test("the walkthrough MLP", () => {
    const m = new MLP([3, 2, 1]);
    const text = "MLP(\n  (layers.0): Linear(input_dims=3, output_dims=2, bias=True)\n  (layers.1): Linear(input_dims=2, output_dims=1, bias=True)\n)";
    expect(String(m)).toBe(text);
    expect(Bun.inspect(m)).toBe(text);
  });

  test("nested modules indent, leaf layers print their settings", () => {
    const m = new Mixed();
    expect(String(m)).toBe(
      "Mixed(\n" +
        "  (encoder): Sequential(\n" +
        "    (layers.0): Linear(input_dims=4, output_dims=3, bias=True)\n" +
        "    (layers.1): ReLU()\n" +
        "    (layers.2): LayerNorm(3, eps=1e-05, affine=True)\n" +
        "  )\n" +
        "  (head): Linear(input_dims=3, output_dims=2, bias=False)\n" +
        ")",
    );
    expect(String(new nn.Conv2d(3, 8, 3, { padding: 1 }))).toBe("Conv2d(3, 8, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1), dilation=(1, 1), groups=1, bias=True)");
    expect(String(new nn.Conv1d(4, 2, 5))).toBe("Conv1d(4, 2, kernel_size=5, stride=1, padding=0, dilation=1, groups=1, bias=True)");
    expect(String(new nn.MaxPool2d(2))).toBe("MaxPool2d(kernel_size=(2, 2), stride=(2, 2), padding=(0, 0))");
    expect(String(new nn.AvgPool1d(3, { stride: 1 }))).toBe("AvgPool1d(kernel_size=(3,), stride=(1,), padding=(0,))");
    expect(String(new nn.BatchNorm(16))).toBe("BatchNorm(16, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)");
    expect(String(new nn.RMSNorm(8))).toBe("RMSNorm(8, eps=1e-05)");
    expect(String(new nn.GroupNorm(2, 8))).toBe("GroupNorm(2, 8, eps=1e-05, affine=True, pytorch_compatible=False)");
    expect(String(new nn.Dropout(0.1))).toBe("Dropout(p=0.1)");
    expect(String(new nn.Embedding(100, 16))).toBe("Embedding(100, 16)");
    expect(String(new nn.MultiHeadAttention(8, 2))).toBe(
      "MultiHeadAttention(\n" +
        "  (query_proj): Linear(input_dims=8, output_dims=8, bias=False)\n" +
        "  (key_proj): Linear(input_dims=8, output_dims=8, bias=False)\n" +
        "  (value_proj): Linear(input_dims=8, output_dims=8, bias=False)\n" +
        "  (out_proj): Linear(input_dims=8, output_dims=8, bias=False)\n" +
        ")",
    );
  });

  test("modules are callable and keep their own fields (even `name`)", () => {
    const m = new Mixed();
    expect(m.name).toBe("mixed");
    expect(typeof m.head).toBe("function");
    expect(m.head(mx.zeros([1, 3])).shape).toEqual([1, 2]);
    expect(() => new nn.Module()(mx.zeros([1]))).toThrow(/does not define forward/);
  });
});
