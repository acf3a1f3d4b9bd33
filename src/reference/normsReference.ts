// Float64 reference for the norms lesson, written from the formulas (independent of the
// TF.js probe in src/model/normsProbe.ts).
//
// Activations x[b, p, c]: batch b (sentence), position p (0 … n−1, padded to the longest
// sentence), channel c (0 … d−1): the token embedding plus the sinusoidal positional encoding,
// i.e. the live model's layer-1 input.
//   BatchNorm, per channel c, over the included (b, p):  μ_c = mean x[·,·,c],  σ²_c = mean (x − μ_c)²
//   LayerNorm, per token (b, p), over channels:          μ_bp = mean x[b,p,·], σ²_bp = mean (x − μ_bp)²
//   output = (x − μ) / √(σ² + ε)      (biased variance; gain 1, bias 0)

import { embedTokens } from '../model/weights';
import { LAYER_NORM_EPSILON } from '../model/config';
import { positionalEncoding } from './referenceTransformer';

export interface NormsBatch {
  batch: number;
  positions: number;
  dModel: number;
  /** [batch, positions, dModel] row-major. */
  activations: Float64Array;
  /** [batch, positions]: true where the token is padding. */
  isPadding: boolean[];
}

export interface NormsStatistics {
  /** [dModel] */
  batchMean: Float64Array;
  batchVariance: Float64Array;
  /** [batch·positions] */
  layerMean: Float64Array;
  layerVariance: Float64Array;
  /** [batch, positions, dModel] */
  batchOutput: Float64Array;
  layerOutput: Float64Array;
}

/** Embeddings + PE of each tokenized sentence (all the same length), stacked. */
export function referenceActivations(
  sentences: readonly string[][],
  paddingFlags: readonly boolean[][],
  seed: number,
  dModel: number,
  positional: boolean,
): NormsBatch {
  const positions = sentences[0]?.length ?? 0;
  const pe = positional ? positionalEncoding(positions, dModel) : new Float64Array(positions * dModel);
  const activations = new Float64Array(sentences.length * positions * dModel);
  sentences.forEach((tokens, b) => {
    const embedded = embedTokens(tokens, seed, dModel);
    for (let i = 0; i < positions * dModel; i++) activations[b * positions * dModel + i] = embedded[i] + pe[i];
  });
  return { batch: sentences.length, positions, dModel, activations, isPadding: paddingFlags.flat() };
}

export function referenceNorms(input: NormsBatch, excludePadding: boolean, epsilon = LAYER_NORM_EPSILON): NormsStatistics {
  const { batch, positions, dModel: d, activations: x, isPadding } = input;
  const tokens = batch * positions;
  const included = (token: number) => !(excludePadding && isPadding[token]);
  const batchMean = new Float64Array(d);
  const batchVariance = new Float64Array(d);
  for (let c = 0; c < d; c++) {
    let sum = 0;
    let count = 0;
    for (let token = 0; token < tokens; token++) {
      if (!included(token)) continue;
      sum += x[token * d + c];
      count += 1;
    }
    const mean = count > 0 ? sum / count : 0;
    let squares = 0;
    for (let token = 0; token < tokens; token++) {
      if (included(token)) squares += (x[token * d + c] - mean) ** 2;
    }
    batchMean[c] = mean;
    batchVariance[c] = count > 0 ? squares / count : 0;
  }
  const layerMean = new Float64Array(tokens);
  const layerVariance = new Float64Array(tokens);
  const batchOutput = new Float64Array(tokens * d);
  const layerOutput = new Float64Array(tokens * d);
  for (let token = 0; token < tokens; token++) {
    let sum = 0;
    for (let c = 0; c < d; c++) sum += x[token * d + c];
    const mean = sum / d;
    let squares = 0;
    for (let c = 0; c < d; c++) squares += (x[token * d + c] - mean) ** 2;
    layerMean[token] = mean;
    layerVariance[token] = squares / d;
    for (let c = 0; c < d; c++) {
      const value = x[token * d + c];
      layerOutput[token * d + c] = (value - mean) / Math.sqrt(squares / d + epsilon);
      batchOutput[token * d + c] = (value - batchMean[c]) / Math.sqrt(batchVariance[c] + epsilon);
    }
  }
  return { batchMean, batchVariance, layerMean, layerVariance, batchOutput, layerOutput };
}

// ---- BatchNorm at inference time: running statistics ---------------------------------
// During training a BatchNorm layer keeps an exponential moving average of the batch
// statistics (PyTorch and Keras style, momentum m):
//   running ← (1 − m) · running + m · batch statistic,   starting from μ = 0, σ² = 1.
// At inference it normalises with these running values instead of the current batch's,
// so a token's output no longer depends on the other sentences of its batch.
// (PyTorch keeps the unbiased σ² in its running variance; here the biased σ² above is
// averaged, the same one the lesson shows, which only changes the numbers by n/(n − 1).)

export interface RunningStatistics {
  runningMean: Float64Array;
  runningVariance: Float64Array;
}

/** Running statistics after `passes` passes over the training batches, in order. */
export function referenceRunningStatistics(
  trainingBatches: readonly NormsBatch[],
  excludePadding: boolean,
  momentum: number,
  passes: number,
  dModel: number,
): RunningStatistics {
  const runningMean = new Float64Array(dModel).fill(0);
  const runningVariance = new Float64Array(dModel).fill(1);
  const statistics = trainingBatches.map((batch) => referenceNorms(batch, excludePadding));
  for (let pass = 0; pass < passes; pass++) {
    for (const { batchMean, batchVariance } of statistics) {
      for (let c = 0; c < dModel; c++) {
        runningMean[c] = (1 - momentum) * runningMean[c] + momentum * batchMean[c];
        runningVariance[c] = (1 - momentum) * runningVariance[c] + momentum * batchVariance[c];
      }
    }
  }
  return { runningMean, runningVariance };
}

/** BatchNorm in inference mode: every token normalised with the running statistics. */
export function referenceInferenceOutput(input: NormsBatch, running: RunningStatistics, epsilon = LAYER_NORM_EPSILON): Float64Array {
  const { batch, positions, dModel: d, activations: x } = input;
  const output = new Float64Array(batch * positions * d);
  for (let i = 0; i < output.length; i++) {
    const c = i % d;
    output[i] = (x[i] - running.runningMean[c]) / Math.sqrt(running.runningVariance[c] + epsilon);
  }
  return output;
}

/** Mean and standard deviation (biased) of all channels of the given tokens. */
export function referenceSummary(values: ArrayLike<number>, dModel: number, tokens: readonly number[]): { mean: number; std: number } {
  let sum = 0;
  for (const token of tokens) for (let c = 0; c < dModel; c++) sum += values[token * dModel + c];
  const count = tokens.length * dModel;
  const mean = count > 0 ? sum / count : 0;
  let squares = 0;
  for (const token of tokens) for (let c = 0; c < dModel; c++) squares += (values[token * dModel + c] - mean) ** 2;
  return { mean, std: count > 0 ? Math.sqrt(squares / count) : 0 };
}
