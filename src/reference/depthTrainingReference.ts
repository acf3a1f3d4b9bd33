// Float64 reference for the depth lesson's short training run (no TF.js): the stack of
// depthReference.ts (same seeded float32 initial weights) as a regression model, its loss,
// ∂loss/∂W_l by a hand-written backward pass, and one plain SGD step W ← W − η ∂loss/∂W.
// The task: a fixed batch X [64, d] of seeded N(0,1) inputs; the target of each row is the
// seeded random linear map Y = X T, T ~ N(0, 1/d) [d, d] (a teacher the stack can fit);
// loss = mean over all entries of (x_L − Y)². Chosen because it needs every layer: without
// residuals the signal and the gradient must pass through all L tanh layers, with residuals
// the identity path carries both and SGD moves the early layers too.
import { normalSamples, streamSeed } from '../model/random';
import {
  activate, depthWeights, derivative, layerNorm, layerNormBackward, multiply, type DepthSetup,
} from './depthReference';

/** Rows of the fixed training batch. */
export const DEPTH_TRAIN_BATCH = 64;

/** The stack's settings; the run is made both with and without residuals. */
export type DepthTrainingSetup = Omit<DepthSetup, 'tokens' | 'residual'>;

/** The batch X [64, width], float32-rounded like every seeded number of the lesson. */
export function depthTrainInputs(setup: Pick<DepthSetup, 'seed' | 'width'>): Float32Array {
  return normalSamples(streamSeed(setup.seed, 'depth.train.inputs'), DEPTH_TRAIN_BATCH * setup.width);
}

/** The teacher T [width, width], std 1/√width (so Y = X T has std ≈ 1). */
export function depthTrainTeacher(setup: Pick<DepthSetup, 'seed' | 'width'>): Float32Array {
  return normalSamples(streamSeed(setup.seed, 'depth.train.teacher'), setup.width * setup.width, 1 / Math.sqrt(setup.width));
}

/** The targets Y = X T [64, width], in float32 (what the backend gets too). */
export function depthTrainTargets(setup: Pick<DepthSetup, 'seed' | 'width'>): Float32Array {
  const x = Float64Array.from(depthTrainInputs(setup));
  return Float32Array.from(multiply(x, depthTrainTeacher(setup), DEPTH_TRAIN_BATCH, setup.width, false));
}

interface Layer { x: Float64Array; h: Float64Array; preInv?: Float64Array; z: Float64Array; postY?: Float64Array; postInv?: Float64Array }

/** The loss at weights `weights` and ∂loss/∂W_l per layer. */
export function depthTrainLossAndGradients(
  setup: DepthTrainingSetup, residual: boolean, weights: readonly Float64Array[], withGradients = true,
): { loss: number; gradients: Float64Array[] } {
  const { depth, width: d, activation } = setup;
  const n = DEPTH_TRAIN_BATCH;
  const target = depthTrainTargets(setup);
  const layers: Layer[] = [];
  let x: Float64Array = Float64Array.from(depthTrainInputs(setup));
  for (let l = 0; l < depth; l++) {
    const layer: Layer = { x, h: x, z: x };
    if (setup.norm === 'pre') { const ln = layerNorm(x, n, d); layer.h = ln.y; layer.preInv = ln.inverseSigma; }
    layer.z = multiply(layer.h, weights[l], n, d, false);
    let branch: Float64Array = layer.z.map((z) => activate(activation, z));
    if (setup.norm === 'post') { const ln = layerNorm(branch, n, d); branch = ln.y; layer.postY = ln.y; layer.postInv = ln.inverseSigma; }
    layers.push(layer);
    x = residual ? x.map((v, i) => v + branch[i]) : branch;
  }
  let loss = 0;
  for (let i = 0; i < x.length; i++) loss += (x[i] - target[i]) ** 2;
  loss /= x.length;
  if (!withGradients) return { loss, gradients: [] };
  let g: Float64Array = x.map((v, i) => (2 * (v - target[i])) / x.length);
  const gradients: Float64Array[] = new Array(depth);
  for (let l = depth - 1; l >= 0; l--) {
    const c = layers[l];
    let gA: Float64Array = g;
    if (setup.norm === 'post') gA = layerNormBackward(c.postY!, c.postInv!, g, n, d);
    const gZ = gA.map((v, i) => v * derivative(activation, c.z[i]));
    // ∂loss/∂W = hᵀ gZ  [d, d]
    const gW = new Float64Array(d * d);
    for (let r = 0; r < n; r++) for (let k = 0; k < d; k++) {
      const hk = c.h[r * d + k];
      for (let j = 0; j < d; j++) gW[k * d + j] += hk * gZ[r * d + j];
    }
    gradients[l] = gW;
    let gX = multiply(gZ, weights[l], n, d, true);
    if (setup.norm === 'pre') gX = layerNormBackward(c.h, c.preInv!, gX, n, d);
    if (residual) gX = gX.map((v, i) => v + g[i]);
    g = gX;
  }
  return { loss, gradients };
}

/** The loss before training and after one SGD step of rate η, from the seeded initial weights. */
export function depthTrainFirstStep(setup: DepthTrainingSetup, residual: boolean, learningRate: number): DepthTrainFirstStep {
  const weights = Array.from({ length: setup.depth }, (_, l) => Float64Array.from(depthWeights(setup, l)));
  const first = depthTrainLossAndGradients(setup, residual, weights);
  const stepped = weights.map((w, l) => w.map((v, i) => v - learningRate * first.gradients[l][i]));
  return { loss0: first.loss, loss1: depthTrainLossAndGradients(setup, residual, stepped, false).loss };
}

export interface DepthTrainFirstStep {
  loss0: number;
  loss1: number;
}

/** Both runs' first step in Float64: what the backend's loss curves must start with. */
export function depthTrainingCheck(setup: DepthTrainingSetup, learningRate: number): { residual: DepthTrainFirstStep; plain: DepthTrainFirstStep } {
  return { residual: depthTrainFirstStep(setup, true, learningRate), plain: depthTrainFirstStep(setup, false, learningRate) };
}
