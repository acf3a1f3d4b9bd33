// The training lesson driven as a user, on every backend: start an ablation (run B unscaled),
// see both loss curves advance and the loss fall, pause (the steps stop), and check the
// answer shown for the probe digits against the Float64 reference of the weights it was
// computed with (PROBE_TOLERANCE = 1e-4 on attention weights and probabilities, as stated on
// screen). Then load the shipped checkpoint (its learned answer appears at once, with the
// anti-diagonal) and a broken file (a clear message; the runs stay). No time limits: the
// steps counted, not the seconds.
import type { Page } from '@playwright/test';
import { test, expect, heldTensors, openApp, waitSettled } from '../fixtures';
import { PROBE_TOLERANCE } from '../../src/lessons/trainingChecks';
import trainLosses from './trainLosses.json' with { type: 'json' };

/**
 * Relative difference allowed between the page's first 10 step losses and Node's (float32,
 * summed in other orders). Measured: 0 on CPU and WebGPU, ≤ 5.3e-7 on WASM, 1.3e-3 on WebGL
 * (SwiftShader's exp and log).
 */
const STEP_LOSS_TOLERANCE = 5e-3;

async function runValues(page: Page, run: 'A' | 'B') {
  const row = page.getByTestId(`train-run-${run}`);
  const read = async (name: string) => Number(await row.getAttribute(name));
  return { step: await read('data-step'), loss: await read('data-heldout-loss'), sequence: await read('data-sequence'), seed: await read('data-seed') };
}

/** The run's Float64 check line, once it is for this backend: both differences within the tolerance. */
async function expectChecked(page: Page, run: 'A' | 'B', backendName: string) {
  const check = page.getByTestId(`train-check-${run}`);
  await expect(check).toHaveAttribute('data-backend', backendName, { timeout: 120_000 });
  await expect(check).not.toHaveAttribute('data-attention', '');
  const attention = Number(await check.getAttribute('data-attention'));
  const probability = Number(await check.getAttribute('data-probability'));
  expect(attention, `run ${run} attention vs Float64`).toBeLessThanOrEqual(PROBE_TOLERANCE);
  expect(probability, `run ${run} probabilities vs Float64`).toBeLessThanOrEqual(PROBE_TOLERANCE);
  await expect(check).toContainText('✓');
  return { attention, probability };
}

test('train an ablation: both curves advance, the loss falls, pause stops it, and the shown answer matches Float64', async ({ page, backendName, pageErrors }) => {
  // WebGPU on SwiftShader takes seconds a step here: a hang guard, not a time limit.
  test.setTimeout(900_000);
  await openApp(page, `backend=${backendName}&lesson=train&tab=unscaled&tseed=2&lang=en`);
  const status = page.getByTestId('train-status');
  await expectChecked(page, 'A', backendName);
  await expectChecked(page, 'B', backendName);
  const before = { A: await runValues(page, 'A'), B: await runValues(page, 'B') };
  expect(before.A.step).toBe(0);
  expect(before.A.seed).toBe(2);
  expect(before.B.seed).toBe(2);
  // Same seed, so the same starting weights: at step 0 scaling is the only difference.
  expect(before.A.loss).toBeGreaterThan(2);

  await page.getByTestId('train-toggle').click();
  await expect(status).toHaveAttribute('data-status', 'running');
  await expect(page.getByTestId('train-toggle')).toHaveText('Pause');
  // The curves advance: wait for 12 steps of both runs (counted, not timed).
  await expect.poll(async () => Math.min(...(JSON.parse((await status.getAttribute('data-steps'))!) as number[])), { timeout: 600_000 }).toBeGreaterThanOrEqual(12);
  const points = JSON.parse((await page.getByTestId('train-loss-chart').getAttribute('data-points'))!) as number[];
  expect(points.length).toBe(4); // training and held-out loss of A and of B
  expect(points[0]).toBeGreaterThanOrEqual(12);
  expect(points[2]).toBeGreaterThanOrEqual(12);

  await page.getByTestId('train-toggle').click();
  await expect(status).toHaveAttribute('data-status', 'paused');
  await expect(status).toHaveAttribute('data-busy', 'false', { timeout: 120_000 });
  const paused = { A: await runValues(page, 'A'), B: await runValues(page, 'B') };
  const speeds = await Promise.all(['A', 'B'].map(async (run) => Number(await page.getByTestId(`train-run-${run}`).getAttribute('data-steps-per-second'))));
  console.log(`${backendName}: steps per second (each run, the two alternating): A ${speeds[0].toFixed(1)}, B ${speeds[1].toFixed(1)}`);
  // Both runs learnt something in 12 steps (the held-out loss starts near 2.9: chance is 2.30).
  expect(paused.A.loss).toBeLessThan(before.A.loss);
  expect(paused.B.loss).toBeLessThan(before.B.loss);
  // The ablation is real: unscaled scores train differently from the same start.
  expect(paused.A.loss).not.toBe(paused.B.loss);
  await page.waitForTimeout(1500);
  expect((await runValues(page, 'A')).step).toBe(paused.A.step);
  expect((await runValues(page, 'B')).step).toBe(paused.B.step);
  await expectChecked(page, 'A', backendName);
  await expectChecked(page, 'B', backendName);
  for (const [run, ablation] of [['A', 'none'], ['B', 'unscaled']] as const) {
    const shown = JSON.parse((await page.getByTestId(`train-run-${run}`).getAttribute('data-first-losses'))!) as number[];
    expect(shown.length).toBe(10);
    // Computed by the trainer in Node on TF.js's CPU backend (src/training/trainLosses.test.ts
    // keeps the file equal to what it computes): wrong gradients on a GPU would differ.
    const expected = trainLosses[ablation];
    const worst = Math.max(...shown.map((loss, k) => Math.abs(loss - expected[k]) / expected[k]));
    console.log(`${backendName}: run ${run} first 10 step losses vs Node cpu, worst relative difference ${worst.toExponential(2)}`);
    expect(worst, `run ${run}: ${JSON.stringify(shown)} vs ${JSON.stringify(expected)}`).toBeLessThanOrEqual(STEP_LOSS_TOLERANCE);
  }

  // The user's own digits: the maps and the answer are recomputed for them while paused.
  await page.getByTestId('train-probe').fill('12345');
  await expect(page.getByTestId('train-probe-error')).toHaveText('Exactly 6 digits, please.');
  await page.getByTestId('train-probe').fill('12a456');
  await expect(page.getByTestId('train-probe-error')).toHaveText('Digits 0–9 only (spaces and commas are ignored).');
  await page.getByTestId('train-probe').fill('1 2 3 4 5 6');
  await expect(page.getByTestId('train-probe-error')).toHaveText('');
  await expect(page).toHaveURL(/tin=123456/);
  await expect(page.getByTestId('train-prediction-A')).toHaveAttribute('data-prediction', /^\d{6}$/);
  await expectChecked(page, 'A', backendName);

  // Reset: back to step 0 with the same seed's starting loss.
  await page.getByTestId('train-reset').click();
  await expect(page.getByTestId('train-run-A')).toHaveAttribute('data-step', '0');
  await expect.poll(async () => (await runValues(page, 'A')).loss, { timeout: 120_000 }).toBe(before.A.loss);
  expect(pageErrors).toEqual([]);
});

test('the shipped checkpoint shows a trained model at once; a broken file is refused with a reason', async ({ page, backendName, pageErrors }) => {
  await openApp(page, `backend=${backendName}&lesson=train&lang=en`);
  await expectChecked(page, 'A', backendName);
  const untrained = await runValues(page, 'A');

  await page.getByTestId('train-checkpoint-load').click();
  const message = page.getByTestId('train-checkpoint-message');
  await expect(message).toHaveAttribute('data-kind', 'loaded', { timeout: 60_000 });
  await expect(message).toContainText('250 steps');
  await expect(page.getByTestId('train-run-A')).toHaveAttribute('data-step', '250', { timeout: 120_000 });
  await expect.poll(async () => (await runValues(page, 'A')).sequence, { timeout: 120_000 }).toBeGreaterThanOrEqual(0.95);
  const trained = await runValues(page, 'A');
  expect(trained.loss).toBeLessThan(0.1);
  expect(untrained.loss).toBeGreaterThan(2);
  await expect(page.getByTestId('train-prediction-A')).toHaveAttribute('data-prediction', '951413');
  // Its heads route by position: the anti-diagonal carries most of at least one map's weight.
  const anti = await Promise.all([0, 1].map(async (map) => Number(await page.getByTestId(`train-attention-A-${map}`).getAttribute('data-anti'))));
  expect(Math.max(...anti)).toBeGreaterThan(0.5);
  await expectChecked(page, 'A', backendName);

  // A file that is JSON but not a checkpoint, then one with a wrong shape: refused, run A unchanged.
  await page.getByTestId('train-checkpoint-file').setInputFiles({ name: 'notes.json', mimeType: 'application/json', buffer: Buffer.from('{"hello": 1}') });
  await expect(message).toHaveAttribute('data-kind', 'error');
  await expect(message).toContainText('not a QKV Lab reverse-task checkpoint');
  await page.getByTestId('train-checkpoint-file').setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{"format": "qkv-lab/reverse') });
  await expect(message).toContainText('not valid JSON');
  await expect(page.getByTestId('train-run-A')).toHaveAttribute('data-step', '250');
  await expect(page.getByTestId('train-prediction-A')).toHaveAttribute('data-prediction', '951413');
  expect(pageErrors).toEqual([]);
});

test('the worker frees run B when the ablation is turned off, and run A when the lesson closes', async ({ page, backendName, pageErrors }) => {
  test.setTimeout(600_000);
  await openApp(page, `backend=${backendName}&lesson=playground&lang=en`);
  const settledTensors = await heldTensors(page);
  await page.getByTestId('lesson-tab-train').click();
  await page.getByTestId('train-ablation').selectOption('unscaled');
  // Both runs exist in the worker once each has been looked at on this backend.
  await expectChecked(page, 'A', backendName);
  await expectChecked(page, 'B', backendName);
  await page.getByTestId('train-ablation').selectOption('none');
  await expect(page.getByTestId('train-run-B')).toHaveCount(0);
  await page.getByTestId('lesson-tab-playground').click();
  await waitSettled(page);
  await expect.poll(() => heldTensors(page), { timeout: 120_000 }).toBe(settledTensors);
  expect(pageErrors).toEqual([]);
});
