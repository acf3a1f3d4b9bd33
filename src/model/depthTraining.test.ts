// The depth lesson's training run (TF.js, cpu backend), chunk by chunk as the page asks for
// it, against the Float64 reference (src/reference/depthTrainingReference.ts): the loss at
// step 0 and after the first SGD step, both runs. Tolerance: relative 1e-4 (float32 through
// ≤ 16 layers and one step vs float64).
// The effect, measured here (depth 32, width 64, tanh, gain 1, seed 3, 60 steps at η = 0.1):
// residual 25.43 → 0.433, plain 1.026 → 0.890.
import { beforeAll, describe, expect, it } from 'vitest';
import { tf } from './tf';
import { DepthTrainingRuns, type DepthTrainingChunk, type DepthTrainingInput } from './depthTraining';
import { depthTrainFirstStep } from '../reference/depthTrainingReference';
import { DEPTH_TRAIN_LEARNING_RATE, DEPTH_TRAIN_STEPS } from '../lessons/depthReadouts';
import { DepthTrainingRun, type DepthTrainingProgress } from '../lessons/depthTrainingRun';

const TOLERANCE = 1e-4;
const BASE: DepthTrainingInput = { seed: 3, depth: 8, width: 32, gain: 1, activation: 'tanh', norm: 'none', steps: 3, learningRate: 0.05 };
const relative = (a: number | null | undefined, b: number) => Math.abs((a ?? NaN) - b) / Math.abs(b);

/** The whole run as the page drives it; also the chunks the worker answered. */
async function train(setup: DepthTrainingInput, maxSteps = 10): Promise<{ progress: DepthTrainingProgress; chunks: DepthTrainingChunk[] }> {
  const runs = new DepthTrainingRuns();
  const chunks: DepthTrainingChunk[] = [];
  return new Promise((resolve, reject) => {
    const run = new DepthTrainingRun(
      async (input) => {
        const chunk = await runs.chunk({ ...input, maxSteps, budgetMs: 1e9 });
        chunks.push(chunk);
        return chunk;
      },
      () => runs.release(),
      (progress) => {
        if (progress.state === 'done') resolve({ progress, chunks });
        if (progress.state === 'failed') reject(new Error(progress.failure ?? ''));
      },
    );
    run.start(setup, 'key');
  });
}

describe('depth training vs Float64 reference (cpu backend)', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
    await tf.ready();
  });

  for (const setup of [BASE, { ...BASE, norm: 'pre' as const, activation: 'relu' as const, gain: 1.2 }, { ...BASE, norm: 'post' as const, activation: 'gelu' as const, depth: 16 }, { ...BASE, activation: 'sigmoid' as const, gain: 0.8 }]) {
    it(`step 0 and 1 losses: ${setup.activation}, norm ${setup.norm}, depth ${setup.depth}`, async () => {
      const before = tf.memory().numTensors;
      const { progress } = await train(setup);
      // A finished run frees its stacks.
      expect(tf.memory().numTensors).toBe(before);
      expect(progress.residual).toHaveLength(setup.steps + 1);
      expect(progress.plain).toHaveLength(setup.steps + 1);
      const withResidual = depthTrainFirstStep(setup, true, setup.learningRate);
      const without = depthTrainFirstStep(setup, false, setup.learningRate);
      // The worker's own Float64 check is the same computation.
      expect(progress.reference).toEqual({ residual: withResidual, plain: without });
      expect(relative(progress.residual[0], withResidual.loss0)).toBeLessThan(TOLERANCE);
      expect(relative(progress.residual[1], withResidual.loss1)).toBeLessThan(TOLERANCE);
      expect(relative(progress.plain[0], without.loss0)).toBeLessThan(TOLERANCE);
      expect(relative(progress.plain[1], without.loss1)).toBeLessThan(TOLERANCE);
      // The step changed something (the check is not comparing two untouched losses).
      expect(withResidual.loss1).not.toBe(withResidual.loss0);
    });
  }

  it('goes in chunks: one call per stack’s Float64 check, then at most maxSteps steps a call; the curves do not depend on the chunking', async () => {
    const setup = { ...BASE, steps: 7 };
    const small = await train(setup, 3);
    expect(small.chunks.map((chunk) => [chunk.from, chunk.residual.length, chunk.step, chunk.done])).toEqual([
      [0, 0, 0, false], [0, 0, 0, false], [0, 3, 3, false], [3, 3, 6, false], [6, 2, 7, true],
    ]);
    expect(small.chunks.map((chunk) => chunk.fresh)).toEqual([true, false, false, false, false]);
    const whole = await train(setup, 100);
    expect(whole.progress.residual).toEqual(small.progress.residual);
    expect(whole.progress.plain).toEqual(small.progress.plain);
  });

  it('shows the effect: depth 32, tanh, gain 1 — the residual stack learns, the plain one barely moves', async () => {
    // The lesson's steps and rate; width 64 to keep the cpu backend quick.
    const { progress } = await train({ ...BASE, depth: 32, width: 64, steps: DEPTH_TRAIN_STEPS, learningRate: DEPTH_TRAIN_LEARNING_RATE });
    const [residualStart, residualEnd] = [progress.residual[0]!, progress.residual[DEPTH_TRAIN_STEPS]!];
    const [plainStart, plainEnd] = [progress.plain[0]!, progress.plain[DEPTH_TRAIN_STEPS]!];
    console.log(`depth 32 tanh: residual ${residualStart.toFixed(3)} → ${residualEnd.toFixed(3)}, plain ${plainStart.toFixed(3)} → ${plainEnd.toFixed(3)}`);
    expect(residualEnd).toBeLessThan(0.6 * plainEnd);
    expect(residualEnd).toBeLessThan(0.1 * residualStart);
    expect(plainEnd).toBeGreaterThan(0.7 * plainStart);
  }, 600000);
});
