// Float64 reference for the long-range lesson, written from the formulas (no TF.js, no
// autodiff): the Jacobian J = ∂y_last/∂x_first of
//   (a) one self-attention layer at the last position n (row vectors, 0-based tokens):
//       q = x_{n−1} W_Q, k_j = x_j W_K, v_j = x_j W_V, s_j = q·k_j/√d, a = softmax(s), y = Σ_j a_j v_j
//       For n ≥ 2 only k_0 and v_0 depend on x_0, so
//       J[k][m] = a_0 W_V[m][k] + a_0 (v_0[k] − y[k]) g[m],  g = W_K qᵀ/√d
//       (the second term: ∂a_j/∂s_0 = a_j(δ_j0 − a_0), summed against v_j).
//   (b) a tanh RNN h_t = tanh(h_{t−1} W + x_t U), h_{−1} = 0, output y = h_{n−1}:
//       J_0 = diag(1 − h_0²) Uᵀ,  J_t = diag(1 − h_t²) Wᵀ J_{t−1}  (forward-mode chain product)
// The norm shown is ‖J‖_F. The weights are the seeded float32 numbers of random.ts, the same
// the TF.js probe (src/model/longRangeProbe.ts) uploads.
import { normalSamples, streamSeed } from '../model/random';

export interface LongRangeSetup {
  seed: number;
  /** Width d of tokens, hidden state and Q/K/V. */
  dModel: number;
  /** The longest sequence; the sweep covers n = 2 … maxN. */
  maxN: number;
  /** RNN recurrent weights W = scale · N(0, 1)/√d: spectral radius ≈ scale. */
  scale: number;
}

/** The sequence lengths of the sweep: 2 … maxN. */
export function sweepLengths(maxN: number): number[] {
  return Array.from({ length: Math.max(0, maxN - 1) }, (_, i) => i + 2);
}

/** Seeded tokens [maxN, d], float32-rounded; a shorter sequence is their first n rows. */
export function longRangeInputs(setup: Pick<LongRangeSetup, 'seed' | 'dModel' | 'maxN'>): Float32Array {
  return normalSamples(streamSeed(setup.seed, 'longrange.x'), setup.maxN * setup.dModel);
}

export interface LongRangeWeights {
  query: Float32Array;
  key: Float32Array;
  value: Float32Array;
  /** RNN input weights U [d, d] and recurrent weights W [d, d], row-major (x U, h W). */
  input: Float32Array;
  recurrent: Float32Array;
}

/** Every weight matrix [d, d], row-major, std 1/√d (W: scale/√d). */
export function longRangeWeights(setup: Pick<LongRangeSetup, 'seed' | 'dModel' | 'scale'>): LongRangeWeights {
  const d = setup.dModel;
  const draw = (name: string, scale: number) => normalSamples(streamSeed(setup.seed, `longrange.${name}`), d * d, scale / Math.sqrt(d));
  return { query: draw('WQ', 1), key: draw('WK', 1), value: draw('WV', 1), input: draw('U', 1), recurrent: draw('W', setup.scale) };
}

/** Row vector times matrix: (v M)[k] = Σ_m v[m] M[m][k]. */
function times(vector: ArrayLike<number>, matrix: ArrayLike<number>, d: number): Float64Array {
  const out = new Float64Array(d);
  for (let m = 0; m < d; m++) for (let k = 0; k < d; k++) out[k] += vector[m] * matrix[m * d + k];
  return out;
}

function frobenius(jacobian: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < jacobian.length; i++) sum += jacobian[i] * jacobian[i];
  return Math.sqrt(sum);
}

/** J = ∂y/∂x_0 [d, d] (J[k][m] = ∂y[k]/∂x_0[m]) of one attention layer's output at position n − 1. */
export function attentionJacobian(x: ArrayLike<number>, weights: LongRangeWeights, d: number, n: number): Float64Array {
  if (n < 2) throw new Error('attentionJacobian needs n ≥ 2');
  const row = (t: number) => Array.from({ length: d }, (_, m) => x[t * d + m]);
  const q = times(row(n - 1), weights.query, d);
  const keys = Array.from({ length: n }, (_, j) => times(row(j), weights.key, d));
  const values = Array.from({ length: n }, (_, j) => times(row(j), weights.value, d));
  const scores = keys.map((k) => k.reduce((sum, kc, c) => sum + kc * q[c], 0) / Math.sqrt(d));
  const top = Math.max(...scores);
  const exps = scores.map((s) => Math.exp(s - top));
  const total = exps.reduce((a, b) => a + b, 0);
  const a = exps.map((e) => e / total);
  const y = new Float64Array(d);
  for (let j = 0; j < n; j++) for (let k = 0; k < d; k++) y[k] += a[j] * values[j][k];
  // g[m] = ∂s_0/∂x_0[m] = Σ_c W_K[m][c] q[c] / √d
  const g = new Float64Array(d);
  for (let m = 0; m < d; m++) for (let c = 0; c < d; c++) g[m] += (weights.key[m * d + c] * q[c]) / Math.sqrt(d);
  const jacobian = new Float64Array(d * d);
  for (let k = 0; k < d; k++) {
    for (let m = 0; m < d; m++) jacobian[k * d + m] = a[0] * weights.value[m * d + k] + a[0] * (values[0][k] - y[k]) * g[m];
  }
  return jacobian;
}

/** J_t = ∂h_t/∂x_0 [d, d] for t = 0 … steps − 1, by the forward chain product. */
export function rnnJacobians(x: ArrayLike<number>, weights: LongRangeWeights, d: number, steps: number): Float64Array[] {
  let h = new Float64Array(d);
  let jacobian = new Float64Array(d * d);
  const out: Float64Array[] = [];
  for (let t = 0; t < steps; t++) {
    const drive = times(h, weights.recurrent, d);
    const fromInput = times(Array.from({ length: d }, (_, m) => x[t * d + m]), weights.input, d);
    h = drive.map((value, k) => Math.tanh(value + fromInput[k]));
    const next = new Float64Array(d * d);
    for (let k = 0; k < d; k++) {
      const slope = 1 - h[k] * h[k];
      for (let m = 0; m < d; m++) {
        // t = 0: ∂h_0[k]/∂x_0[m] = slope · U[m][k]; later: slope · Σ_c W[c][k] J_{t−1}[c][m].
        let sum = 0;
        if (t === 0) sum = weights.input[m * d + k];
        else for (let c = 0; c < d; c++) sum += weights.recurrent[c * d + k] * jacobian[c * d + m];
        next[k * d + m] = slope * sum;
      }
    }
    jacobian = next;
    out.push(jacobian);
  }
  return out;
}

export interface LongRangeCurves {
  /** n = 2 … maxN */
  lengths: number[];
  /** ‖∂y_last/∂x_first‖_F at each n. */
  attention: number[];
  rnn: number[];
}

/** The two curves of the lesson: both gradient norms for every n of the sweep. */
export function longRangeReference(setup: LongRangeSetup): LongRangeCurves {
  const d = setup.dModel;
  const x = longRangeInputs(setup);
  const weights = longRangeWeights(setup);
  const lengths = sweepLengths(setup.maxN);
  const rnn = rnnJacobians(x, weights, d, setup.maxN);
  return {
    lengths,
    attention: lengths.map((n) => frobenius(attentionJacobian(x, weights, d, n))),
    rnn: lengths.map((n) => frobenius(rnn[n - 1])),
  };
}

// Forward passes alone (no derivatives), for the finite-difference check in the tests.

/** y at position n − 1 of one attention layer over the first n tokens. */
export function attentionOutput(x: ArrayLike<number>, weights: LongRangeWeights, d: number, n: number): Float64Array {
  const row = (t: number) => Array.from({ length: d }, (_, m) => x[t * d + m]);
  const q = times(row(n - 1), weights.query, d);
  const scores = Array.from({ length: n }, (_, j) => times(row(j), weights.key, d).reduce((sum, kc, c) => sum + kc * q[c], 0) / Math.sqrt(d));
  const top = Math.max(...scores);
  const exps = scores.map((s) => Math.exp(s - top));
  const total = exps.reduce((a, b) => a + b, 0);
  const y = new Float64Array(d);
  for (let j = 0; j < n; j++) {
    const v = times(row(j), weights.value, d);
    for (let k = 0; k < d; k++) y[k] += (exps[j] / total) * v[k];
  }
  return y;
}

/** h_{n−1} of the RNN over the first n tokens. */
export function rnnOutput(x: ArrayLike<number>, weights: LongRangeWeights, d: number, n: number): Float64Array {
  let h = new Float64Array(d);
  for (let t = 0; t < n; t++) {
    const drive = times(h, weights.recurrent, d);
    const fromInput = times(Array.from({ length: d }, (_, m) => x[t * d + m]), weights.input, d);
    h = drive.map((value, k) => Math.tanh(value + fromInput[k]));
  }
  return h;
}
