// Float64 reference of the training lesson's model (src/training/trainer.ts), written from
// the formulas with plain loops: given the weights, the forward pass for one sequence, its
// cross-entropy against the reversed input, and every attention map.
//   x₀ = E[digit] + PE;  per layer: h = LN(x); A_h = softmax(Q_h K_hᵀ/√d_k); x += concat(A_h V_h) W_O;
//   x += ReLU(LN(x) W₁ + b₁) W₂ + b₂;  logits = LN(x) W_out + b_out
import { encodingTable } from './positionReference';
import { POSITIONAL_BASE } from '../model/config';

export interface TrainingModelShape {
  length: number;
  layers: number;
  dModel: number;
  heads: number;
}

export interface TrainingReferenceResult {
  /** [T, 10] */
  logits: Float64Array;
  probabilities: Float64Array;
  /** [layers, heads, T, T] */
  attention: Float64Array;
  /** Mean cross-entropy over the T positions against `targets`. */
  loss: number;
  prediction: number[];
}

const VOCABULARY = 10;
const EPSILON = 1e-5;

/** y[r, :] = x[r, :] W (+ b), W [inputs, outputs] row-major. */
function linear(x: Float64Array, rows: number, inputs: number, w: ArrayLike<number>, outputs: number, b?: ArrayLike<number>): Float64Array {
  const y = new Float64Array(rows * outputs);
  for (let r = 0; r < rows; r++) {
    for (let o = 0; o < outputs; o++) {
      let sum = b ? b[o] : 0;
      for (let i = 0; i < inputs; i++) sum += x[r * inputs + i] * w[i * outputs + o];
      y[r * outputs + o] = sum;
    }
  }
  return y;
}

function layerNorm(x: Float64Array, rows: number, cols: number): Float64Array {
  const y = new Float64Array(x.length);
  for (let r = 0; r < rows; r++) {
    let mean = 0;
    for (let c = 0; c < cols; c++) mean += x[r * cols + c];
    mean /= cols;
    let variance = 0;
    for (let c = 0; c < cols; c++) variance += (x[r * cols + c] - mean) ** 2;
    variance /= cols;
    const scale = 1 / Math.sqrt(variance + EPSILON);
    for (let c = 0; c < cols; c++) y[r * cols + c] = (x[r * cols + c] - mean) * scale;
  }
  return y;
}

function softmaxRow(values: Float64Array, offset: number, count: number): void {
  let max = -Infinity;
  for (let i = 0; i < count; i++) max = Math.max(max, values[offset + i]);
  let sum = 0;
  for (let i = 0; i < count; i++) sum += (values[offset + i] = Math.exp(values[offset + i] - max));
  for (let i = 0; i < count; i++) values[offset + i] /= sum;
}

export function trainingReference(
  shape: TrainingModelShape,
  weights: Record<string, ArrayLike<number>>,
  input: readonly number[],
  targets: readonly number[],
): TrainingReferenceResult {
  const { length: T, layers, dModel: d, heads: H } = shape;
  const dk = d / H;
  const pe = encodingTable(T, d, POSITIONAL_BASE);
  let x = new Float64Array(T * d);
  for (let t = 0; t < T; t++) for (let c = 0; c < d; c++) x[t * d + c] = weights.embedding[input[t] * d + c] + Math.fround(pe[t * d + c]);
  const attention = new Float64Array(layers * H * T * T);
  for (let l = 0; l < layers; l++) {
    const w = (name: string) => weights[`layers.${l}.${name}`];
    const h = layerNorm(x, T, d);
    const q = linear(h, T, d, w('query'), d);
    const k = linear(h, T, d, w('key'), d);
    const v = linear(h, T, d, w('value'), d);
    const heads = new Float64Array(T * d);
    for (let head = 0; head < H; head++) {
      const base = (l * H + head) * T * T;
      for (let i = 0; i < T; i++) {
        for (let j = 0; j < T; j++) {
          let dot = 0;
          for (let c = 0; c < dk; c++) dot += q[i * d + head * dk + c] * k[j * d + head * dk + c];
          attention[base + i * T + j] = dot / Math.sqrt(dk);
        }
        softmaxRow(attention, base + i * T, T);
        for (let c = 0; c < dk; c++) {
          let sum = 0;
          for (let j = 0; j < T; j++) sum += attention[base + i * T + j] * v[j * d + head * dk + c];
          heads[i * d + head * dk + c] = sum;
        }
      }
    }
    const attended = linear(heads, T, d, w('output'), d);
    x = x.map((value, i) => value + attended[i]);
    const hidden = linear(layerNorm(x, T, d), T, d, w('ffn1'), 2 * d, w('ffn1Bias')).map((value) => Math.max(0, value));
    const ffn = linear(hidden, T, 2 * d, w('ffn2'), d, w('ffn2Bias'));
    x = x.map((value, i) => value + ffn[i]);
  }
  const logits = linear(layerNorm(x, T, d), T, d, weights.readout, VOCABULARY, weights.readoutBias);
  const probabilities = Float64Array.from(logits);
  let loss = 0;
  const prediction: number[] = [];
  for (let t = 0; t < T; t++) {
    softmaxRow(probabilities, t * VOCABULARY, VOCABULARY);
    loss -= Math.log(probabilities[t * VOCABULARY + targets[t]]);
    let best = 0;
    for (let digit = 1; digit < VOCABULARY; digit++) if (probabilities[t * VOCABULARY + digit] > probabilities[t * VOCABULARY + best]) best = digit;
    prediction.push(best);
  }
  return { logits, probabilities, attention, loss: loss / T, prediction };
}
