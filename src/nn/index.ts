/**
 * `kiln/nn`: neural-network building blocks modelled on MLX's mlx.nn — Module, layers,
 * activations, losses (`nn.losses`), initializers (`nn.init`) and `nn.valueAndGrad`.
 */
export { Module, type ParamTree, type ParamNode } from "./module.ts";
export { valueAndGrad } from "./value_and_grad.ts";
export { Linear, Identity, type LinearOptions } from "./layers/linear.ts";
export { Conv1d, Conv2d, type Conv1dOptions, type Conv2dOptions } from "./layers/conv.ts";
export { MaxPool1d, MaxPool2d, AvgPool1d, AvgPool2d, type PoolOptions } from "./layers/pooling.ts";
export {
  LayerNorm, RMSNorm, GroupNorm, BatchNorm,
  type LayerNormOptions, type GroupNormOptions, type BatchNormOptions,
} from "./layers/normalization.ts";
export { Dropout } from "./layers/dropout.ts";
export { Embedding } from "./layers/embedding.ts";
export { MultiHeadAttention, scaledDotProductAttention, type MultiHeadAttentionOptions } from "./layers/attention.ts";
export { Sequential } from "./layers/containers.ts";
export {
  relu, relu6, leakyRelu, elu, gelu, geluApprox, geluFastApprox, silu, sigmoid, tanh, softplus,
  logSigmoid, softmax, logSoftmax,
  ReLU, ReLU6, LeakyReLU, ELU, GELU, SiLU, Sigmoid, Tanh, Softplus, LogSigmoid, Softmax, LogSoftmax,
  type GeluApprox,
} from "./activations.ts";
export * as losses from "./losses.ts";
export * as init from "./init.ts";
