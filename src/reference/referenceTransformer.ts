// A plain-TypeScript, float64 forward pass of the tiny pre-LayerNorm transformer.
//
// This is the oracle the TF.js model is tested against, so it is written straight from
// the formulas and shares no computation with src/model/: from there it takes only the
// configuration constants, the seeded weights and token embeddings (given inputs), and
// the trace types. Every float32 weight is widened to float64 before use, and all
// arithmetic is float64, so its own rounding error is far below float32's.

import {
  headWidth,
  LAYER_NORM_EPSILON,
  MASK_VALUE,
  POSITIONAL_BASE,
  type MaskMode,
  type ModelConfig,
  type TieMode,
} from '../model/config';
import type { ForwardRequest, ForwardTrace, LayerTrace, NormTrace, TensorData } from '../model/trace';
import { embedWith, type LayerWeights, type ModelWeights } from '../model/weights';
import {
  add,
  addToEveryRow,
  matmul,
  matmulTransposedB,
  relu,
  scale,
  softmaxRows,
  toFloat64,
} from './linearAlgebra';

type Tensor64 = TensorData<Float64Array>;

const tensor = (shape: number[], data: Float64Array): Tensor64 => {
  const size = shape.reduce((product, length) => product * length, 1);
  if (size !== data.length) {
    throw new Error(`shape [${shape.join(', ')}] needs ${size} values, got ${data.length}`);
  }
  return { shape, data };
};

/**
 * Sinusoidal positional encoding, [n, d]:
 *   PE[pos][2i]   = sin(pos / BASE^(2i/d))
 *   PE[pos][2i+1] = cos(pos / BASE^(2i/d))
 * so each pair of channels is a clock hand turning at its own speed.
 */
export function positionalEncoding(seqLen: number, dModel: number): Float64Array {
  const out = new Float64Array(seqLen * dModel);
  for (let pos = 0; pos < seqLen; pos++) {
    for (let channel = 0; channel < dModel; channel++) {
      const pairIndex = Math.floor(channel / 2); // i
      const angle = pos / Math.pow(POSITIONAL_BASE, (2 * pairIndex) / dModel);
      out[pos * dModel + channel] = channel % 2 === 0 ? Math.sin(angle) : Math.cos(angle);
    }
  }
  return out;
}

/**
 * Attention mask, [n, n]: mask[i][j] = 1 when query i may attend to key j, 0 when not.
 *   none:    every pair allowed.
 *   causal:  j ≤ i (no looking ahead).
 *   padding: key j allowed iff it is not padding, for every query row, padding queries
 *            included (what a padding row computes is never read, but it stays defined).
 * Edge case: when every token is padding, each padding-mask row would forbid every key.
 * Adding MASK_VALUE to a whole row does not change its softmax (only differences within a
 * row matter), so such a mask would mask nothing while claiming to mask everything. Those
 * rows are left all 1 instead: the mask then says what the attention really does.
 *   custom:  the painted mask, customMask[i·n + j] = '1' allowed, '0' masked; a row may be
 *            entirely masked.
 */
export function buildMask(mode: MaskMode, isPadding: readonly boolean[], customMask?: string): Float64Array {
  const n = isPadding.length;
  const mask = new Float64Array(n * n);
  if (mode === 'custom') {
    if (customMask === undefined || customMask.length !== n * n) throw new Error(`custom mask must have ${n * n} cells`);
    for (let index = 0; index < n * n; index++) mask[index] = customMask[index] === '1' ? 1 : 0;
    return mask;
  }
  const allPadding = isPadding.every((padding) => padding);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let allowed: boolean;
      if (mode === 'none') allowed = true;
      else if (mode === 'causal') allowed = j <= i;
      else allowed = allPadding || !isPadding[j];
      mask[i * n + j] = allowed ? 1 : 0;
    }
  }
  return mask;
}

/**
 * LayerNorm of each row (token) of x [n, d] over its d channels:
 *   mean = Σ x / d,  variance = Σ (x − mean)² / d   (biased: divide by d, not d − 1)
 *   output = gain · (x − mean) / √(variance + ε) + bias
 */
export function layerNorm(
  x: ArrayLike<number>,
  rows: number,
  cols: number,
  gain: ArrayLike<number>,
  bias: ArrayLike<number>,
): NormTrace<Float64Array> {
  const gain64 = toFloat64(gain);
  const bias64 = toFloat64(bias);
  const mean = new Float64Array(rows);
  const variance = new Float64Array(rows);
  const output = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    let sum = 0;
    for (let c = 0; c < cols; c++) sum += x[r * cols + c];
    mean[r] = sum / cols;
    let squares = 0;
    for (let c = 0; c < cols; c++) squares += (x[r * cols + c] - mean[r]) ** 2;
    variance[r] = squares / cols;
    const inverseDeviation = 1 / Math.sqrt(variance[r] + LAYER_NORM_EPSILON);
    for (let c = 0; c < cols; c++) {
      output[r * cols + c] = gain64[c] * (x[r * cols + c] - mean[r]) * inverseDeviation + bias64[c];
    }
  }
  return {
    mean: tensor([rows], mean),
    variance: tensor([rows], variance),
    output: tensor([rows, cols], output),
  };
}

/** [n, h·dk] → [h, n, dk]: head `head` owns columns head·dk … head·dk + dk − 1. */
function splitHeads(matrix: Float64Array, n: number, heads: number, dk: number): Float64Array {
  const d = heads * dk;
  const out = new Float64Array(heads * n * dk);
  for (let head = 0; head < heads; head++) {
    for (let t = 0; t < n; t++) {
      for (let c = 0; c < dk; c++) out[(head * n + t) * dk + c] = matrix[t * d + head * dk + c];
    }
  }
  return out;
}

/** [h, n, dk] → [n, h·dk]: the inverse of splitHeads, heads side by side. */
function concatenateHeads(perHead: Float64Array, n: number, heads: number, dk: number): Float64Array {
  const d = heads * dk;
  const out = new Float64Array(n * d);
  for (let head = 0; head < heads; head++) {
    for (let t = 0; t < n; t++) {
      for (let c = 0; c < dk; c++) out[t * d + head * dk + c] = perHead[(head * n + t) * dk + c];
    }
  }
  return out;
}

/** Head `head` of an [h, rows, cols] tensor, as an [rows, cols] view. */
const headSlice = (perHead: Float64Array, head: number, rows: number, cols: number) =>
  perHead.subarray(head * rows * cols, (head + 1) * rows * cols);

/**
 * One pre-LayerNorm block on x [n, d]:
 *   a = LN₁(x);  Q, K, V = a·W_Q, a·W_K, a·W_V, split into h heads of width dk
 *   (tied projections: W_K = W_Q for 'qk'; W_K = W_V = W_Q for 'qkv')
 *   per head: scores = Q·Kᵀ (/√dk), + MASK_VALUE where masked, softmax per row, · V
 *   a row with no allowed key at all gets weights 0: it attends to nothing
 *   r = x + concat(heads)·W_O
 *   out = r + ReLU(LN₂(r)·W₁ + b₁)·W₂ + b₂
 * `mask` is [n, n] with 1 = allowed, as built by buildMask.
 */
export function referenceLayer(
  x: Float64Array,
  mask: Float64Array,
  layer: LayerWeights,
  config: Pick<ModelConfig, 'dModel' | 'numHeads' | 'seqLen' | 'scaleScores'> & { tie?: TieMode },
): LayerTrace<Float64Array> {
  const n = config.seqLen;
  const d = config.dModel;
  const h = config.numHeads;
  const dk = headWidth(config);
  const dFF = layer.ffnBias1.length;

  const norm1 = layerNorm(x, n, d, layer.norm1Gain, layer.norm1Bias);
  const a = norm1.output.data;
  const queries = splitHeads(matmul(a, toFloat64(layer.queryWeights), n, d, d), n, h, dk);
  const tie = config.tie ?? 'none';
  const keyWeights = tie === 'none' ? layer.keyWeights : layer.queryWeights;
  const valueWeights = tie === 'qkv' ? layer.queryWeights : layer.valueWeights;
  const keys = splitHeads(matmul(a, toFloat64(keyWeights), n, d, d), n, h, dk);
  const values = splitHeads(matmul(a, toFloat64(valueWeights), n, d, d), n, h, dk);

  const rawScores = new Float64Array(h * n * n);
  const headOutputs = new Float64Array(h * n * dk);
  for (let head = 0; head < h; head++) {
    const q = headSlice(queries, head, n, dk);
    const k = headSlice(keys, head, n, dk);
    // rawScores[head][i][j] = q_i · k_j: how well query i matches key j.
    rawScores.set(matmulTransposedB(q, k, n, dk, n), head * n * n);
  }
  // Dividing by √dk keeps the scores' spread independent of dk, so the softmax does not
  // saturate as heads get wider. A copy either way: the trace must not alias arrays.
  const scaledScores = config.scaleScores ? scale(rawScores, 1 / Math.sqrt(dk)) : rawScores.slice();
  const maskedScores = new Float64Array(h * n * n);
  for (let head = 0; head < h; head++) {
    for (let ij = 0; ij < n * n; ij++) {
      const index = head * n * n + ij;
      maskedScores[index] = scaledScores[index] + (mask[ij] === 0 ? MASK_VALUE : 0);
    }
  }
  // Softmax over keys (the last axis); [h·n, n] rows are exactly the (head, query) rows.
  const attentionWeights = softmaxRows(maskedScores, h * n, n);
  for (let i = 0; i < n; i++) {
    let anyAllowed = false;
    for (let j = 0; j < n; j++) anyAllowed ||= mask[i * n + j] === 1;
    // No key to attend to: define the row as zeros (a true −∞ mask would give 0/0 = NaN).
    if (!anyAllowed) for (let head = 0; head < h; head++) attentionWeights.fill(0, (head * n + i) * n, (head * n + i + 1) * n);
  }
  for (let head = 0; head < h; head++) {
    const weights = headSlice(attentionWeights, head, n, n);
    const v = headSlice(values, head, n, dk);
    // Each query's output is the attention-weighted average of the value rows.
    headOutputs.set(matmul(weights, v, n, n, dk), head * n * dk);
  }
  const concatenatedHeads = concatenateHeads(headOutputs, n, h, dk);
  const attentionOutput = matmul(concatenatedHeads, toFloat64(layer.outputWeights), n, d, d);
  const residual1 = add(x, attentionOutput);

  const norm2 = layerNorm(residual1, n, d, layer.norm2Gain, layer.norm2Bias);
  const ffnPreActivation = addToEveryRow(
    matmul(norm2.output.data, toFloat64(layer.ffnWeights1), n, d, dFF),
    toFloat64(layer.ffnBias1),
    n,
    dFF,
  );
  const ffnHidden = relu(ffnPreActivation);
  const ffnOutput = addToEveryRow(
    matmul(ffnHidden, toFloat64(layer.ffnWeights2), n, dFF, d),
    toFloat64(layer.ffnBias2),
    n,
    d,
  );
  const output = add(residual1, ffnOutput);

  return {
    input: tensor([n, d], x.slice()),
    norm1,
    queries: tensor([h, n, dk], queries),
    keys: tensor([h, n, dk], keys),
    values: tensor([h, n, dk], values),
    rawScores: tensor([h, n, n], rawScores),
    scaledScores: tensor([h, n, n], scaledScores),
    maskedScores: tensor([h, n, n], maskedScores),
    attentionWeights: tensor([h, n, n], attentionWeights),
    headOutputs: tensor([h, n, dk], headOutputs),
    concatenatedHeads: tensor([n, d], concatenatedHeads),
    attentionOutput: tensor([n, d], attentionOutput),
    residual1: tensor([n, d], residual1),
    norm2,
    ffnHidden: tensor([n, dFF], ffnHidden),
    ffnOutput: tensor([n, d], ffnOutput),
    output: tensor([n, d], output),
  };
}

/**
 * The whole forward pass, every intermediate recorded, in float64.
 * Uses the first config.numLayers layers of `weights` (weights made for more layers are
 * fine: a layer's weights do not depend on how many layers there are).
 */
export function referenceForward(request: ForwardRequest, weights: ModelWeights): ForwardTrace<Float64Array> {
  const { config, tokens, isPadding } = request;
  const n = config.seqLen;
  const d = config.dModel;
  if (tokens.length !== n || isPadding.length !== n) {
    throw new Error(`expected ${n} tokens and padding flags, got ${tokens.length} and ${isPadding.length}`);
  }
  if (d % config.numHeads !== 0) {
    throw new Error(`numHeads (${config.numHeads}) must divide dModel (${d})`);
  }
  if (weights.dModel !== d) throw new Error(`weights are for dModel ${weights.dModel}, config has ${d}`);
  if (weights.layers.length < config.numLayers) {
    throw new Error(`weights have ${weights.layers.length} layers, config needs ${config.numLayers}`);
  }

  if (!weights.vocabulary && weights.seed !== config.seed) throw new Error(`weights are for seed ${weights.seed}, config has ${config.seed}`);
  const embeddings = toFloat64(embedWith(weights, tokens));
  // positional off: PE is all zeros, so x is the embeddings alone.
  const positions = config.positional ? positionalEncoding(n, d) : new Float64Array(n * d);
  const input = add(embeddings, positions);
  const mask = buildMask(config.mask, isPadding, request.customMask);

  const layers: LayerTrace<Float64Array>[] = [];
  let x = input;
  for (let index = 0; index < config.numLayers; index++) {
    const layer = referenceLayer(x, mask, weights.layers[index], config);
    layers.push(layer);
    x = layer.output.data; // the next block's input
  }
  const finalNorm = layerNorm(x, n, d, weights.finalNormGain, weights.finalNormBias);

  return {
    mask: tensor([n, n], mask),
    embeddings: tensor([n, d], embeddings),
    positionalEncoding: tensor([n, d], positions),
    input: tensor([n, d], input),
    layers,
    finalNorm,
    ...(weights.readout ? { prediction: readoutProbabilities(finalNorm.output.data, n, d, weights.readout) } : {}),
  };
}

/** A trained model's read-out: softmax over the vocabulary of finalNorm · W + b, [n, V]. */
function readoutProbabilities(x: Float64Array, n: number, d: number, readout: NonNullable<ModelWeights['readout']>): Tensor64 {
  const vocabulary = readout.bias.length;
  const logits = addToEveryRow(matmul(x, toFloat64(readout.weights), n, d, vocabulary), toFloat64(readout.bias), n, vocabulary);
  return tensor([n, vocabulary], softmaxRows(logits, n, vocabulary));
}
