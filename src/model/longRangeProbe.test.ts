// The long-range probe (TF.js autodiff, cpu backend, in Node) against the Float64 reference
// (explicit Jacobians from the formulas), same seeded float32 numbers. Tolerance: relative
// TOLERANCE on every ‖∂y_last/∂x_first‖_F of the sweep (float32 forward and backward through
// up to 64 steps vs float64).
import { beforeAll, describe, expect, it } from 'vitest';
import { tf } from './tf';
import { runLongRangeProbe } from './longRangeProbe';
import { longRangeReference } from '../reference/longRangeReference';
import { LONG_RANGE_TOLERANCE as TOLERANCE } from '../lessons/longRangeReadouts';

const relative = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe('long-range probe vs Float64 reference (cpu backend)', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
    await tf.ready();
  });

  const setups = [
    ...[0.5, 1.5, 2.5].map((scale) => ({ seed: 1, dModel: 16, maxN: 64, scale })),
    { seed: 5, dModel: 4, maxN: 3, scale: 2 },
    { seed: 8, dModel: 16, maxN: 64, scale: 0.75 },
    { seed: 5, dModel: 16, maxN: 64, scale: 2.5 },
  ];
  for (const setup of setups) {
    it(`matches at every n (d = ${setup.dModel}, n ≤ ${setup.maxN}, recurrent scale ${setup.scale}, seed ${setup.seed})`, async () => {
      const before = tf.memory().numTensors;
      const probe = await runLongRangeProbe(setup);
      expect(tf.memory().numTensors).toBe(before);
      const reference = longRangeReference(setup);
      expect(probe.lengths).toEqual(reference.lengths);
      let worst = 0;
      probe.lengths.forEach((_, i) => {
        worst = Math.max(worst, relative(probe.attention[i]!, reference.attention[i]), relative(probe.rnn[i]!, reference.rnn[i]));
      });
      console.log(`scale ${setup.scale}: worst relative error ${worst.toExponential(2)}`);
      expect(worst).toBeLessThanOrEqual(TOLERANCE);
    });
  }
});
