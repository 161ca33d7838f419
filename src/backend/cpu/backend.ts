/** The CPU backend as the scheduler sees it: run one node with its kernel. */
import type { Backend } from "../../core/scheduler.ts";
import { cpuKernels } from "./index.ts";
import { resetScratch } from "./wasm.ts";

export const cpuBackend: Backend = {
  run(node) {
    resetScratch();
    cpuKernels[node.prim!](node);
  },
};
