// The building blocks of the transformer as TF.js functions: each returns its result and
// the intermediates a lesson wants to show. Callers run them inside tf.tidy.

import { tf } from './tf';
import { LAYER_NORM_EPSILON, MASK_VALUE, POSITIONAL_BASE, type TieMode } from './config';

type Tensor = tf.Tensor;

/**
 * PE[pos, 2i] = sin(pos / base^(2i/d)), PE[pos, 2i+1] = cos(pos / base^(2i/d)); [n, d].
 * Evaluated in float64 on the host and uploaded: GPU sin/cos are approximations whose
 * error grows with the angle (1e-4 at pos ≈ 100 on some devices), and the table is a
 * constant anyway.
 */
export function positionalEncoding(seqLen: number, dModel: number, base = POSITIONAL_BASE): Tensor {
  const table = new Float32Array(seqLen * dModel);
  for (let pos = 0; pos < seqLen; pos++) {
    for (let pair = 0; pair < dModel / 2; pair++) {
      const angle = pos / Math.pow(base, (2 * pair) / dModel);
      table[pos * dModel + 2 * pair] = Math.sin(angle);
      table[pos * dModel + 2 * pair + 1] = Math.cos(angle);
    }
  }
  return tf.tensor2d(table, [seqLen, dModel]);
}

export interface LayerNormResult {
  mean: Tensor;
  variance: Tensor;
  output: Tensor;
}

/**
 * The scalars and the mask penalty every layer of a pass uses, made once per pass: a number
 * in an op becomes a new scalar tensor each time, and the penalty is the same in every layer.
 */
export interface PassConstants {
  /** [n, n], 1 where query i may see key j. */
  allowed: Tensor;
  /** [n, n], MASK_VALUE where a key is masked, 0 elsewhere. */
  maskPenalty: Tensor;
  /** LAYER_NORM_EPSILON as a scalar. */
  normEpsilon: Tensor;
}

export function passConstants(allowed: Tensor): PassConstants {
  return {
    allowed,
    maskPenalty: tf.mul(tf.sub(1, allowed), MASK_VALUE),
    normEpsilon: tf.scalar(LAYER_NORM_EPSILON),
  };
}

/** Normalise each token (row) over its channels, then scale and shift; epsilon is LAYER_NORM_EPSILON. */
export function layerNorm(x: Tensor, gain: Tensor, bias: Tensor, epsilon: Tensor): LayerNormResult {
  const mean = tf.mean(x, -1, true);
  const centered = tf.sub(x, mean);
  const variance = tf.mean(tf.square(centered), -1, true);
  const normalized = tf.div(centered, tf.sqrt(tf.add(variance, epsilon)));
  const output = tf.add(tf.mul(normalized, gain), bias);
  return { mean: tf.reshape(mean, [-1]), variance: tf.reshape(variance, [-1]), output };
}

/** [n, d] → [h, n, d_k]: head h takes columns h·d_k … (h+1)·d_k − 1. */
export function splitHeads(x: Tensor, numHeads: number): Tensor {
  const [seqLen, dModel] = x.shape as [number, number];
  return tf.transpose(tf.reshape(x, [seqLen, numHeads, dModel / numHeads]), [1, 0, 2]);
}

/** [h, n, d_k] → [n, h·d_k], the inverse of splitHeads. */
export function mergeHeads(x: Tensor): Tensor {
  const [numHeads, seqLen, headDim] = x.shape as [number, number, number];
  return tf.reshape(tf.transpose(x, [1, 0, 2]), [seqLen, numHeads * headDim]);
}

export interface AttentionResult {
  queries: Tensor;
  keys: Tensor;
  values: Tensor;
  rawScores: Tensor;
  scaledScores: Tensor;
  maskedScores: Tensor;
  attentionWeights: Tensor;
  headOutputs: Tensor;
  concatenatedHeads: Tensor;
  attentionOutput: Tensor;
}

export interface AttentionWeights {
  queryWeights: Tensor;
  keyWeights: Tensor;
  valueWeights: Tensor;
  outputWeights: Tensor;
}

/**
 * Multi-head scaled dot-product attention, softmax(QKᵀ/√d_k + M)·V per head.
 * Masked scores get MASK_VALUE added (mask.maskPenalty). The softmax is TF.js's one kernel,
 * which subtracts each row's maximum before exp on every backend, so exp never overflows.
 * It is then multiplied by mask.allowed: a no-op where some key is allowed (masked weights
 * already underflow to 0), and a defined all-zero row where none is.
 * tie shares matrices: W_K := W_Q ('qk'), and also W_V := W_Q ('qkv').
 */
export function multiHeadAttention(
  x: Tensor,
  weights: AttentionWeights,
  mask: Pick<PassConstants, 'allowed' | 'maskPenalty'>,
  numHeads: number,
  scaleScores: boolean,
  tie: TieMode = 'none',
): AttentionResult {
  const headDim = x.shape[1]! / numHeads;
  const queries = splitHeads(tf.matMul(x, weights.queryWeights), numHeads);
  const keys = tie === 'none' ? splitHeads(tf.matMul(x, weights.keyWeights), numHeads) : tf.clone(queries);
  const values = tie === 'qkv' ? tf.clone(queries) : splitHeads(tf.matMul(x, weights.valueWeights), numHeads);
  const rawScores = tf.matMul(queries, keys, false, true);
  const scaledScores = scaleScores ? tf.div(rawScores, Math.sqrt(headDim)) : rawScores;
  const maskedScores = tf.add(scaledScores, mask.maskPenalty);
  const attentionWeights = tf.mul(tf.softmax(maskedScores), mask.allowed);
  const headOutputs = tf.matMul(attentionWeights, values);
  const concatenatedHeads = mergeHeads(headOutputs);
  const attentionOutput = tf.matMul(concatenatedHeads, weights.outputWeights);
  return {
    queries,
    keys,
    values,
    rawScores,
    scaledScores,
    maskedScores,
    attentionWeights,
    headOutputs,
    concatenatedHeads,
    attentionOutput,
  };
}

/**
 * Position-wise feed-forward network: ReLU(x·W₁ + b₁)·W₂ + b₂. (tf.fused.matMul measured
 * no faster on WASM at the playground's sizes: its reshapes cost what the fusion saves.)
 */
export function feedForward(
  x: Tensor,
  weights1: Tensor,
  bias1: Tensor,
  weights2: Tensor,
  bias2: Tensor,
): { hidden: Tensor; output: Tensor } {
  const hidden = tf.relu(tf.add(tf.matMul(x, weights1), bias1));
  const output = tf.add(tf.matMul(hidden, weights2), bias2);
  return { hidden, output };
}
