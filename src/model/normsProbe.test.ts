// The norms probe (TF.js, cpu backend) against the Float64 reference, with and without
// padding in the BatchNorm statistics, and with batch size 1.
// Tolerance: |probe − ref| ≤ 1e-5 · (1 + |ref|) (float32 vs float64).
import { beforeAll, describe, expect, it } from 'vitest';
import { tf } from './tf';
import { runNormsProbe } from './normsProbe';
import { referenceActivations, referenceNorms } from '../reference/normsReference';
import { padBatch } from '../lessons/normsReadouts';

const TOLERANCE = 1e-5;
const SEED = 7;
const D = 16;

function maxRelativeError(probe: ArrayLike<number>, reference: ArrayLike<number>): number {
  expect(probe.length).toBe(reference.length);
  let worst = 0;
  for (let i = 0; i < reference.length; i++) worst = Math.max(worst, Math.abs(probe[i] - reference[i]) / (1 + Math.abs(reference[i])));
  return worst;
}

async function compare(texts: string[], excludePadding: boolean) {
  const batch = padBatch(texts);
  const probe = await runNormsProbe({ seed: SEED, dModel: D, positional: true, sentences: batch.sentences, isPadding: batch.isPadding, excludePadding });
  const reference = referenceNorms(referenceActivations(batch.sentences, batch.isPadding, SEED, D, true), excludePadding);
  for (const key of ['batchMean', 'batchVariance', 'layerMean', 'layerVariance', 'batchOutput', 'layerOutput'] as const) {
    expect(maxRelativeError(probe[key], reference[key]), key).toBeLessThan(TOLERANCE);
  }
  return { probe, reference };
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
    const withPadding = referenceNorms(
      referenceActivations(padBatch(['大模型是个潜力股', '我爱学习']).sentences, padBatch(['大模型是个潜力股', '我爱学习']).isPadding, SEED, D, true),
      false,
    );
    expect(maxRelativeError(reference.batchMean, withPadding.batchMean)).toBeGreaterThan(1e-3);
  });
  it('matches with batch size 1', async () => {
    await compare(['大模型是个潜力股'], true);
  });
  it('editing sentence 2 changes sentence 1 under BatchNorm but not under LayerNorm', async () => {
    const a = await runNormsProbe({ seed: SEED, dModel: D, positional: true, ...padBatch(['大模型是个潜力股', '我爱学习']), excludePadding: false });
    const b = await runNormsProbe({ seed: SEED, dModel: D, positional: true, ...padBatch(['大模型是个潜力股', '我恨学习']), excludePadding: false });
    const block = 8 * D;
    let bnChange = 0;
    let lnChange = 0;
    for (let i = 0; i < block; i++) {
      bnChange = Math.max(bnChange, Math.abs(a.batchOutput[i] - b.batchOutput[i]));
      lnChange = Math.max(lnChange, Math.abs(a.layerOutput[i] - b.layerOutput[i]));
    }
    expect(bnChange).toBeGreaterThan(1e-3);
    expect(lnChange).toBe(0);
  });
  it('leaves no tensors behind', async () => {
    const before = tf.memory().numTensors;
    await runNormsProbe({ seed: SEED, dModel: D, positional: false, ...padBatch(['ab', 'c']), excludePadding: true });
    expect(tf.memory().numTensors).toBe(before);
  });
});
