// The depth lesson's training run (TF.js, cpu backend) against the Float64 reference
// (src/reference/depthTrainingReference.ts): the loss at step 0 and after the first SGD step,
// both runs. Tolerance: relative 1e-4 (float32 through ≤ 16 layers and one step vs float64).
// The effect, measured here (depth 32, width 64, tanh, gain 1, seed 3, 60 steps at η = 0.1):
// residual 25.43 → 0.433, plain 1.026 → 0.890.
import { beforeAll, describe, expect, it } from 'vitest';
import { tf } from './tf';
import { runDepthTraining, type DepthTrainingInput } from './depthTraining';
import { depthTrainFirstStep } from '../reference/depthTrainingReference';
import { DEPTH_TRAIN_LEARNING_RATE, DEPTH_TRAIN_STEPS } from '../lessons/depthReadouts';

const TOLERANCE = 1e-4;
const BASE: DepthTrainingInput = { seed: 3, depth: 8, width: 32, gain: 1, activation: 'tanh', norm: 'none', steps: 3, learningRate: 0.05 };
const relative = (a: number | null, b: number) => Math.abs((a ?? NaN) - b) / Math.abs(b);

describe('depth training vs Float64 reference (cpu backend)', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
    await tf.ready();
  });

  for (const setup of [BASE, { ...BASE, norm: 'pre' as const, activation: 'relu' as const, gain: 1.2 }, { ...BASE, norm: 'post' as const, activation: 'gelu' as const, depth: 16 }, { ...BASE, activation: 'sigmoid' as const, gain: 0.8 }]) {
    it(`step 0 and 1 losses: ${setup.activation}, norm ${setup.norm}, depth ${setup.depth}`, async () => {
      const before = tf.memory().numTensors;
      const run = await runDepthTraining(setup);
      expect(tf.memory().numTensors).toBe(before);
      expect(run.residual).toHaveLength(setup.steps + 1);
      expect(run.plain).toHaveLength(setup.steps + 1);
      const withResidual = depthTrainFirstStep(setup, true, setup.learningRate);
      const without = depthTrainFirstStep(setup, false, setup.learningRate);
      expect(relative(run.residual[0], withResidual.loss0)).toBeLessThan(TOLERANCE);
      expect(relative(run.residual[1], withResidual.loss1)).toBeLessThan(TOLERANCE);
      expect(relative(run.plain[0], without.loss0)).toBeLessThan(TOLERANCE);
      expect(relative(run.plain[1], without.loss1)).toBeLessThan(TOLERANCE);
      // The step changed something (the check is not comparing two untouched losses).
      expect(withResidual.loss1).not.toBe(withResidual.loss0);
    });
  }

  it('shows the effect: depth 32, tanh, gain 1 — the residual stack learns, the plain one barely moves', async () => {
    // The lesson's steps and rate; width 64 to keep the cpu backend quick.
    const run = await runDepthTraining({ ...BASE, depth: 32, width: 64, steps: DEPTH_TRAIN_STEPS, learningRate: DEPTH_TRAIN_LEARNING_RATE });
    const [residualStart, residualEnd] = [run.residual[0]!, run.residual[DEPTH_TRAIN_STEPS]!];
    const [plainStart, plainEnd] = [run.plain[0]!, run.plain[DEPTH_TRAIN_STEPS]!];
    console.log(`depth 32 tanh: residual ${residualStart.toFixed(3)} → ${residualEnd.toFixed(3)}, plain ${plainStart.toFixed(3)} → ${plainEnd.toFixed(3)}`);
    expect(residualEnd).toBeLessThan(0.6 * plainEnd);
    expect(residualEnd).toBeLessThan(0.1 * residualStart);
    expect(plainEnd).toBeGreaterThan(0.7 * plainStart);
  }, 600000);
});
