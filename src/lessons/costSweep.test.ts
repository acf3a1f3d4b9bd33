import { describe, expect, it } from 'vitest';
import { runSweep, type SweepState } from './costSweep';
import type { AttentionTimingResult } from '../model/attentionTiming';

const result = (n: number, failure: string | null = null): AttentionTimingResult => ({
  backend: 'cpu', dModel: 16, numHeads: 4, largestN: failure ? 0 : n, failure,
  points: failure ? [] : [{ n, times: [n / 10], medianMs: n / 10, modelMedianMs: null }],
});

describe('runSweep', () => {
  it('reports progress before each n and every point as it arrives, passing the time spent', async () => {
    const states: SweepState[] = [];
    const spent: number[] = [];
    let clock = 0;
    await runSweep([8, 16, 32], async (n, alreadySpentMs) => { spent.push(alreadySpentMs); clock += 5; return result(n); }, () => false, (s) => states.push(s), () => clock);
    expect(states.map((s) => [s.measuring, s.index, s.points.length])).toEqual([[8, 1, 0], [16, 2, 1], [32, 3, 2], [null, 3, 3]]);
    expect(spent).toEqual([0, 5, 10]);
    expect(states.at(-1)).toMatchObject({ done: true, failure: null, backend: 'cpu' });
  });
  it('stops at the first failure and says it', async () => {
    const states: SweepState[] = [];
    await runSweep([8, 16, 32], async (n) => result(n, n === 16 ? 'n = 16: out of memory' : null), () => false, (s) => states.push(s));
    expect(states.at(-1)).toMatchObject({ done: true, failure: 'n = 16: out of memory' });
    expect(states.at(-1)!.points.map((p) => p.n)).toEqual([8]);
  });
  it('goes quiet once a newer sweep has started', async () => {
    const states: SweepState[] = [];
    let stale = false;
    await runSweep([8, 16, 32], async (n) => { if (n === 16) stale = true; return result(n); }, () => stale, (s) => states.push(s));
    expect(states.map((s) => s.measuring)).toEqual([8, 16]);
    expect(states.every((s) => !s.done)).toBe(true);
  });
});
