// Times one multi-head self-attention layer on the active TF.js backend (it runs in the
// model worker), for the cost lesson: X W_Q, X W_K, X W_V, per head softmax(QKᵀ/√d_k)·V,
// concatenation and W_O, at each n in a list. For each n: one warm-up run (compiles the
// shaders for that shape), then one run to size the samples (the budget is checked
// after it), then `runs` timed samples, each the layer repeated to last ≥ 5 ms and ending by
// reading one scalar back so the GPU has really finished; the median is the reported time. Every tensor is
// disposed. A run that fails (out of memory, texture too large) stops the sweep there:
// the largest n that worked is reported with the reason.
// Optionally the whole model (the app's TransformerModel, every intermediate read back, as
// the playground runs it) is timed at the same n too, for n within the model's range.

import { tf } from './tf';
import { whileWaiting } from './heldTensors';
import { SEQ_LEN_RANGE, type ModelConfig } from './config';
import { TransformerModel } from './transformer';

export interface AttentionTimingInput {
  dModel: number;
  numHeads: number;
  /** Sequence lengths to time, ascending. */
  lengths: readonly number[];
  /** Timed runs per n (after one warm-up). */
  runs: number;
  seed: number;
  /** Time allowed for the whole sweep, ms: larger n are skipped once it is spent (slow software GPUs). */
  budgetMs: number;
  /**
   * Time already spent by earlier calls of the same sweep, ms (a sweep split into one call
   * per n, so the page can draw each point as it comes): counts against budgetMs, and a
   * sweep that has already measured something may stop before its next n.
   */
  alreadySpentMs?: number;
  /** Also time the whole model with this config (seqLen replaced by each n ≤ 512). */
  model?: ModelConfig;
}

export interface AttentionTimingPoint {
  n: number;
  /** Every timed run, ms. */
  times: number[];
  medianMs: number;
  /** The whole model's forward pass at this n, median of `runs` (null: not asked, n too large, or over budget). */
  modelMedianMs: number | null;
}

export interface AttentionTimingResult {
  backend: string;
  dModel: number;
  numHeads: number;
  points: AttentionTimingPoint[];
  /** The largest n that ran (0 if none). */
  largestN: number;
  /** Why the next n failed, if one did. */
  failure: string | null;
}

function attentionLayer(x: tf.Tensor2D, weights: tf.Tensor2D[], numHeads: number): tf.Tensor2D {
  return tf.tidy(() => {
    const [n, dModel] = x.shape;
    const dK = dModel / numHeads;
    // Functional ops only: the worker's TF.js build registers no chained tensor methods.
    const split = (t: tf.Tensor2D) => tf.transpose(tf.reshape(t, [n, numHeads, dK]), [1, 0, 2]) as tf.Tensor3D;
    const queries = split(tf.matMul(x, weights[0]));
    const keys = split(tf.matMul(x, weights[1]));
    const values = split(tf.matMul(x, weights[2]));
    const scores = tf.div(tf.matMul(queries, keys, false, true), Math.sqrt(dK));
    const heads = tf.matMul(tf.softmax(scores), values) as tf.Tensor3D;
    const concatenated = tf.reshape(tf.transpose(heads, [1, 0, 2]), [n, dModel]) as tf.Tensor2D;
    return tf.matMul(concatenated, weights[3]);
  });
}

/**
 * One timed sample: the layer `repeats` times back to back, ending with one scalar read
 * back so the device has really finished; the time per layer is returned. Repeating keeps
 * a sample well above the timer's resolution (browsers round performance.now(), in a
 * worker without cross-origin isolation to 0.1 ms), which a single small-n layer is not.
 */
async function timeOnce(x: tf.Tensor2D, weights: tf.Tensor2D[], numHeads: number, repeats = 1): Promise<number> {
  const start = performance.now();
  let output: tf.Tensor2D | null = null;
  for (let repeat = 0; repeat < repeats; repeat++) {
    output?.dispose();
    output = attentionLayer(x, weights, numHeads);
  }
  const probe = tf.slice(output!, [0, 0], [1, 1]);
  try {
    await whileWaiting([output!, probe, x, ...weights], () => probe.data());
  } finally {
    output!.dispose();
    probe.dispose();
  }
  return (performance.now() - start) / repeats;
}

/** The shortest sample worth timing, and the most layers one sample may repeat. */
const MIN_SAMPLE_MS = 5;
const MAX_REPEATS = 64;

/** Repeats per sample so one sample lasts about MIN_SAMPLE_MS, from one run's time. */
export function repeatsFor(oneRunMs: number): number {
  return Math.min(MAX_REPEATS, Math.max(1, Math.ceil(MIN_SAMPLE_MS / Math.max(oneRunMs, 0.05))));
}

/** Sample text cycled to n character tokens (only the shapes matter for timing). */
const SAMPLE_TEXT = 'attention compares every token with every other token ';

async function timeModel(model: TransformerModel, config: ModelConfig, n: number): Promise<number> {
  const tokens = Array.from({ length: n }, (_, i) => SAMPLE_TEXT[i % SAMPLE_TEXT.length]);
  const result = await model.forward({ config: { ...config, seqLen: n, mask: config.mask === 'custom' ? 'none' : config.mask }, tokens, isPadding: tokens.map(() => false) });
  return result.elapsedMs;
}

export function medianOf(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export async function runAttentionTiming(input: AttentionTimingInput): Promise<AttentionTimingResult> {
  const { dModel, numHeads, runs, seed } = input;
  const scale = 1 / Math.sqrt(dModel);
  const weights = [0, 1, 2, 3].map((i) => tf.randomNormal([dModel, dModel], 0, scale, 'float32', seed + i) as tf.Tensor2D);
  const points: AttentionTimingPoint[] = [];
  const model = input.model ? new TransformerModel() : null;
  let failure: string | null = null;
  const sweepStart = performance.now();
  const spentBefore = input.alreadySpentMs ?? 0;
  try {
    for (const n of input.lengths) {
      let x: tf.Tensor2D | null = null;
      try {
        x = tf.randomNormal([n, dModel], 0, 1, 'float32', seed + 10) as tf.Tensor2D;
        await timeOnce(x, weights, numHeads); // warm-up: compiles the shaders for this shape
        // The first timed run tells how long the others will take (a warm-up that compiles
        // shaders on a software GPU would overstate it many times).
        const firstRunMs = await timeOnce(x, weights, numHeads);
        const repeats = repeatsFor(firstRunMs);
        const spentMs = spentBefore + performance.now() - sweepStart;
        // Stop before the rest of this n if it would overrun the time allowed (the first n always runs).
        if ((points.length > 0 || spentBefore > 0) && spentMs + firstRunMs * repeats * runs > input.budgetMs) {
          failure = `n = ${n}: time budget of ${(input.budgetMs / 1000).toFixed(0)} s would be exceeded (one warm run took ${firstRunMs.toFixed(0)} ms)`;
          break;
        }
        const times: number[] = [];
        for (let run = 0; run < runs; run++) times.push(await timeOnce(x, weights, numHeads, repeats));
        if (!times.every((time) => Number.isFinite(time) && time >= 0)) throw new Error('the timer returned no usable value');
        // A timer of coarse resolution can read 0: keep it positive (the smallest visible step).
        const medianMs = Math.max(medianOf(times), 1e-3);
        let modelMedianMs: number | null = null;
        if (model && input.model && n <= SEQ_LEN_RANGE.max) {
          await timeModel(model, input.model, n); // warm-up
          const modelTimes = [await timeModel(model, input.model, n)];
          const spentNow = spentBefore + performance.now() - sweepStart;
          // The whole model's other runs only where they still fit in the time allowed.
          if (spentNow + modelTimes[0] * (runs - 1) <= input.budgetMs) {
            for (let run = 1; run < runs; run++) modelTimes.push(await timeModel(model, input.model, n));
            modelMedianMs = Math.max(medianOf(modelTimes), 1e-3);
          }
        }
        points.push({ n, times, medianMs, modelMedianMs });
      } catch (error) {
        failure = `n = ${n}: ${error instanceof Error ? error.message : String(error)}`;
        break;
      } finally {
        x?.dispose();
      }
    }
  } finally {
    weights.forEach((w) => w.dispose());
    model?.dispose();
  }
  return {
    backend: tf.getBackend(),
    dModel,
    numHeads,
    points,
    largestN: points.length ? points[points.length - 1].n : 0,
    failure,
  };
}
