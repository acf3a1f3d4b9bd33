// The depth lesson's short training run on the active TF.js backend (runs in the model worker):
// the probe's stack (same seeded float32 initial weights W_l, src/reference/depthReference.ts)
// trained twice on the seeded regression task of src/reference/depthTrainingReference.ts
// (X [64, d], target Y = X T, loss = mean((x_L − Y)²)): once with residual connections, once
// without. Plain SGD, W ← W − η ∂loss/∂W: Adam would rescale each weight's step by its own
// gradient size and so hide exactly the vanishing gradients the figure is about.
import { tf } from './tf';
import { activate, layerNorm } from './depthProbe';
import { depthWeights } from '../reference/depthReference';
import {
  DEPTH_TRAIN_BATCH, depthTrainingCheck, depthTrainInputs, depthTrainTargets, type DepthTrainFirstStep, type DepthTrainingSetup,
} from '../reference/depthTrainingReference';

/** At most this many steps (the lesson asks for fewer; a cap keeps a stray URL cheap). */
export const DEPTH_TRAIN_MAX_STEPS = 200;

export interface DepthTrainingInput extends DepthTrainingSetup {
  steps: number;
  learningRate: number;
}

export interface DepthTrainingResult {
  input: DepthTrainingInput;
  /** Loss at step 0…steps (steps + 1 values; non-finite as null), with and without residuals. */
  residual: (number | null)[];
  plain: (number | null)[];
  backend: string;
  /** The same first step computed independently in Float64 (src/reference/), here in the worker
   *  so the page's check costs the page nothing: loss at step 0 and 1 of each run. */
  reference: { residual: DepthTrainFirstStep; plain: DepthTrainFirstStep };
}

async function trainOnce(setup: DepthTrainingInput, residual: boolean): Promise<(number | null)[]> {
  const { depth, width } = setup;
  const steps = Math.max(0, Math.min(DEPTH_TRAIN_MAX_STEPS, Math.round(setup.steps)));
  const input = tf.tensor2d(depthTrainInputs(setup), [DEPTH_TRAIN_BATCH, width]);
  const target = tf.tensor2d(depthTrainTargets(setup), [DEPTH_TRAIN_BATCH, width]);
  const weights = Array.from({ length: depth }, (_, l) => {
    const initial = tf.tensor2d(depthWeights(setup, l), [width, width]);
    const variable = tf.variable(initial, true, undefined, 'float32');
    initial.dispose();
    return variable;
  });
  const loss = (): tf.Scalar => {
    let x: tf.Tensor = input;
    for (let l = 0; l < depth; l++) {
      const h = setup.norm === 'pre' ? layerNorm(x) : x;
      const a = activate(setup.activation, tf.matMul(h, weights[l]));
      const branch = setup.norm === 'post' ? layerNorm(a) : a;
      x = residual ? tf.add(x, branch) : branch;
    }
    return tf.mean(tf.squaredDifference(x, target));
  };
  // Each step's loss stays on the device until the end: one read-back, not one per step.
  const losses: tf.Scalar[] = [];
  try {
    for (let step = 0; step < steps; step++) {
      losses.push(tf.tidy(() => {
        const { value, grads } = tf.variableGrads(loss, weights);
        for (const w of weights) w.assign(tf.sub(w, tf.mul(setup.learningRate, grads[w.name])));
        return value;
      }));
    }
    losses.push(tf.tidy(loss));
    const stacked = tf.stack(losses);
    const values = await stacked.data().finally(() => stacked.dispose());
    return Array.from(values, (v) => (Number.isFinite(v) ? v : null));
  } finally {
    tf.dispose([input, target, ...weights, ...losses]);
  }
}

export async function runDepthTraining(setup: DepthTrainingInput): Promise<DepthTrainingResult> {
  const residual = await trainOnce(setup, true);
  const plain = await trainOnce(setup, false);
  const input: DepthTrainingInput = {
    seed: setup.seed, depth: setup.depth, width: setup.width, gain: setup.gain, activation: setup.activation,
    norm: setup.norm, steps: setup.steps, learningRate: setup.learningRate,
  };
  return { input, residual, plain, backend: tf.getBackend(), reference: depthTrainingCheck(setup, setup.learningRate) };
}
