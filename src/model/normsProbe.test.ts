// The norms probe (TF.js, cpu backend) against the Float64 reference, with and without
// padding in the BatchNorm statistics, with batch size 1, in train and inference mode, and
// the distribution summaries (mean, std) before and after each norm.
// Tolerance: |probe − ref| ≤ 1e-5 · (1 + |ref|) (float32 vs float64).
import { beforeAll, describe, expect, it } from 'vitest';
import { tf } from './tf';
import { runNormsProbe, type NormsProbeResult } from './normsProbe';
import {
  referenceActivations,
  referenceInferenceOutput,
  referenceNorms,
  referenceRunningStatistics,
  referenceSummary,
} from '../reference/normsReference';
import { BATCH_NORM_MOMENTUM, padBatch, selectedTokens, TRAINING_BATCHES, TRAINING_PASSES, trainingSetup } from '../lessons/normsReadouts';

const TOLERANCE = 1e-5;
const SEED = 7;
const D = 16;

function maxRelativeError(probe: ArrayLike<number>, reference: ArrayLike<number>): number {
  expect(probe.length).toBe(reference.length);
  let worst = 0;
  for (let i = 0; i < reference.length; i++) worst = Math.max(worst, Math.abs(probe[i] - reference[i]) / (1 + Math.abs(reference[i])));
  return worst;
}

/** The largest error seen over all comparisons, printed at the end for the record. */
let largestError = 0;

function probeInput(texts: readonly string[], excludePadding: boolean, distributionTokens: number[] = [], positional = true) {
  const { sentences, isPadding } = padBatch(texts);
  return { seed: SEED, dModel: D, positional, sentences, isPadding, excludePadding, training: trainingSetup(), distributionTokens };
}

function referenceFor(texts: readonly string[], excludePadding: boolean, positional = true) {
  const batch = padBatch(texts);
  const activations = referenceActivations(batch.sentences, batch.isPadding, SEED, D, positional);
  const trainingBatches = TRAINING_BATCHES.map((training) => {
    const padded = padBatch(training);
    return referenceActivations(padded.sentences, padded.isPadding, SEED, D, positional);
  });
  const running = referenceRunningStatistics(trainingBatches, excludePadding, BATCH_NORM_MOMENTUM, TRAINING_PASSES, D);
  return { activations, statistics: referenceNorms(activations, excludePadding), running, inferenceOutput: referenceInferenceOutput(activations, running) };
}

function expectClose(label: string, probe: ArrayLike<number>, reference: ArrayLike<number>) {
  const error = maxRelativeError(probe, reference);
  largestError = Math.max(largestError, error);
  expect(error, label).toBeLessThan(TOLERANCE);
}

async function compare(texts: string[], excludePadding: boolean, distributionTokens: number[] = []) {
  const probe = await runNormsProbe(probeInput(texts, excludePadding, distributionTokens));
  const reference = referenceFor(texts, excludePadding);
  for (const key of ['batchMean', 'batchVariance', 'layerMean', 'layerVariance', 'batchOutput', 'layerOutput'] as const) {
    expectClose(key, probe[key], reference.statistics[key]);
  }
  expectClose('runningMean', probe.runningMean, reference.running.runningMean);
  expectClose('runningVariance', probe.runningVariance, reference.running.runningVariance);
  expectClose('inferenceOutput', probe.inferenceOutput, reference.inferenceOutput);
  return { probe, reference };
}

/** The probe's distribution summaries against the reference summaries of the same tokens. */
function expectSummaries(probe: NormsProbeResult, reference: ReturnType<typeof referenceFor>, tokens: number[]) {
  const pairs = [
    ['before', reference.activations.activations],
    ['batchTrain', reference.statistics.batchOutput],
    ['batchInference', reference.inferenceOutput],
    ['layer', reference.statistics.layerOutput],
  ] as const;
  for (const [key, values] of pairs) {
    const expected = referenceSummary(values, D, tokens);
    expectClose(`${key} mean/std`, [probe.distribution[key].mean, probe.distribution[key].std], [expected.mean, expected.std]);
  }
}

function sentenceOneChange(a: NormsProbeResult, b: NormsProbeResult, key: 'batchOutput' | 'layerOutput' | 'inferenceOutput', length: number) {
  let change = 0;
  for (let i = 0; i < length * D; i++) change = Math.max(change, Math.abs(a[key][i] - b[key][i]));
  return change;
}

describe('norms probe vs Float64 reference (cpu backend)', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
    await tf.ready();
  });

  it('matches with padding included', async () => {
    await compare(['大模型是个潜力股', '我爱学习', '注意力'], false);
  });
  it('matches with padding excluded, and exclusion changes the statistics', async () => {
    const { reference } = await compare(['大模型是个潜力股', '我爱学习'], true);
    const withPadding = referenceFor(['大模型是个潜力股', '我爱学习'], false);
    expect(maxRelativeError(reference.statistics.batchMean, withPadding.statistics.batchMean)).toBeGreaterThan(1e-3);
  });
  it('matches with batch size 1 (BatchNorm over one sentence’s positions)', async () => {
    const { probe, reference } = await compare(['大模型是个潜力股'], true);
    // One sentence: the BN statistics are the per-channel mean and variance over its 8 positions.
    for (let c = 0; c < D; c++) {
      let sum = 0;
      for (let p = 0; p < 8; p++) sum += reference.activations.activations[p * D + c];
      expect(probe.batchMean[c]).toBeCloseTo(sum / 8, 5);
    }
  });
  it('running statistics: the moving average of the training batches, from μ = 0, σ² = 1', async () => {
    const { reference } = await compare(['大模型是个潜力股', '我爱学习'], true);
    // Independent check of the recursion's closed form for one channel: with constant
    // statistics s the average would be s + 0.9^steps · (init − s); here, batch by batch.
    const steps = TRAINING_PASSES * TRAINING_BATCHES.length;
    const perBatch = TRAINING_BATCHES.map((texts) => referenceFor(texts, true).statistics.batchMean[0]);
    let closedForm = 0;
    for (let step = 0; step < steps; step++) {
      const weight = BATCH_NORM_MOMENTUM * (1 - BATCH_NORM_MOMENTUM) ** (steps - 1 - step);
      closedForm += weight * perBatch[step % perBatch.length];
    }
    expect(reference.running.runningMean[0]).toBeCloseTo(closedForm, 12);
  });
  it('summarises the distribution of sentence 1 and of one token before and after each norm', async () => {
    const texts = ['大模型是个潜力股', '我爱学习', '注意力'];
    const batch = padBatch(texts);
    for (const tokens of [selectedTokens(batch, 0, null), selectedTokens(batch, 1, 2), selectedTokens(batch, 1, null)]) {
      const { probe, reference } = await compare(texts, true, tokens);
      expectSummaries(probe, reference, tokens);
    }
    // LayerNorm makes each token mean 0, std ≈ 1 over its channels.
    const { probe } = await compare(texts, false, selectedTokens(batch, 1, 2));
    expect(Math.abs(probe.distribution.layer.mean)).toBeLessThan(1e-6);
    expect(probe.distribution.layer.std).toBeCloseTo(1, 4);
  });
  it('editing sentence 2 changes sentence 1 in train mode only, never under LayerNorm', async () => {
    const a = await runNormsProbe(probeInput(['大模型是个潜力股', '我爱学习'], false));
    const b = await runNormsProbe(probeInput(['大模型是个潜力股', '我恨学习'], false));
    expect(sentenceOneChange(a, b, 'batchOutput', 8)).toBeGreaterThan(1e-3);
    expect(sentenceOneChange(a, b, 'layerOutput', 8)).toBe(0);
    expect(sentenceOneChange(a, b, 'inferenceOutput', 8)).toBe(0);
  });
  it('leaves no tensors behind', async () => {
    const before = tf.memory().numTensors;
    await runNormsProbe(probeInput(['ab', 'c'], true, [0, 1], false));
    expect(tf.memory().numTensors).toBe(before);
    console.info(`norms probe: largest relative error vs Float64 reference = ${largestError.toExponential(2)}`);
  });
});
