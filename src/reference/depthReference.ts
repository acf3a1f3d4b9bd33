// Float64 reference for the depth lesson, written from the formulas (no TF.js).
// One layer, rows = tokens, W_l = (gain/√d) · N(0,1) [d, d]:
//   h = pre ? LN(x) : x;  z = h W_l;  a = f(z);  a' = post ? LN(a) : a;  out = residual ? x + a' : a'
// Loss = mean(r ⊙ x_L), r a fixed seeded random readout: a linear read-out of the last layer.
// (Not mean(x_L²): after a LayerNorm that is ≈ 1 whatever the input, so its gradient would
// vanish for a reason that has nothing to do with depth.)
// Gradients ∂loss/∂x_l by a hand-written backward pass (chain rule).
import { normalSamples, streamSeed } from '../model/random';

export type DepthActivation = 'tanh' | 'sigmoid' | 'relu' | 'gelu' | 'linear';

/** √(2/π), of GELU's tanh form (the one GPT-2 and BERT use): ½z(1 + tanh(√(2/π)(z + 0.044715 z³))). */
const GELU_C = Math.sqrt(2 / Math.PI);
export const GELU_CUBIC = 0.044715;
export type DepthNorm = 'none' | 'pre' | 'post';

export interface DepthSetup {
  seed: number;
  depth: number;
  width: number;
  tokens: number;
  gain: number;
  activation: DepthActivation;
  norm: DepthNorm;
  residual: boolean;
}

export const LAYER_NORM_EPSILON = 1e-5;
export const SATURATION_LEVEL = 0.99;

/** Seeded inputs [tokens, width], float32-rounded: identical on every backend and here. */
export function depthInputs(setup: Pick<DepthSetup, 'seed' | 'tokens' | 'width'>): Float32Array {
  return normalSamples(streamSeed(setup.seed, 'depth.inputs'), setup.tokens * setup.width);
}

/** The readout r [tokens, width] of the loss mean(r ⊙ x_L), float32-rounded like the inputs. */
export function depthReadout(setup: Pick<DepthSetup, 'seed' | 'tokens' | 'width'>): Float32Array {
  return normalSamples(streamSeed(setup.seed, 'depth.readout'), setup.tokens * setup.width);
}

/** Layer l's weights [width, width] (row-major, z = h W), scale gain/√width. */
export function depthWeights(setup: Pick<DepthSetup, 'seed' | 'width' | 'gain'>, layer: number): Float32Array {
  return normalSamples(streamSeed(setup.seed, `depth.W${layer}`), setup.width * setup.width, setup.gain / Math.sqrt(setup.width));
}

export interface DepthStats {
  /** Per layer l = 1…L (output of layer l): mean, std (population) and saturated fraction. */
  mean: number[];
  std: number[];
  saturated: number[];
  /** Per layer l = 1…L: ‖∂loss/∂x_{l−1}‖_F, the gradient at that layer's input. */
  gradientNorm: number[];
  /** Per layer l = 1…L: every output value x_l (for the histograms). */
  outputs: Float64Array[];
  /** Mean and std of the inputs x_0. */
  inputMean: number;
  inputStd: number;
  /** mean(r ⊙ x_L) */
  loss: number;
  /** Per layer l = 1…L: the chain rule's factors on the way back through layer l (no LN, no residual):
   *  ∂loss/∂x_{l−1} = (∂loss/∂x_l ⊙ f′(z_l)) W_lᵀ. RMS of f′(z_l) over all entries, and ‖W_l‖_F / √d
   *  (the typical gain of a vector multiplied by W_lᵀ: ≈ the gain setting). */
  derivativeRms: number[];
  weightGain: number[];
  /** ‖∂loss/∂x_L‖ = ‖r‖ / N: where the backward pass starts. */
  outputGradientNorm: number;
  /** ∂loss/∂x_0, for the finite-difference check. */
  inputGradient: Float64Array;
}

export function activate(kind: DepthActivation, z: number): number {
  if (kind === 'tanh') return Math.tanh(z);
  if (kind === 'sigmoid') return 1 / (1 + Math.exp(-z));
  if (kind === 'relu') return z > 0 ? z : 0;
  if (kind === 'gelu') return 0.5 * z * (1 + Math.tanh(GELU_C * (z + GELU_CUBIC * z ** 3)));
  return z;
}

export function derivative(kind: DepthActivation, z: number): number {
  if (kind === 'tanh') { const y = Math.tanh(z); return 1 - y * y; }
  if (kind === 'sigmoid') { const y = 1 / (1 + Math.exp(-z)); return y * (1 - y); }
  if (kind === 'relu') return z > 0 ? 1 : 0;
  if (kind === 'gelu') {
    const u = GELU_C * (z + GELU_CUBIC * z ** 3);
    const t = Math.tanh(u);
    return 0.5 * (1 + t) + 0.5 * z * (1 - t * t) * GELU_C * (1 + 3 * GELU_CUBIC * z * z);
  }
  return 1;
}

/**
 * Is an activation output saturated (its slope almost 0): |tanh| > 0.99, sigmoid within 0.01
 * of 0 or 1 (slope < 0.01), or a dead ReLU (exactly 0). Linear and GELU never (GELU's slope
 * only vanishes far out on the negative side, where its output is a hair under 0).
 */
export function isSaturated(kind: DepthActivation, value: number): boolean {
  if (kind === 'tanh') return Math.abs(value) > SATURATION_LEVEL;
  if (kind === 'sigmoid') return value < 1 - SATURATION_LEVEL || value > SATURATION_LEVEL;
  if (kind === 'relu') return value === 0;
  return false;
}

export function meanAndStd(values: ArrayLike<number>): { mean: number; std: number } {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i];
  const mean = sum / values.length;
  let squares = 0;
  for (let i = 0; i < values.length; i++) squares += (values[i] - mean) ** 2;
  return { mean, std: Math.sqrt(squares / values.length) };
}

/** Row-wise LayerNorm without gain/bias; also returns 1/σ per row for the backward pass. */
export function layerNorm(x: Float64Array, rows: number, cols: number): { y: Float64Array; inverseSigma: Float64Array } {
  const y = new Float64Array(x.length);
  const inverseSigma = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    let mean = 0;
    for (let c = 0; c < cols; c++) mean += x[r * cols + c];
    mean /= cols;
    let variance = 0;
    for (let c = 0; c < cols; c++) variance += (x[r * cols + c] - mean) ** 2;
    variance /= cols;
    const inv = 1 / Math.sqrt(variance + LAYER_NORM_EPSILON);
    inverseSigma[r] = inv;
    for (let c = 0; c < cols; c++) y[r * cols + c] = (x[r * cols + c] - mean) * inv;
  }
  return { y, inverseSigma };
}

/** ∂/∂x of LN given y = LN(x) and g = ∂loss/∂y: (1/σ)(g − mean(g) − y·mean(g·y)) per row. */
export function layerNormBackward(y: Float64Array, inverseSigma: Float64Array, g: Float64Array, rows: number, cols: number): Float64Array {
  const out = new Float64Array(g.length);
  for (let r = 0; r < rows; r++) {
    let meanG = 0;
    let meanGY = 0;
    for (let c = 0; c < cols; c++) { meanG += g[r * cols + c]; meanGY += g[r * cols + c] * y[r * cols + c]; }
    meanG /= cols;
    meanGY /= cols;
    for (let c = 0; c < cols; c++) {
      const i = r * cols + c;
      out[i] = inverseSigma[r] * (g[i] - meanG - y[i] * meanGY);
    }
  }
  return out;
}

/** out[n, d] = a[n, d] · W[d, d] (transpose: a · Wᵀ). */
export function multiply(a: Float64Array, w: ArrayLike<number>, rows: number, d: number, transpose: boolean): Float64Array {
  const out = new Float64Array(rows * d);
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < d; j++) {
      let sum = 0;
      for (let k = 0; k < d; k++) sum += a[r * d + k] * (transpose ? w[j * d + k] : w[k * d + j]);
      out[r * d + j] = sum;
    }
  }
  return out;
}

const norm = (values: Float64Array) => Math.sqrt(values.reduce((sum, v) => sum + v * v, 0));

export function depthReference(setup: DepthSetup, inputOverride?: Float64Array): DepthStats {
  const { depth, width: d, tokens: n, activation } = setup;
  const input = inputOverride ?? Float64Array.from(depthInputs(setup));
  const inputStats = meanAndStd(input);
  interface Cache { x: Float64Array; h: Float64Array; preInv?: Float64Array; z: Float64Array; a: Float64Array; postY?: Float64Array; postInv?: Float64Array; w: Float32Array }
  const caches: Cache[] = [];
  const stats: DepthStats = {
    mean: [], std: [], saturated: [], gradientNorm: [], outputs: [], inputMean: inputStats.mean, inputStd: inputStats.std, loss: 0, inputGradient: new Float64Array(),
    derivativeRms: [], weightGain: [], outputGradientNorm: 0,
  };
  let x: Float64Array = input;
  for (let l = 0; l < depth; l++) {
    const w = depthWeights(setup, l);
    const cache: Cache = { x, h: x, z: x, a: x, w };
    if (setup.norm === 'pre') { const ln = layerNorm(x, n, d); cache.h = ln.y; cache.preInv = ln.inverseSigma; }
    cache.z = multiply(cache.h, w, n, d, false);
    cache.a = cache.z.map((z) => activate(activation, z));
    stats.derivativeRms.push(Math.sqrt(cache.z.reduce((sum, z) => sum + derivative(activation, z) ** 2, 0) / cache.z.length));
    stats.weightGain.push(Math.sqrt(w.reduce((sum, v) => sum + v * v, 0) / d));
    let saturatedCount = 0;
    for (const value of cache.a) if (isSaturated(activation, value)) saturatedCount++;
    let branch = cache.a;
    if (setup.norm === 'post') { const ln = layerNorm(cache.a, n, d); branch = ln.y; cache.postY = ln.y; cache.postInv = ln.inverseSigma; }
    const out = setup.residual ? x.map((v, i) => v + branch[i]) : branch;
    const s = meanAndStd(out);
    stats.mean.push(s.mean);
    stats.std.push(s.std);
    stats.saturated.push(saturatedCount / out.length);
    stats.outputs.push(out);
    caches.push(cache);
    x = out;
  }
  // Backward: loss = mean(r ⊙ x_L) → g = r / N.
  const readout = depthReadout(setup);
  stats.loss = x.reduce((sum, v, i) => sum + v * readout[i], 0) / x.length;
  let g: Float64Array = Float64Array.from(readout, (r) => r / x.length);
  stats.outputGradientNorm = norm(g);
  const gradients: number[] = new Array(depth);
  for (let l = depth - 1; l >= 0; l--) {
    const c = caches[l];
    let gA: Float64Array = g;
    if (setup.norm === 'post') gA = layerNormBackward(c.postY!, c.postInv!, g, n, d);
    const gZ = gA.map((v, i) => v * derivative(activation, c.z[i]));
    let gX = multiply(gZ, c.w, n, d, true);
    if (setup.norm === 'pre') gX = layerNormBackward(c.h, c.preInv!, gX, n, d);
    if (setup.residual) gX = gX.map((v, i) => v + g[i]);
    gradients[l] = norm(gX);
    g = gX;
  }
  stats.gradientNorm = gradients;
  stats.inputGradient = g;
  return stats;
}
