// The norms lesson's computation on the active TF.js backend (runs in the model worker).
// Activations = token embeddings (embedTokens) + the model's positional encoding, stacked
// into [B, n, d]; BatchNorm statistics per channel over batch × positions (padding
// optionally left out, via a 0/1 weight per token), LayerNorm statistics per token over
// channels; both outputs (gain 1, bias 0, ε = LAYER_NORM_EPSILON). BatchNorm also in
// inference mode, with running statistics accumulated over fixed training batches, and the
// mean / standard deviation of chosen tokens before and after each norm (for the
// distributions). Plain typed arrays back.

import { tf } from './tf';
import { whileWaiting } from './heldTensors';
import { LAYER_NORM_EPSILON } from './config';
import { positionalEncoding } from './layers';
import { embedTokens } from './weights';

export interface PaddedSentences {
  /** One token list per sentence, all padded to the same length. */
  sentences: string[][];
  /** [B][n]: true where padding. */
  isPadding: boolean[][];
}

/**
 * How BatchNorm's running statistics are accumulated before inference: `passes` passes
 * over `batches` in order, running ← (1 − momentum)·running + momentum·batch statistic,
 * from μ = 0, σ² = 1 (the frameworks' initial values).
 */
export interface RunningStatisticsSetup {
  batches: PaddedSentences[];
  passes: number;
  momentum: number;
}

export interface NormsProbeInput extends PaddedSentences {
  seed: number;
  dModel: number;
  positional: boolean;
  excludePadding: boolean;
  training: RunningStatisticsSetup;
  /** Tokens (indices into the B·n tokens) whose values the distributions summarise. */
  distributionTokens: number[];
}

export interface Summary {
  mean: number;
  std: number;
}

export interface NormsProbeResult {
  batch: number;
  positions: number;
  dModel: number;
  /** [B, n, d] */
  activations: Float32Array;
  /** [d] */
  batchMean: Float32Array;
  batchVariance: Float32Array;
  /** [B·n] */
  layerMean: Float32Array;
  layerVariance: Float32Array;
  /** [B, n, d]: BatchNorm with this batch's statistics (train mode), and LayerNorm. */
  batchOutput: Float32Array;
  layerOutput: Float32Array;
  /** [d]: BatchNorm's running statistics after the training batches. */
  runningMean: Float32Array;
  runningVariance: Float32Array;
  /** [B, n, d]: BatchNorm with the running statistics (inference mode). */
  inferenceOutput: Float32Array;
  /** Mean and standard deviation over all channels of the distribution tokens. */
  distribution: { before: Summary; batchTrain: Summary; batchInference: Summary; layer: Summary };
}

/** [B·n, d] activations: embeddings plus (optionally) positional encoding. */
function activationsOf(input: PaddedSentences, seed: number, d: number, positional: boolean): tf.Tensor2D {
  const batch = input.sentences.length;
  const positions = input.sentences[0]?.length ?? 0;
  const host = new Float32Array(batch * positions * d);
  input.sentences.forEach((tokens, b) => host.set(embedTokens(tokens, seed, d), b * positions * d));
  const embeddings = tf.tensor3d(host, [batch, positions, d]);
  const pe = positional ? positionalEncoding(positions, d) : tf.zeros([positions, d]);
  return tf.reshape(tf.add(embeddings, pe), [batch * positions, d]);
}

/** [B·n, 1] weights: 0 for a padding token left out of the statistics, else 1. */
function tokenWeights(isPadding: boolean[][], excludePadding: boolean): tf.Tensor2D {
  const flags = isPadding.flat();
  return tf.tensor2d(flags.map((padding) => (excludePadding && padding ? 0 : 1)), [flags.length, 1]);
}

/** BatchNorm statistics: the weighted mean and (biased) variance of each channel over the tokens. */
function batchStatistics(x: tf.Tensor2D, weights: tf.Tensor2D): { mean: tf.Tensor1D; variance: tf.Tensor1D } {
  const count = tf.maximum(tf.sum(weights), 1);
  const mean = tf.div(tf.sum(tf.mul(x, weights), 0), count) as tf.Tensor1D;
  const variance = tf.div(tf.sum(tf.mul(tf.square(tf.sub(x, mean)), weights), 0), count) as tf.Tensor1D;
  return { mean, variance };
}

function normalise(x: tf.Tensor, mean: tf.Tensor, variance: tf.Tensor): tf.Tensor {
  return tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, LAYER_NORM_EPSILON)));
}

/** [mean, std] over every channel of the selected tokens (selection: [B·n, 1] of 0/1). */
function summarise(values: tf.Tensor, selection: tf.Tensor2D, d: number): tf.Tensor1D {
  const count = tf.maximum(tf.mul(tf.sum(selection), d), 1);
  const mean = tf.div(tf.sum(tf.mul(values, selection)), count);
  const variance = tf.div(tf.sum(tf.mul(tf.square(tf.sub(values, mean)), selection)), count);
  return tf.stack([mean, tf.sqrt(variance)]) as tf.Tensor1D;
}

export async function runNormsProbe(input: NormsProbeInput): Promise<NormsProbeResult> {
  const batch = input.sentences.length;
  const positions = input.sentences[0]?.length ?? 0;
  const d = input.dModel;
  const selectionHost = new Float32Array(batch * positions);
  for (const token of input.distributionTokens) selectionHost[token] = 1;

  const outputs = tf.tidy(() => {
    const x = activationsOf(input, input.seed, d, input.positional);
    const batchStats = batchStatistics(x, tokenWeights(input.isPadding, input.excludePadding));
    const batchOutput = normalise(x, batchStats.mean, batchStats.variance);
    // LayerNorm: over the channel axis of each token.
    const layerMean = tf.mean(x, 1, true);
    const layerVariance = tf.mean(tf.square(tf.sub(x, layerMean)), 1, true);
    const layerOutput = normalise(x, layerMean, layerVariance);
    // Running statistics: the moving average over the training batches, in order.
    const trainingStats = input.training.batches.map((trainingBatch) =>
      batchStatistics(activationsOf(trainingBatch, input.seed, d, input.positional), tokenWeights(trainingBatch.isPadding, input.excludePadding)),
    );
    const momentum = input.training.momentum;
    let runningMean: tf.Tensor = tf.zeros([d]);
    let runningVariance: tf.Tensor = tf.ones([d]);
    for (let pass = 0; pass < input.training.passes; pass++) {
      for (const { mean, variance } of trainingStats) {
        runningMean = tf.add(tf.mul(runningMean, 1 - momentum), tf.mul(mean, momentum));
        runningVariance = tf.add(tf.mul(runningVariance, 1 - momentum), tf.mul(variance, momentum));
      }
    }
    const inferenceOutput = normalise(x, runningMean, runningVariance);
    const selection = tf.tensor2d(selectionHost, [batch * positions, 1]);
    const distribution = tf.stack([x, batchOutput, inferenceOutput, layerOutput].map((values) => summarise(values, selection, d)));
    return [
      x,
      batchStats.mean,
      batchStats.variance,
      tf.reshape(layerMean, [-1]),
      tf.reshape(layerVariance, [-1]),
      batchOutput,
      layerOutput,
      runningMean,
      runningVariance,
      inferenceOutput,
      distribution,
    ];
  });
  try {
    const data = (await whileWaiting(outputs, () => Promise.all(outputs.map((tensor) => tensor.data())))) as Float32Array[];
    const [activations, batchMean, batchVariance, layerMean, layerVariance, batchOutput, layerOutput, runningMean, runningVariance, inferenceOutput, summaries] = data;
    const summary = (index: number): Summary => ({ mean: summaries[2 * index], std: summaries[2 * index + 1] });
    return {
      batch,
      positions,
      dModel: d,
      activations,
      batchMean,
      batchVariance,
      layerMean,
      layerVariance,
      batchOutput,
      layerOutput,
      runningMean,
      runningVariance,
      inferenceOutput,
      distribution: { before: summary(0), batchTrain: summary(1), batchInference: summary(2), layer: summary(3) },
    };
  } finally {
    tf.dispose(outputs);
  }
}
