/** Sequential: calls its layers (modules or plain functions) in order. */
import type { MxArray } from "../../index.ts";
import { Module } from "../module.ts";

/** Runs `layers` one after another; they print as (layers.0), (layers.1), ... */
export class Sequential extends Module {
  layers: (Module | ((x: MxArray) => MxArray))[];

  constructor(...layers: (Module | ((x: MxArray) => MxArray))[]) {
    super();
    this.layers = layers;
  }

  override forward(x: MxArray): MxArray {
    for (const layer of this.layers) x = layer(x);
    return x;
  }
}
