import { beforeAll, describe, expect, it } from 'vitest';
import { tf } from './tf';
import { medianOf, repeatsFor, runAttentionTiming } from './attentionTiming';
import { DEFAULT_CONFIG } from './config';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

describe('runAttentionTiming', () => {
  it('times every n (warm-up, then runs), reports positive finite medians and disposes every tensor', async () => {
    const before = tf.memory().numTensors;
    const result = await runAttentionTiming({ dModel: 16, numHeads: 4, lengths: [4, 8, 16], runs: 3, seed: 1, budgetMs: 60_000 });
    expect(tf.memory().numTensors).toBe(before);
    expect(result.failure).toBeNull();
    expect(result.largestN).toBe(16);
    expect(result.points.map((p) => p.n)).toEqual([4, 8, 16]);
    for (const point of result.points) {
      expect(point.times).toHaveLength(3);
      expect(Number.isFinite(point.medianMs) && point.medianMs > 0).toBe(true);
      expect(point.medianMs).toBe(Math.max(medianOf(point.times), 1e-3));
    }
  });
  it('stops at the first n that fails and says why', async () => {
    const before = tf.memory().numTensors;
    // d_model not divisible by h makes the reshape throw at the first n.
    const result = await runAttentionTiming({ dModel: 10, numHeads: 4, lengths: [4, 8], runs: 1, seed: 1, budgetMs: 60_000 });
    expect(tf.memory().numTensors).toBe(before);
    expect(result.points).toHaveLength(0);
    expect(result.largestN).toBe(0);
    expect(result.failure).toMatch(/^n = 4: /);
  });
  it('skips larger n once the time budget is spent, keeping the first n', async () => {
    const result = await runAttentionTiming({ dModel: 16, numHeads: 4, lengths: [4, 8, 16], runs: 2, seed: 1, budgetMs: 0 });
    expect(result.points.map((p) => p.n)).toEqual([4]);
    expect(result.largestN).toBe(4);
    expect(result.failure).toMatch(/^n = 8: time budget/);
  });
  it('counts the time spent by earlier calls of a split sweep against the budget', async () => {
    const first = await runAttentionTiming({ dModel: 16, numHeads: 4, lengths: [8], runs: 1, seed: 1, budgetMs: 0, alreadySpentMs: 0 });
    expect(first.points.map((p) => p.n)).toEqual([8]);
    const later = await runAttentionTiming({ dModel: 16, numHeads: 4, lengths: [16], runs: 1, seed: 1, budgetMs: 1000, alreadySpentMs: 1000 });
    expect(later.points).toHaveLength(0);
    expect(later.failure).toMatch(/^n = 16: time budget/);
  });
  it('times the whole model too when asked, for n within its range, and disposes its weights', async () => {
    const before = tf.memory().numTensors;
    const model = { ...DEFAULT_CONFIG, dModel: 16, numHeads: 4, numLayers: 1 };
    const result = await runAttentionTiming({ dModel: 16, numHeads: 4, lengths: [4, 8], runs: 2, seed: 1, budgetMs: 60_000, model });
    expect(tf.memory().numTensors).toBe(before);
    for (const point of result.points) expect(Number.isFinite(point.modelMedianMs) && point.modelMedianMs! > 0).toBe(true);
    const plain = await runAttentionTiming({ dModel: 16, numHeads: 4, lengths: [4], runs: 1, seed: 1, budgetMs: 60_000 });
    expect(plain.points[0].modelMedianMs).toBeNull();
  });
});

describe('repeatsFor', () => {
  it('repeats a fast layer so one sample lasts about 5 ms, never less than once nor more than 64 times', () => {
    expect(repeatsFor(0.2)).toBe(25);
    expect(repeatsFor(1)).toBe(5);
    expect(repeatsFor(5)).toBe(1);
    expect(repeatsFor(300)).toBe(1);
    // A timer that reads 0 (coarse resolution) gives the cap, not Infinity.
    expect(repeatsFor(0)).toBe(64);
  });
});
