// The ablation switches (variant.ts), each on its own, in the trainer (TF.js, cpu backend)
// against the Float64 reference: the same tolerances as trainer.test.ts, probabilities and
// attention weights |float32 − float64| ≤ 1e-4, at the start and after 20 Adam steps (for
// batch norm the reference uses the running statistics the steps left behind). Then
// repeatability: the same seed and variant give the same losses, another variant others.
import { beforeAll, describe, expect, it } from 'vitest';
import { tf } from '../model/tf';
import { CHECKED_SEQUENCES as SEQUENCES, expectMatchesReference } from './trainerReferenceCheck';
import { POSITIONAL_BASE } from '../model/config';
import { encodingTable } from '../reference/positionReference';
import { trainingReference } from '../reference/trainingReference';
import { batchStream, reverseTarget } from './reverseTask';
import { BATCH_NORM_MOMENTUM, DEFAULT_TRAINER_CONFIG, initialWeights, isRunningStatistic, Trainer, weightShapes, type TrainerConfig } from './trainer';
import { DEFAULT_VARIANT, type TrainerVariant } from './variant';


/** Each switch flipped on its own. */
const VARIANTS: [string, TrainerVariant][] = [
  ['unscaled', { ...DEFAULT_VARIANT, scaled: false }],
  ['no residuals', { ...DEFAULT_VARIANT, residual: false }],
  ['tied Q/K', { ...DEFAULT_VARIANT, tiedQK: true }],
  ['no normalisation', { ...DEFAULT_VARIANT, norm: 'none' }],
  ['batch norm', { ...DEFAULT_VARIANT, norm: 'batch' }],
];

const configOf = (variant: TrainerVariant): TrainerConfig => ({ ...DEFAULT_TRAINER_CONFIG, variant });


describe('trainer variants', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
    await tf.ready();
  });

  for (const [label, variant] of VARIANTS) {
    it(`${label}: the forward pass matches the Float64 reference at the start and after 20 steps`, async () => {
      const trainer = new Trainer(configOf(variant));
      await expectMatchesReference(trainer);
      await trainer.train(20);
      await expectMatchesReference(trainer);
      if (variant.norm === 'batch') {
        // The running statistics have moved away from their start (mean 0, variance 1).
        const weights = await trainer.weights();
        expect(weights['layers.0.norm1.mean'].some((m) => Math.abs(m) > 0.05)).toBe(true);
        expect(weights['final.norm.variance'].some((v) => Math.abs(v - 1) > 0.05)).toBe(true);
      }
      trainer.dispose();
    });
  }

  it('only batch norm has running statistics; tied Q/K has no key weight', () => {
    for (const [, variant] of VARIANTS) {
      const config = configOf(variant);
      const names = weightShapes(config).map(([name]) => name);
      expect(names.some(isRunningStatistic)).toBe(variant.norm === 'batch');
      expect(names.includes('layers.0.key')).toBe(!variant.tiedQK);
      expect(Object.keys(initialWeights(config))).toEqual(names);
    }
    const batch = weightShapes(configOf({ ...DEFAULT_VARIANT, norm: 'batch' })).filter(([name]) => isRunningStatistic(name));
    expect(batch.map(([name]) => name)).toEqual(['layers.0.norm1.mean', 'layers.0.norm1.variance', 'layers.0.norm2.mean', 'layers.0.norm2.variance', 'final.norm.mean', 'final.norm.variance']);
  });

  it('tied Q/K: no key weight in the trainer, symmetric scores, and the attention the reference gives', async () => {
    const trainer = new Trainer(configOf({ ...DEFAULT_VARIANT, tiedQK: true }));
    await trainer.train(5);
    const weights = await trainer.weights();
    expect(weights['layers.0.key']).toBeUndefined();
    const { length: T, heads: H } = trainer.config;
    for (const input of SEQUENCES) {
      const reference = trainingReference(trainer.config, weights, input, reverseTarget(input));
      for (let head = 0; head < H; head++) {
        for (let i = 0; i < T; i++) {
          for (let j = 0; j < i; j++) {
            const s = (a: number, b: number) => reference.scores[head * T * T + a * T + b];
            expect(Math.abs(s(i, j) - s(j, i))).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(s(i, j))));
          }
        }
      }
      const shown = await trainer.inspect(input);
      shown.attention.forEach((a, i) => expect(Math.abs(a - reference.attention[i])).toBeLessThanOrEqual(1e-4));
    }
    trainer.dispose();
  });

  it('batch norm: one step moves the running statistics by momentum 0.1 towards the batch (Adam leaves them alone), leaking no tensors', async () => {
    const config = configOf({ ...DEFAULT_VARIANT, norm: 'batch' });
    const trainer = new Trainer(config);
    await trainer.train(1);
    const after = await trainer.weights();
    // Adam's moments exist from the first step on; the running updates add nothing after that.
    const settled = tf.memory().numTensors;
    await trainer.train(2);
    await trainer.inspect(SEQUENCES[0]);
    expect(tf.memory().numTensors).toBe(settled);
    // The first norm sees x₀ = E[digit] + PE of the first training batch: recompute its
    // per-channel mean and biased variance in Float64 from the seeded weights and batch.
    const { dModel: d, length: T, batchSize: B } = config;
    const start = initialWeights(config);
    const batch = batchStream(config.seed, B, T)();
    const pe = encodingTable(T, d, POSITIONAL_BASE);
    const mean = new Float64Array(d);
    const square = new Float64Array(d);
    for (let row = 0; row < B * T; row++) {
      for (let c = 0; c < d; c++) {
        const x = start.embedding[batch.inputs[row] * d + c] + Math.fround(pe[(row % T) * d + c]);
        mean[c] += x / (B * T);
        square[c] += (x * x) / (B * T);
      }
    }
    for (let c = 0; c < d; c++) {
      const variance = square[c] - mean[c] * mean[c];
      expect(after['layers.0.norm1.mean'][c]).toBeCloseTo(BATCH_NORM_MOMENTUM * mean[c], 5);
      expect(after['layers.0.norm1.variance'][c]).toBeCloseTo(1 - BATCH_NORM_MOMENTUM + BATCH_NORM_MOMENTUM * variance, 5);
    }
    trainer.dispose();
  });

  it('the same seed and variant repeat the same losses; another variant gives other losses', async () => {
    const lossesOf = async (variant: TrainerVariant) => {
      const trainer = new Trainer(configOf(variant));
      const { losses } = await trainer.train(5);
      trainer.dispose();
      return losses;
    };
    const base = await lossesOf(DEFAULT_VARIANT);
    expect(await lossesOf(DEFAULT_VARIANT)).toEqual(base);
    for (const [label, variant] of VARIANTS) {
      const losses = await lossesOf(variant);
      expect(await lossesOf(variant), label).toEqual(losses);
      expect(losses, label).not.toEqual(base);
    }
  });
});
