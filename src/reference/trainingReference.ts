// Float64 reference of the training lesson's model (src/training/trainer.ts), written from
// the formulas with plain loops: given the weights, the forward pass for one sequence, its
// cross-entropy against the reversed input, and every attention map.
//   x₀ = E[digit] + PE;  per layer: h = LN(x); A_h = softmax(Q_h K_hᵀ/√d_k); x += concat(A_h V_h) W_O;
//   x += ReLU(LN(x) W₁ + b₁) W₂ + b₂;  logits = LN(x) W_out + b_out
// The variant's switches: no 1/√d_k (scaled off); x = f(x) (residual off); K = h W_Q (tied);
// N = identity (norm none) or, for batch norm, (x − running mean)/√(running variance + ε)
// per channel with the running statistics from the weights (inference mode).
import { encodingTable } from './positionReference';
import { add, addToEveryRow, matmul, matmulTransposedB, relu, scale, softmaxRows } from './linearAlgebra';
import { layerNorm } from './referenceTransformer';
import { LAYER_NORM_EPSILON, POSITIONAL_BASE } from '../model/config';
import { DEFAULT_VARIANT, type TrainerVariant } from '../training/variant';

export interface TrainingModelShape {
  length: number;
  layers: number;
  dModel: number;
  heads: number;
  /** The ablation switches; the default model when absent. */
  variant?: TrainerVariant;
}

export interface TrainingReferenceResult {
  /** [T, 10] */
  logits: Float64Array;
  probabilities: Float64Array;
  /** [layers, heads, T, T] */
  attention: Float64Array;
  /** The scores before the softmax (after any 1/√d_k), [layers, heads, T, T]. */
  scores: Float64Array;
  /** Mean cross-entropy over the T positions against `targets`. */
  loss: number;
  prediction: number[];
}

const VOCABULARY = 10;

/** y = x W (+ b), W [inputs, outputs] row-major. */
function linear(x: ArrayLike<number>, rows: number, inputs: number, w: ArrayLike<number>, outputs: number, b?: ArrayLike<number>): Float64Array {
  const product = matmul(x, w, rows, inputs, outputs);
  return b ? addToEveryRow(product, b, rows, outputs) : product;
}

/** LayerNorm per row without a learned gain or bias (the trainer has none). */
function normalise(x: ArrayLike<number>, rows: number, cols: number): Float64Array {
  return layerNorm(x, rows, cols, new Float64Array(cols).fill(1), new Float64Array(cols)).output.data;
}

/** Batch norm in inference mode: each channel shifted and scaled by its running statistics. */
function batchNormalise(x: ArrayLike<number>, rows: number, cols: number, mean: ArrayLike<number>, variance: ArrayLike<number>): Float64Array {
  const out = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[r * cols + c] = (x[r * cols + c] - mean[c]) / Math.sqrt(variance[c] + LAYER_NORM_EPSILON);
  return out;
}

/** Columns [head·d_k, (head + 1)·d_k) of a [rows, d] matrix. */
function headColumns(x: Float64Array, rows: number, d: number, head: number, dk: number): Float64Array {
  const out = new Float64Array(rows * dk);
  for (let r = 0; r < rows; r++) for (let c = 0; c < dk; c++) out[r * dk + c] = x[r * d + head * dk + c];
  return out;
}

export function trainingReference(
  shape: TrainingModelShape,
  weights: Record<string, ArrayLike<number>>,
  input: readonly number[],
  targets: readonly number[],
): TrainingReferenceResult {
  const { length: T, layers, dModel: d, heads: H } = shape;
  const variant = shape.variant ?? DEFAULT_VARIANT;
  const dk = d / H;
  const norm = (x: Float64Array, name: string): Float64Array => {
    if (variant.norm === 'none') return x;
    if (variant.norm === 'layer') return normalise(x, T, d);
    const mean = weights[`${name}.mean`];
    const variance = weights[`${name}.variance`];
    if (!mean || !variance) throw new Error(`batch norm needs ${name}.mean and ${name}.variance`);
    return batchNormalise(x, T, d, mean, variance);
  };
  const residual = (x: Float64Array, update: Float64Array) => (variant.residual ? add(x, update) : update);
  const pe = encodingTable(T, d, POSITIONAL_BASE);
  let x: Float64Array = new Float64Array(T * d);
  for (let t = 0; t < T; t++) for (let c = 0; c < d; c++) x[t * d + c] = weights.embedding[input[t] * d + c] + Math.fround(pe[t * d + c]);
  const attention = new Float64Array(layers * H * T * T);
  const allScores = new Float64Array(layers * H * T * T);
  for (let l = 0; l < layers; l++) {
    const w = (name: string) => weights[`layers.${l}.${name}`];
    const h = norm(x, `layers.${l}.norm1`);
    const [q, k, v] = ['query', variant.tiedQK ? 'query' : 'key', 'value'].map((name) => linear(h, T, d, w(name), d));
    const heads = new Float64Array(T * d);
    for (let head = 0; head < H; head++) {
      const [qh, kh, vh] = [q, k, v].map((m) => headColumns(m, T, d, head, dk));
      const product = matmulTransposedB(qh, kh, T, dk, T);
      const scores = variant.scaled ? scale(product, 1 / Math.sqrt(dk)) : product;
      allScores.set(scores, (l * H + head) * T * T);
      const weightsOfHead = softmaxRows(scores, T, T);
      attention.set(weightsOfHead, (l * H + head) * T * T);
      const output = matmul(weightsOfHead, vh, T, T, dk);
      for (let t = 0; t < T; t++) for (let c = 0; c < dk; c++) heads[t * d + head * dk + c] = output[t * dk + c];
    }
    x = residual(x, linear(heads, T, d, w('output'), d));
    const hidden = relu(linear(norm(x, `layers.${l}.norm2`), T, d, w('ffn1'), 2 * d, w('ffn1Bias')));
    x = residual(x, linear(hidden, T, 2 * d, w('ffn2'), d, w('ffn2Bias')));
  }
  const logits = linear(norm(x, 'final.norm'), T, d, weights.readout, VOCABULARY, weights.readoutBias);
  const probabilities = softmaxRows(logits, T, VOCABULARY);
  let loss = 0;
  const prediction: number[] = [];
  for (let t = 0; t < T; t++) {
    loss -= Math.log(probabilities[t * VOCABULARY + targets[t]]);
    let best = 0;
    for (let digit = 1; digit < VOCABULARY; digit++) if (probabilities[t * VOCABULARY + digit] > probabilities[t * VOCABULARY + best]) best = digit;
    prediction.push(best);
  }
  return { logits, probabilities, attention, scores: allScores, loss: loss / T, prediction };
}
