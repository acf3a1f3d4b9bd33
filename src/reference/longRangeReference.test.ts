// The long-range reference's Jacobians (formulas) against central finite differences of its
// own forward passes, in Float64 on a small case (d = 4, n ≤ 6): step 1e-6, so truncation
// (≈ step² · third derivative) and rounding (≈ 1e-16 / step) both stay under 1e-8; the
// tolerance is 1e-7 · (1 + |entry|).
import { describe, expect, it } from 'vitest';
import {
  attentionJacobian, attentionOutput, longRangeInputs, longRangeReference, longRangeWeights, rnnJacobians, rnnOutput, sweepLengths,
} from './longRangeReference';

const STEP = 1e-6;
const d = 4;

function finiteDifference(forward: (x: Float64Array) => Float64Array, x: Float64Array): Float64Array {
  const jacobian = new Float64Array(d * d);
  for (let m = 0; m < d; m++) {
    const up = Float64Array.from(x);
    const down = Float64Array.from(x);
    up[m] += STEP;
    down[m] -= STEP;
    const yUp = forward(up);
    const yDown = forward(down);
    for (let k = 0; k < d; k++) jacobian[k * d + m] = (yUp[k] - yDown[k]) / (2 * STEP);
  }
  return jacobian;
}

describe('long-range reference', () => {
  for (const scale of [0.5, 1, 3]) {
    const setup = { seed: 3, dModel: d, maxN: 6, scale };
    const x = Float64Array.from(longRangeInputs(setup));
    const weights = longRangeWeights(setup);
    it(`attention and RNN Jacobians match finite differences (scale ${scale})`, () => {
      const rnn = rnnJacobians(x, weights, d, setup.maxN);
      for (const n of sweepLengths(setup.maxN)) {
        const numericAttention = finiteDifference((x0) => attentionOutput(Float64Array.from([...x0, ...x.subarray(d)]), weights, d, n), x.slice(0, d));
        const numericRnn = finiteDifference((x0) => rnnOutput(Float64Array.from([...x0, ...x.subarray(d)]), weights, d, n), x.slice(0, d));
        const exactAttention = attentionJacobian(x, weights, d, n);
        for (let i = 0; i < d * d; i++) {
          expect(Math.abs(exactAttention[i] - numericAttention[i])).toBeLessThanOrEqual(1e-7 * (1 + Math.abs(numericAttention[i])));
          expect(Math.abs(rnn[n - 1][i] - numericRnn[i])).toBeLessThanOrEqual(1e-7 * (1 + Math.abs(numericRnn[i])));
        }
      }
    });
  }

  it('the RNN gradient vanishes with small recurrent weights and not with attention', () => {
    const small = longRangeReference({ seed: 1, dModel: 16, maxN: 64, scale: 0.5 });
    expect(small.rnn.at(-1)!).toBeLessThan(1e-20);
    expect(small.attention.at(-1)!).toBeGreaterThan(1e-4);
    // The RNN's curve falls by orders of magnitude; attention's stays within a few.
    expect(small.rnn[0] / small.rnn.at(-1)!).toBeGreaterThan(1e20);
    expect(Math.max(...small.attention) / Math.min(...small.attention)).toBeLessThan(1e4);
  });

  it('a shorter sequence is the first n tokens of the longer one', () => {
    const long = longRangeReference({ seed: 2, dModel: 8, maxN: 20, scale: 1 });
    const short = longRangeReference({ seed: 2, dModel: 8, maxN: 10, scale: 1 });
    expect(long.attention.slice(0, short.attention.length)).toEqual(short.attention);
    expect(long.rnn.slice(0, short.rnn.length)).toEqual(short.rnn);
  });
});
