// The √d_k lesson's experiment, on the active TF.js backend (it runs in the model worker).
//
// S query rows q and, for each, m keys k, standard normal and 1024 wide, are drawn once
// per seed on the host (random.ts: the same numbers on every backend). Every probed d_k
// uses the first d_k components of the same vectors (nested prefixes), so the curves over
// d_k are smooth rather than noisy. For each d_k, unscaled and scaled:
//   z = q·k   or   z = q·k / √d_k          (one row of m logits per query)
//   p = softmax(z)                          (row maximum subtracted)
//   J = ∂p/∂z, by autodiff (tf.grad) through that softmax, one m × m matrix per row, and
//       its Frobenius norm
//   entropy −Σ p ln p, max weight
// The backend computes z, p and J in float32; sums over a row's values happen here in
// float64, so squares of tiny Jacobian entries do not underflow on the way. Only plain
// typed arrays and numbers come back.

import { tf } from './tf';
import { whileWaiting } from './heldTensors';
import { normalSamples, streamSeed } from './random';

/** Width of the drawn vectors: the largest d_k the probe can use. */
export const PROBE_WIDTH = 1024;

export interface ScalingProbeInput {
  seed: number;
  /** Query rows S (each with its own keys). */
  samples: number;
  /** Keys per query m: the width of each softmax row. */
  keys: number;
  /** The d_k values to probe, each 1 … 1024. */
  dkChoices: readonly number[];
}

export interface ScalingProbeCase {
  dK: number;
  scaled: boolean;
  /** z per row and key, [S, m] row-major. */
  logits: Float32Array;
  /** softmax(z) per row, [S, m] row-major. */
  weights: Float32Array;
  /** Per row: −Σ p ln p (nats). */
  rowEntropy: Float64Array;
  /** Per row: max p. */
  rowMaxWeight: Float64Array;
  /** Per row: ‖∂p/∂z‖_F of the autodiff Jacobian. */
  rowJacobianNorm: Float64Array;
  logitMean: number;
  /** (1/N) Σ (z − z̄)² over all S·m logits. */
  logitVariance: number;
  meanEntropy: number;
  meanMaxWeight: number;
  meanJacobianNorm: number;
  medianJacobianNorm: number;
  /** Rows whose max weight is exactly 1 in float32: one-hot. */
  oneHotRows: number;
  /** Rows whose Jacobian came back exactly 0: every gradient through the softmax is gone. */
  zeroJacobianRows: number;
}

export interface ScalingProbeResult {
  seed: number;
  samples: number;
  keys: number;
  dkChoices: number[];
  /** For each d_k in order: the unscaled case, then the scaled one. */
  cases: ScalingProbeCase[];
  backend: string;
  /** Wall time from upload to the last statistic, ms. */
  elapsedMs: number;
  /** NaN or ±∞ values the backend returned (0 in float32; they are left out of every statistic). */
  nonFiniteCount: number;
}

interface HostSamples {
  seed: number;
  samples: number;
  keys: number;
  /** [S, 1024] */
  queries: Float32Array;
  /** [S, m, 1024] */
  keyVectors: Float32Array;
}

let cachedSamples: HostSamples | null = null;

/** The seeded q and k (drawn once per seed and size, then reused). */
export function probeSamples(seed: number, samples: number, keys: number): HostSamples {
  const cached = cachedSamples;
  if (cached && cached.seed === seed && cached.samples === samples && cached.keys === keys) return cached;
  cachedSamples = {
    seed,
    samples,
    keys,
    queries: normalSamples(streamSeed(seed, 'scalingProbe.queries'), samples * PROBE_WIDTH),
    keyVectors: normalSamples(streamSeed(seed, 'scalingProbe.keys'), samples * keys * PROBE_WIDTH),
  };
  return cachedSamples;
}

function validate(input: ScalingProbeInput): void {
  const { samples, keys, dkChoices } = input;
  if (!Number.isInteger(samples) || samples < 1 || samples > 4096) throw new Error(`samples must be 1 … 4096, got ${samples}`);
  if (!Number.isInteger(keys) || keys < 2 || keys > 64) throw new Error(`keys must be 2 … 64, got ${keys}`);
  if (dkChoices.length === 0) throw new Error('no d_k to probe');
  for (const dK of dkChoices) {
    if (!Number.isInteger(dK) || dK < 1 || dK > PROBE_WIDTH) throw new Error(`d_k must be 1 … ${PROBE_WIDTH}, got ${dK}`);
  }
}

/**
 * Row-wise softmax from elementwise ops and matrix products: p = e / (e·1) with
 * e = exp(z − c), where c [rows, 1] is any per-row shift (the row maximum keeps exp ≤ 1;
 * softmax does not depend on it). Row sums and their broadcast are products with a vector
 * of ones rather than TF.js reductions, which spend a whole workgroup on each short row and
 * cost seconds on a software GPU at tens of thousands of rows.
 */
export function softmaxRows(logits: tf.Tensor2D, shift: tf.Tensor2D): tf.Tensor2D {
  const keys = logits.shape[1];
  const exponentials = tf.exp(tf.sub(logits, tf.matMul(shift, tf.ones([1, keys]))));
  const inverseSums = tf.reciprocal(tf.matMul(exponentials, tf.ones([keys, 1])));
  return tf.mul(exponentials, tf.matMul(inverseSums, tf.ones([1, keys])));
}

/**
 * ∂p/∂z of p = softmax(z) for every row of z [rows, m] by autodiff (tf.grad), as
 * [rows, m, m] with J[b][i][j] = ∂pᵢ/∂zⱼ of row b, in one backward pass: each row is
 * repeated m times, and the r-th copy's output is weighted by the unit vector eᵣ, so that
 * copy's gradient is eᵣᵀ ∂p/∂z, row r of J. Call inside tf.tidy.
 */
export function softmaxJacobians(logits: tf.Tensor2D): tf.Tensor3D {
  const [rows, keys] = logits.shape;
  // The shift is a constant to the gradient: softmax(z − c) = softmax(z) for any c.
  const rowMax = tf.max(logits, 1, true) as tf.Tensor2D;
  const repeat = (x: tf.Tensor2D) => tf.reshape(tf.tile(x, [1, keys]), [rows * keys, x.shape[1]]) as tf.Tensor2D;
  const repeatedLogits = repeat(logits);
  const repeatedShift = repeat(rowMax);
  const unitRows = tf.tile(tf.eye(keys), [rows, 1]);
  const jacobianRows = tf.grad((z: tf.Tensor) => softmaxRows(z as tf.Tensor2D, repeatedShift))(repeatedLogits, unitRows);
  return tf.reshape(jacobianRows, [rows, keys, keys]);
}

/** Run the experiment on the active backend. Creates no tensor that outlives the call. */
export async function runScalingProbe(input: ScalingProbeInput): Promise<ScalingProbeResult> {
  validate(input);
  const started = performance.now();
  const { seed, samples, keys } = input;
  const dkChoices = [...input.dkChoices];
  const host = probeSamples(seed, samples, keys);
  const caseCount = dkChoices.length * 2;
  const rowCount = caseCount * samples;

  const flat = tf.tidy(() => {
    const queries = tf.tensor2d(host.queries, [samples, PROBE_WIDTH]);
    const keyVectors = tf.tensor3d(host.keyVectors, [samples, keys, PROBE_WIDTH]);
    // Every product qᵢkᵢ, then one matrix product with a 0/1 matrix whose column c keeps
    // the components below d_k of choice c: every prefix's dot product at once, exactly
    // (adding zeros is exact).
    const products = tf.reshape(tf.mul(keyVectors, tf.expandDims(queries, 1)), [samples * keys, PROBE_WIDTH]);
    const prefixMask = new Float32Array(PROBE_WIDTH * dkChoices.length);
    for (let i = 0; i < PROBE_WIDTH; i++) {
      dkChoices.forEach((dK, column) => (prefixMask[i * dkChoices.length + column] = i < dK ? 1 : 0));
    }
    const prefixDots = tf.matMul(products, tf.tensor2d(prefixMask, [PROBE_WIDTH, dkChoices.length]));
    const dots = tf.transpose(tf.reshape(prefixDots, [samples, keys, dkChoices.length]), [2, 0, 1]); // [C, S, m]
    const inverseRoots = tf.tensor3d(dkChoices.map((dK) => 1 / Math.sqrt(dK)), [dkChoices.length, 1, 1]);
    const logits = tf.reshape(tf.stack([dots, tf.mul(dots, inverseRoots)], 1), [rowCount, keys]) as tf.Tensor2D; // [C·2·S, m]
    const weights = softmaxRows(logits, tf.max(logits, 1, true) as tf.Tensor2D);
    const jacobians = softmaxJacobians(logits);
    return tf.concat([tf.reshape(logits, [-1]), tf.reshape(weights, [-1]), tf.reshape(jacobians, [-1])]);
  });
  let buffer: Float32Array;
  try {
    buffer = (await whileWaiting([flat], () => flat.data())) as Float32Array;
  } finally {
    flat.dispose();
  }

  const rowValues = rowCount * keys;
  const allLogits = buffer.subarray(0, rowValues);
  const allWeights = buffer.subarray(rowValues, 2 * rowValues);
  const allJacobians = buffer.subarray(2 * rowValues);
  let nonFiniteCount = 0;
  for (let i = 0; i < buffer.length; i++) if (!Number.isFinite(buffer[i])) nonFiniteCount++;

  const cases: ScalingProbeCase[] = [];
  dkChoices.forEach((dK, column) => {
    for (const scaled of [false, true]) {
      const caseIndex = column * 2 + (scaled ? 1 : 0);
      const start = caseIndex * samples * keys;
      cases.push(
        summarize(
          dK,
          scaled,
          samples,
          keys,
          allLogits.slice(start, start + samples * keys),
          allWeights.slice(start, start + samples * keys),
          allJacobians.subarray(start * keys, (start + samples * keys) * keys),
        ),
      );
    }
  });

  return {
    seed,
    samples,
    keys,
    dkChoices,
    cases,
    backend: tf.getBackend(),
    elapsedMs: performance.now() - started,
    nonFiniteCount,
  };
}

function summarize(
  dK: number,
  scaled: boolean,
  samples: number,
  keys: number,
  logits: Float32Array,
  weights: Float32Array,
  jacobians: Float32Array,
): ScalingProbeCase {
  const rowEntropy = new Float64Array(samples);
  const rowMaxWeight = new Float64Array(samples);
  const rowJacobianNorm = new Float64Array(samples);
  let oneHotRows = 0;
  let zeroJacobianRows = 0;
  for (let row = 0; row < samples; row++) {
    let rowEntropySum = 0;
    let max = 0;
    for (let key = 0; key < keys; key++) {
      const p = weights[row * keys + key];
      if (!Number.isFinite(p)) continue;
      if (p > 0) rowEntropySum -= p * Math.log(p); // 0 · ln 0 = 0
      max = Math.max(max, p);
    }
    let squares = 0;
    const size = keys * keys;
    for (let i = row * size; i < (row + 1) * size; i++) {
      const entry = jacobians[i];
      if (Number.isFinite(entry)) squares += entry * entry; // float64: 1e-30² does not underflow
    }
    rowEntropy[row] = rowEntropySum;
    rowMaxWeight[row] = max;
    rowJacobianNorm[row] = Math.sqrt(squares);
    if (max === 1) oneHotRows++;
    if (squares === 0) zeroJacobianRows++;
  }
  let sum = 0;
  let finite = 0;
  for (const z of logits) {
    if (Number.isFinite(z)) {
      sum += z;
      finite++;
    }
  }
  const logitMean = finite > 0 ? sum / finite : 0;
  let squares = 0;
  for (const z of logits) if (Number.isFinite(z)) squares += (z - logitMean) ** 2;
  const sorted = Float64Array.from(rowJacobianNorm).sort();
  const middle = samples >> 1;
  return {
    dK,
    scaled,
    logits,
    weights,
    rowEntropy,
    rowMaxWeight,
    rowJacobianNorm,
    logitMean,
    logitVariance: finite > 0 ? squares / finite : 0,
    meanEntropy: average(rowEntropy),
    meanMaxWeight: average(rowMaxWeight),
    meanJacobianNorm: average(rowJacobianNorm),
    medianJacobianNorm: samples % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2,
    oneHotRows,
    zeroJacobianRows,
  };
}

function average(values: Float64Array): number {
  let sum = 0;
  for (const value of values) sum += value;
  return values.length > 0 ? sum / values.length : 0;
}
