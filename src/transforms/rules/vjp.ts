/**
 * The vjp rule of every primitive, in one table typed over PrimitiveName: adding a primitive
 * without a rule is a compile error. Rules with no gradient are explicit (`noGrad`).
 */
import { binaryVjp, unaryVjp } from "./vjp_elementwise.ts";
import { structuralVjp } from "./vjp_structural.ts";
import type { VjpTable } from "./common.ts";

export const VJP: VjpTable = { ...unaryVjp, ...binaryVjp, ...structuralVjp };
