// The depth lesson's experiment on the active TF.js backend (runs in the model worker).
// Seeded inputs x_0 [tokens, width] and weights W_l (random.ts, the same float32 numbers
// on every backend and in src/reference/depthReference.ts) go through L layers:
//   h = pre ? LN(x) : x;  z = h W_l;  a = f(z);  a' = post ? LN(a) : a;  x_{l+1} = residual ? x + a' : a'
// Per layer: mean, std and saturated fraction of the output, and ‖∂loss/∂x_l‖ by autodiff
// (tf.grads), loss = mean(r ⊙ x_L) with the reference's seeded readout r. A zero tensor e_l is added to every layer's input so one
// backward pass yields the gradient at every layer (∂loss/∂e_l = ∂loss/∂x_l).
// Statistics are summed here in float64 from the float32 values; non-finite values
// (float32 overflow) are counted, never averaged.
import { tf } from './tf';
import { whileWaiting } from './heldTensors';
import {
  depthInputs, depthReadout, depthWeights, GELU_CUBIC, isSaturated, LAYER_NORM_EPSILON, type DepthSetup,
} from '../reference/depthReference';

export interface DepthProbeInput extends DepthSetup {
  /** Layers (1-based) whose output values are sent back too, for the histograms. */
  sampleLayers?: readonly number[];
}

/** Every output value of one layer, as the backend computed it (float32, may hold ±Infinity/NaN). */
export interface DepthLayerSample {
  layer: number;
  values: Float32Array;
}

export interface DepthProbeLayer {
  /** null where the layer's output holds a non-finite value (float32 overflow). */
  mean: number | null;
  std: number | null;
  saturated: number | null;
  /** ‖∂loss/∂x_{l}‖_F at this layer's input; null where non-finite. */
  gradientNorm: number | null;
  /** The chain rule's factors through this layer: RMS of f′(z) (by autodiff of f on the
   *  backend, null where non-finite) and ‖W‖_F / √d. */
  derivativeRms: number | null;
  weightGain: number;
}

export interface DepthProbeResult {
  setup: DepthSetup;
  layers: DepthProbeLayer[];
  inputStd: number;
  /** First layer (1-based) whose output overflowed float32, or null. */
  overflowLayer: number | null;
  backend: string;
  /** The outputs of the requested sampleLayers, in the order asked. */
  samples: DepthLayerSample[];
  /** ‖∂loss/∂x_L‖ = ‖r‖ / N, where the backward pass starts. */
  outputGradientNorm: number;
}

export function layerNorm(x: tf.Tensor): tf.Tensor {
  const { mean, variance } = tf.moments(x, 1, true);
  return tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, LAYER_NORM_EPSILON)));
}

export function activate(kind: DepthSetup['activation'], z: tf.Tensor): tf.Tensor {
  if (kind === 'tanh') return tf.tanh(z);
  if (kind === 'sigmoid') return tf.sigmoid(z);
  if (kind === 'relu') return tf.relu(z);
  if (kind === 'gelu') {
    // The tanh form, ½z(1 + tanh(√(2/π)(z + 0.044715 z³))), from ops that autodiff knows.
    const inner = tf.mul(Math.sqrt(2 / Math.PI), tf.add(z, tf.mul(GELU_CUBIC, tf.pow(z, 3))));
    return tf.mul(tf.mul(0.5, z), tf.add(1, tf.tanh(inner)));
  }
  return z;
}

/** RMS over all entries of f′(z), f′ by autodiff of f on the backend (an elementwise f: ∂Σf(z)/∂z = f′(z)). */
function derivativeRms(kind: DepthSetup['activation'], z: tf.Tensor): tf.Scalar {
  return tf.tidy(() => {
    const slope = tf.grad((input: tf.Tensor) => tf.sum(activate(kind, input)))(z);
    return tf.sqrt(tf.mean(tf.square(slope))) as tf.Scalar;
  });
}

function finiteStats(values: Float32Array, kind: DepthSetup['activation'], activations: Float32Array): Pick<DepthProbeLayer, 'mean' | 'std' | 'saturated'> {
  let sum = 0;
  for (const v of values) { if (!Number.isFinite(v)) return { mean: null, std: null, saturated: null }; sum += v; }
  const mean = sum / values.length;
  let squares = 0;
  for (const v of values) squares += (v - mean) ** 2;
  let saturatedCount = 0;
  for (const v of activations) if (isSaturated(kind, v)) saturatedCount++;
  return { mean, std: Math.sqrt(squares / values.length), saturated: saturatedCount / activations.length };
}

function finiteNorm(values: Float32Array): number | null {
  let squares = 0;
  for (const v of values) { if (!Number.isFinite(v)) return null; squares += v * v; }
  return Number.isFinite(squares) ? Math.sqrt(squares) : null;
}

export async function runDepthProbe(setup: DepthProbeInput): Promise<DepthProbeResult> {
  const { depth, width, tokens } = setup;
  const inputValues = depthInputs(setup);
  const outputs: tf.Tensor[] = [];
  const activations: tf.Tensor[] = [];
  const slopes: tf.Tensor[] = [];
  const input = tf.tensor2d(inputValues, [tokens, width]) as tf.Tensor;
  const weights = Array.from({ length: depth }, (_, l) => tf.tensor2d(depthWeights(setup, l), [width, width]));
  const offsets = weights.map(() => tf.zeros([tokens, width]));
  const readout = tf.tensor2d(depthReadout(setup), [tokens, width]);
  const forward = (record: boolean) => (...perturbations: tf.Tensor[]) => {
    let x = input;
    for (let l = 0; l < depth; l++) {
      x = tf.add(x, perturbations[l]);
      const h = setup.norm === 'pre' ? layerNorm(x) : x;
      const z = tf.matMul(h, weights[l]);
      const a = activate(setup.activation, z);
      if (record) slopes.push(tf.keep(derivativeRms(setup.activation, z)));
      const branch = setup.norm === 'post' ? layerNorm(a) : a;
      const out = setup.residual ? tf.add(x, branch) : branch;
      if (record) { outputs.push(tf.keep(out)); activations.push(tf.keep(a)); }
      x = out;
    }
    return tf.mean(tf.mul(readout, x));
  };
  // Forward statistics from a plain pass (kept tensors), gradients from tf.grads.
  tf.tidy(() => { forward(true)(...offsets); });
  const gradients = tf.tidy(() => tf.grads(forward(false))(offsets));
  const layers: DepthProbeLayer[] = [];
  const samples: DepthLayerSample[] = [];
  const wanted = setup.sampleLayers ?? [];
  let overflowLayer: number | null = null;
  const weightGains = weights.map((w) => tf.tidy(() => tf.div(tf.norm(w), Math.sqrt(width))));
  const all = [input, readout, ...weights, ...offsets, ...outputs, ...activations, ...gradients, ...slopes, ...weightGains];
  await whileWaiting(all, async () => {
    for (let l = 0; l < depth; l++) {
      const values = (await outputs[l].data()) as Float32Array;
      // Copied: the backend may reuse the buffer it handed out once the tensor is disposed.
      if (wanted.includes(l + 1)) samples.push({ layer: l + 1, values: Float32Array.from(values) });
      const stats = finiteStats(values, setup.activation, (await activations[l].data()) as Float32Array);
      if (stats.std === null && overflowLayer === null) overflowLayer = l + 1;
      const slope = (await slopes[l].data())[0];
      layers.push({
        ...stats,
        gradientNorm: finiteNorm((await gradients[l].data()) as Float32Array),
        derivativeRms: Number.isFinite(slope) ? slope : null,
        weightGain: (await weightGains[l].data())[0],
      });
    }
  });
  tf.dispose(all);
  let sum = 0;
  for (const v of inputValues) sum += v;
  const inputMean = sum / inputValues.length;
  let squares = 0;
  for (const v of inputValues) squares += (v - inputMean) ** 2;
  samples.sort((a, b) => wanted.indexOf(a.layer) - wanted.indexOf(b.layer));
  const plainSetup: DepthSetup = {
    seed: setup.seed, depth, width, tokens, gain: setup.gain, activation: setup.activation, norm: setup.norm, residual: setup.residual,
  };
  const readoutValues = depthReadout(setup);
  const outputGradientNorm = Math.sqrt(readoutValues.reduce((sum, r) => sum + r * r, 0)) / readoutValues.length;
  return { setup: plainSetup, samples, layers, inputStd: Math.sqrt(squares / inputValues.length), overflowLayer, backend: tf.getBackend(), outputGradientNorm };
}
