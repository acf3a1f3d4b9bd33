// The long-range lesson's measurement on the active TF.js backend (runs in the model worker):
// ‖∂y_last/∂x_first‖_F for one self-attention layer and for a tanh RNN, at every sequence
// length n = 2 … maxN, by autodiff (tf.grad). The seeded float32 tokens and weights are those
// of src/reference/longRangeReference.ts, which computes the same Jacobians in Float64 from
// the formulas.
//
// Reverse mode gives one row of a Jacobian per backward pass. To get every row for every n
// in one pass, the first token is copied: copy c = (n, k) has its own x_0 and contributes
// y_n[k] to the loss, so ∂loss/∂x_0^(c) is row k of ∂y_n/∂x_0 (copies never mix). The other
// tokens are shared. Masking the keys after token n − 1 makes position n − 1 the last
// position of a length-n sequence; the RNN's state h_{n−1} already is (it sees only x_0 … x_{n−1}).
import { tf } from './tf';
import { whileWaiting } from './heldTensors';
import { MASK_VALUE } from './config';
import { longRangeInputs, longRangeWeights, sweepLengths, type LongRangeSetup } from '../reference/longRangeReference';

export type LongRangeProbeInput = LongRangeSetup;

export interface LongRangeProbeResult {
  setup: LongRangeSetup;
  /** n = 2 … maxN */
  lengths: number[];
  /** ‖∂y_last/∂x_first‖_F at each n; null where the backend's gradient held a non-finite value. */
  attention: (number | null)[];
  rnn: (number | null)[];
  backend: string;
}

/** Copy (n, k) of the sweep is number i·d + k, for lengths[i] = n. */
/** A table with `size` numbers per copy, filled by `fill`. */
function copyTable(lengths: number[], d: number, size: number, fill: (out: Float32Array, copy: number, n: number, k: number) => void): Float32Array {
  const out = new Float32Array(lengths.length * d * size);
  lengths.forEach((n, i) => {
    for (let k = 0; k < d; k++) fill(out, i * d + k, n, k);
  });
  return out;
}

/** ‖J_n‖_F per n from the copies' gradients [copies, d] (copy i·d + k holds row k of J). */
function norms(gradient: Float32Array, count: number, d: number): (number | null)[] {
  return Array.from({ length: count }, (_, i) => {
    let sum = 0;
    for (let index = i * d * d; index < (i + 1) * d * d; index++) {
      const v = gradient[index];
      if (!Number.isFinite(v)) return null;
      sum += v * v; // float64: squares of tiny float32 gradients stay representable
    }
    return Math.sqrt(sum);
  });
}

/**
 * TF.js's WebGPU backend batches up to 15 dispatches before it submits them. With this probe's
 * many small kernels (64 RNN steps and their gradients) that batching gave wrong RNN gradients
 * from the second run on, on SwiftShader's WebGPU: 1.78 instead of 0.769 at n = 2 (seed 1,
 * scale 0.5), while the first run, WebGL, WASM and CPU all agree with the Float64 reference.
 * Submitting every dispatch at once (the backend's own flag, read per dispatch) gives the
 * reference's numbers on every run. Scoped to this probe: the model's forward pass keeps the
 * batching, which its parity tests cover.
 */
const SUBMIT_BATCH_FLAG = 'WEBGPU_DEFERRED_SUBMIT_BATCH_SIZE';
async function withImmediateSubmit<T>(run: () => Promise<T>): Promise<T> {
  if (tf.getBackend() !== 'webgpu') return run();
  const previous = tf.env().get(SUBMIT_BATCH_FLAG);
  tf.env().set(SUBMIT_BATCH_FLAG, 1);
  try {
    return await run();
  } finally {
    tf.env().set(SUBMIT_BATCH_FLAG, previous);
  }
}

export function runLongRangeProbe(setup: LongRangeProbeInput): Promise<LongRangeProbeResult> {
  return withImmediateSubmit(() => measureLongRange(setup));
}

async function measureLongRange(setup: LongRangeProbeInput): Promise<LongRangeProbeResult> {
  const { dModel: d, maxN } = setup;
  const lengths = sweepLengths(maxN);
  const copies = lengths.length * d;
  const inputs = longRangeInputs(setup);
  const weights = longRangeWeights(setup);
  const matrix = (values: Float32Array) => tf.tensor2d(values, [d, d]);
  const [query, key, value, inputWeights, recurrent] = [weights.query, weights.key, weights.value, weights.input, weights.recurrent].map(matrix);
  const [first, rest, atLast, component, penalty, ...pickAt] = tf.tidy(() => {
    // x_0, the same for every copy (each copy gets its own gradient); the other tokens [maxN − 1, d], shared.
    const first = tf.tile(tf.tensor2d(inputs.subarray(0, d), [1, d]), [copies, 1]);
    const rest = tf.tensor2d(inputs.subarray(d), [maxN - 1, d]);
    // Copy (n, k): the query's token n − 1 (as an index into the shared tokens 1 …), one-hot
    // of component k [copies, d]; its keys after token n − 1 masked [copies, maxN].
    const atLast = tf.tensor1d(Array.from({ length: copies }, (_, c) => lengths[Math.floor(c / d)] - 2), 'int32');
    const component = tf.tensor2d(copyTable(lengths, d, d, (out, c, _n, k) => (out[c * d + k] = 1)), [copies, d]);
    // pickAt[t]: component k of the copies (n, k) whose last position n − 1 is t [copies, d].
    const pickAt = Array.from({ length: maxN }, (_, t) => tf.tensor2d(copyTable(lengths, d, d, (out, c, n, k) => (out[c * d + k] = n - 1 === t ? 1 : 0)), [copies, d]));
    const allowed = copyTable(lengths, d, maxN, (out, c, n) => out.fill(1, c * maxN, c * maxN + n));
    const penalty = tf.mul(tf.sub(1, tf.tensor2d(allowed, [copies, maxN])), MASK_VALUE);
    return [first, rest, atLast, component, penalty, ...pickAt];
  });

  // Copy (n, k): y = softmax(q_{n−1} Kᵀ/√d + mask) V over the first n tokens; loss term y[k].
  // Only k_0 and v_0 come from the copy's x_0; the query (token n − 1 ≥ 1) and the other
  // keys and values are the shared tokens', computed once (no [copies, n, d] tensors).
  const attentionLoss = (x0: tf.Tensor): tf.Scalar => {
    const q = tf.gather(tf.matMul(rest, query), atLast); // [copies, d]
    const firstScore = tf.sum(tf.mul(q, tf.matMul(x0, key)), 1, true); // q·k_0 [copies, 1]
    const restScores = tf.matMul(q, tf.matMul(rest, key), false, true); // q·k_j, j ≥ 1 [copies, maxN − 1]
    const weights = tf.softmax(tf.add(tf.div(tf.concat([firstScore, restScores], 1), Math.sqrt(d)), penalty));
    const output = tf.add(
      tf.mul(tf.slice(weights, [0, 0], [copies, 1]), tf.matMul(x0, value)),
      tf.matMul(tf.slice(weights, [0, 1], [copies, maxN - 1]), tf.matMul(rest, value)),
    );
    return tf.sum(tf.mul(output, component));
  };
  // Copy (n, k): loss term h_{n−1}[k], added at the step that produces it (no stacked states).
  const rnnLoss = (x0: tf.Tensor): tf.Scalar => {
    const drive = tf.matMul(rest, inputWeights); // x_t U for t = 1 … maxN − 1
    let h = tf.tanh(tf.matMul(x0, inputWeights));
    const terms: tf.Tensor[] = [];
    for (let t = 1; t < maxN; t++) {
      h = tf.tanh(tf.add(tf.matMul(h, recurrent), tf.slice(drive, [t - 1, 0], [1, d])));
      terms.push(tf.sum(tf.mul(h, pickAt[t])));
    }
    return tf.addN(terms) as tf.Scalar;
  };
  const attentionGradient = tf.tidy(() => tf.grad(attentionLoss)(first));
  const rnnGradient = tf.tidy(() => tf.grad(rnnLoss)(first));
  const all = [query, key, value, inputWeights, recurrent, first, rest, atLast, component, penalty, ...pickAt, attentionGradient, rnnGradient];
  // The norms are taken before the tensors are freed: a backend may reuse the buffer it handed out.
  const [attention, rnn] = await whileWaiting(all, async () => {
    const [attentionValues, rnnValues] = await Promise.all([attentionGradient.data(), rnnGradient.data()]);
    return [norms(attentionValues as Float32Array, lengths.length, d), norms(rnnValues as Float32Array, lengths.length, d)];
  });
  tf.dispose(all);
  return {
    setup: { seed: setup.seed, dModel: d, maxN, scale: setup.scale },
    lengths,
    attention,
    rnn,
    backend: tf.getBackend(),
  };
}
