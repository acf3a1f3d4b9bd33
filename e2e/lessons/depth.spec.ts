// The depth lesson driven as a user: depth and gain sliders (keyboard), the normalisation
// choice; the per-layer std shown (data-value of the readouts, computed by the worker probe
// on the active backend) is checked against the Float64 reference computed here from the
// same seed, and so are the gradient norms per layer. Tolerance: relative 1e-3 on each layer's std and gradient norm (float32 on GPU/wasm vs float64,
// through up to 24 layers). The histograms (first, middle, last layer, both settings) are
// checked the same way: the reference's values binned over the shown x range must give the
// shown counts, except that a value within 1e-3 · std of a bin edge may land in the
// neighbouring bin (Σ|difference| ≤ 2 × such values). Runs on webgpu and on wasm.
import type { Page } from '@playwright/test';
import { test, expect, heldTensors, openApp, waitSettled } from '../fixtures';
import { depthReference, type DepthSetup } from '../../src/reference/depthReference';
import { histogram, histogramLayers, valuesNearEdges } from '../../src/lessons/depthHistograms';
import {
  chainFactors, chainRows, DEPTH_TRAIN_LEARNING_RATE, DEPTH_TRAIN_STEPS, DEPTH_TRAIN_TOLERANCE, formatValue, type ChainFactor,
} from '../../src/lessons/depthReadouts';
import { depthTrainingCheck, type DepthTrainingSetup } from '../../src/reference/depthTrainingReference';

const TOLERANCE = 1e-3;

async function waitReady(page: Page, backendName: string, setup: Partial<DepthSetup>): Promise<void> {
  const status = page.getByTestId('depth-status');
  await expect(status).toHaveAttribute('data-ready', 'true', { timeout: 200_000 });
  await expect(status).toHaveAttribute('data-backend', backendName);
  for (const [name, value] of Object.entries(setup)) {
    await expect(status).toHaveAttribute('data-key', new RegExp(`"${name}":${JSON.stringify(value)}[,}]`), { timeout: 200_000 });
  }
  await expect(status).toHaveAttribute('data-ready', 'true', { timeout: 200_000 });
}

async function shownStd(page: Page, testId: string): Promise<(number | null)[]> {
  const raw = await page.getByTestId(testId).getAttribute('data-value');
  expect(raw).toBeTruthy();
  return JSON.parse(raw!) as (number | null)[];
}

function expectMatches(shown: (number | null)[], setup: DepthSetup): void {
  const reference = depthReference(setup);
  expect(shown.length).toBe(setup.depth);
  shown.forEach((std, l) => {
    expect(std, `layer ${l + 1}`).not.toBeNull();
    expect(Math.abs(std! - reference.std[l]) / reference.std[l], `layer ${l + 1}`).toBeLessThanOrEqual(TOLERANCE);
  });
}

/** The per-layer gradient norms drawn (your setting), against the reference's backward pass. */
async function expectGradients(page: Page, setup: DepthSetup): Promise<void> {
  const shown = await shownStd(page, 'depth-gradient');
  const reference = depthReference(setup);
  expect(shown.length).toBe(setup.depth);
  shown.forEach((norm, l) => {
    expect(norm, `gradient at layer ${l + 1}`).not.toBeNull();
    expect(Math.abs(norm! - reference.gradientNorm[l]) / reference.gradientNorm[l], `gradient at layer ${l + 1}`).toBeLessThanOrEqual(TOLERANCE);
  });
}

/** Every histogram shown, both halves, against the reference's values binned on the shown axis. */
async function expectHistograms(page: Page, main: DepthSetup, contrast: DepthSetup): Promise<void> {
  const figures = page.getByTestId('depth-histogram');
  const layers = histogramLayers(main.depth);
  await expect(figures).toHaveCount(layers.length);
  const references = [depthReference(main), depthReference(contrast)];
  for (let i = 0; i < layers.length; i++) {
    const figure = figures.nth(i);
    const halfWidth = Number(await figure.getAttribute('data-half-width'));
    expect(halfWidth).toBeGreaterThan(0);
    for (const [side, reference] of [['data-main', references[0]], ['data-contrast', references[1]]] as const) {
      const shown = JSON.parse((await figure.getAttribute(side))!) as number[];
      const values = reference.outputs[layers[i] - 1];
      const expected = histogram(values, halfWidth, shown.length);
      const difference = shown.reduce((sum, count, b) => sum + Math.abs(count - expected.counts[b]), 0);
      const slack = 1e-3 * reference.std[layers[i] - 1];
      expect(shown.reduce((a, b) => a + b, 0), `layer ${layers[i]} ${side} total`).toBe(values.length);
      expect(difference, `layer ${layers[i]} ${side}`).toBeLessThanOrEqual(2 * valuesNearEdges(values, halfWidth, shown.length, slack));
    }
  }
}

async function noBadText(page: Page): Promise<void> {
  const text = await page.locator('body').innerText();
  expect(text).not.toMatch(/NaN|Infinity/);
}

test('depth: sliders and normalisation, shown std against the Float64 reference', async ({ page, backendName, pageErrors }) => {
  test.setTimeout(600_000);
  await openApp(page, `backend=${backendName}&lesson=depth&lang=en`);
  const base: DepthSetup = { seed: 1, depth: 16, width: 128, tokens: 64, gain: 1, activation: 'tanh', norm: 'none', residual: false };
  await waitReady(page, backendName, { depth: 16 });
  expectMatches(await shownStd(page, 'depth-std-main'), base);
  expectMatches(await shownStd(page, 'depth-std-contrast'), { ...base, norm: 'post' });
  await expectHistograms(page, base, { ...base, norm: 'post' });
  await expectGradients(page, base);
  // One legend for all charts, above them.
  await expect(page.getByTestId('depth-legend').locator('li')).toHaveCount(2);
  // The formula's std(x_L) highlights the std chart; the gain slider highlights its symbol.
  await page.getByTestId('depth-formula').locator('[data-tensor="std"]').hover();
  await expect(page.getByTestId('depth-std-chart').locator('..')).toHaveClass(/focused/);
  await page.getByTestId('depth-gain').hover();
  await expect(page.getByTestId('depth-formula').locator('[data-tensor="gain"]').first()).toHaveClass(/tied-highlight/);

  // Depth slider: 16 → 24 by keyboard; gain slider 1 → 2^-0.5 (10 steps of 0.05 down).
  const depthSlider = page.getByTestId('depth-depth');
  await depthSlider.focus();
  for (let i = 0; i < 8; i++) await page.keyboard.press('ArrowRight');
  const gainSlider = page.getByTestId('depth-gain');
  await gainSlider.focus();
  for (let i = 0; i < 10; i++) await page.keyboard.press('ArrowLeft');
  const gain = Math.round(2 ** -0.5 * 1000) / 1000;
  await waitReady(page, backendName, { depth: 24, gain });
  const small = { ...base, depth: 24, gain };
  const noNorm = await shownStd(page, 'depth-std-main');
  expectMatches(noNorm, small);
  expectMatches(await shownStd(page, 'depth-std-contrast'), { ...small, norm: 'post' });
  // Without normalisation, tanh with gain < 1 collapses; with LayerNorm every layer stays ≈ 1.
  expect(noNorm[23]!).toBeLessThan(1e-3 * noNorm[0]!);
  for (const std of await shownStd(page, 'depth-std-contrast')) expect(Math.abs(std! - 1)).toBeLessThan(1e-2);

  // Switch normalisation to LayerNorm before each layer: the contrast becomes "none".
  await page.getByTestId('depth-norm-pre').check({ force: true });
  await waitReady(page, backendName, { norm: 'pre' });
  expectMatches(await shownStd(page, 'depth-std-main'), { ...small, norm: 'pre' });
  expect(await page.getByTestId('depth-std-contrast').getAttribute('data-norm')).toBe('none');
  expectMatches(await shownStd(page, 'depth-std-contrast'), small);
  await expectHistograms(page, { ...small, norm: 'pre' }, small);
  await expectGradients(page, { ...small, norm: 'pre' });

  // Explosion: linear, gain 2, 64 layers overflows float32; shown as text, never Infinity.
  await page.getByTestId('depth-activation-linear').check({ force: true });
  await gainSlider.focus();
  await page.keyboard.press('End');
  await depthSlider.focus();
  await page.keyboard.press('End');
  await page.getByTestId('depth-width-64').check({ force: true });
  await waitReady(page, backendName, { depth: 64, gain: 2, activation: 'linear', width: 64 });
  const exploded = await shownStd(page, 'depth-std-contrast');
  const firstFinite = exploded.findIndex((v) => v !== null);
  expect(firstFinite).toBe(0);
  expect(exploded[40]!).toBeGreaterThan(1e6 * exploded[0]!);
  await noBadText(page);
  expect(pageErrors).toEqual([]);
});

/** The chain-rule factors shown (every layer), against the same readout of the Float64 reference. */
async function expectChain(page: Page, setup: DepthSetup): Promise<ChainFactor[]> {
  const shown = JSON.parse((await page.getByTestId('depth-chain').getAttribute('data-value'))!) as ChainFactor[];
  const stats = depthReference(setup);
  const expected = chainFactors({
    layers: stats.gradientNorm.map((gradientNorm, l) => ({ gradientNorm, derivativeRms: stats.derivativeRms[l], weightGain: stats.weightGain[l] })),
    outputGradientNorm: stats.outputGradientNorm,
  });
  expect(shown.length).toBe(setup.depth);
  shown.forEach((factor, l) => {
    for (const key of ['derivative', 'weight', 'predicted', 'measured'] as const) {
      expect(Math.abs(factor[key]! - expected[l][key]!) / Math.abs(expected[l][key]!), `layer ${l + 1} ${key}`).toBeLessThanOrEqual(TOLERANCE);
    }
  });
  await expect(page.getByTestId('depth-chain-row')).toHaveCount(chainRows(setup.depth).length);
  return shown;
}

test('depth: the chain rule’s factors for sigmoid and GELU, against the Float64 reference', async ({ page, backendName, pageErrors }) => {
  test.setTimeout(400_000);
  await openApp(page, `backend=${backendName}&lesson=depth&lang=en&sf=sigmoid&sL=12&sw=64`);
  const base: DepthSetup = { seed: 1, depth: 12, width: 64, tokens: 64, gain: 1, activation: 'sigmoid', norm: 'none', residual: false };
  await waitReady(page, backendName, { activation: 'sigmoid', depth: 12 });
  await expect(page.getByTestId('depth-activation-sigmoid')).toBeChecked();
  const sigmoid = await expectChain(page, base);
  // Sigmoid's slope is at most ¼: every measured factor is well under 1, so the gradient vanishes.
  for (const factor of sigmoid) expect(factor.measured!).toBeLessThan(0.3);
  // The table shows the first, middle and last layer; its numbers are the data's.
  const firstRow = page.getByTestId('depth-chain-row').first();
  await expect(firstRow).toHaveAttribute('data-layer', '1');
  await expect(firstRow.locator('td').last()).toHaveText(formatValue(sigmoid[0].measured, ''));
  await expect(page.getByTestId('depth-chain-row').last()).toHaveAttribute('data-layer', '12');
  expectMatches(await shownStd(page, 'depth-std-main'), base);

  // GELU with residuals: the identity path keeps every factor near or above 1.
  await page.getByTestId('depth-activation-gelu').check({ force: true });
  await page.getByTestId('depth-residual').check({ force: true });
  await waitReady(page, backendName, { activation: 'gelu', residual: true });
  const gelu = await expectChain(page, { ...base, activation: 'gelu', residual: true });
  for (const factor of gelu) expect(factor.measured!).toBeGreaterThan(0.9);
  await noBadText(page);
  expect(pageErrors).toEqual([]);
});

/** The training figure's curves (data attributes: every loss, step 0…steps, as the backend computed it). */
async function shownTraining(page: Page): Promise<{ residual: number[]; plain: number[] }> {
  const final = page.getByTestId('depth-training-final');
  const residual = JSON.parse((await final.getAttribute('data-residual'))!) as number[];
  const plain = JSON.parse((await final.getAttribute('data-plain'))!) as number[];
  return { residual, plain };
}

/** The shown step-0 and step-1 losses against the Float64 first step computed here. */
function expectFirstStep(shown: { residual: number[]; plain: number[] }, setup: DepthTrainingSetup): void {
  const reference = depthTrainingCheck(setup, DEPTH_TRAIN_LEARNING_RATE);
  for (const run of ['residual', 'plain'] as const) {
    expect(Math.abs(shown[run][0] - reference[run].loss0) / reference[run].loss0, `${run} step 0`).toBeLessThanOrEqual(DEPTH_TRAIN_TOLERANCE);
    expect(Math.abs(shown[run][1] - reference[run].loss1) / reference[run].loss1, `${run} step 1`).toBeLessThanOrEqual(DEPTH_TRAIN_TOLERANCE);
  }
}

// Training runs only on request (the button): on a software GPU a run takes a minute or
// more, and it must never hold up the probe. The waits below have no limit of their own.
test('depth: a short SGD run with and without residuals on request, checked against Float64; a later slider change trains nothing and marks it stale', async ({ page, backendName, pageErrors }) => {
  test.setTimeout(900_000);
  await openApp(page, `backend=${backendName}&lesson=depth&lang=en&sL=8&sw=64`);
  await waitReady(page, backendName, { depth: 8, width: 64 });
  const status = page.getByTestId('depth-training-status');
  // Nothing trains by itself: the probe has answered, the figure waits for the button.
  await expect(status).toHaveAttribute('data-state', 'idle');
  await expect(status).toContainText('Press Train');
  await expect(page.getByTestId('depth-training-chart')).toHaveCount(0);
  const started = Date.now();
  await page.getByTestId('depth-training-start').click();
  await expect(status).toHaveAttribute('data-state', 'running');
  await expect(status).toHaveAttribute('data-state', 'done', { timeout: 0 });
  const seconds = (Date.now() - started) / 1000;
  await expect(status).toHaveAttribute('data-key', /"depth":8,"width":64,/);
  await expect(status).toContainText(`Done: ${DEPTH_TRAIN_STEPS} steps`);
  await expect(page.getByTestId('depth-training-chart')).toHaveAttribute('data-points', JSON.stringify([DEPTH_TRAIN_STEPS + 1, DEPTH_TRAIN_STEPS + 1]));
  const shown = await shownTraining(page);
  expect(shown.residual).toHaveLength(DEPTH_TRAIN_STEPS + 1);
  expect(shown.plain).toHaveLength(DEPTH_TRAIN_STEPS + 1);
  expectFirstStep(shown, { seed: 1, depth: 8, width: 64, gain: 1, activation: 'tanh', norm: 'none' });
  // The residual stack learns.
  expect(shown.residual[DEPTH_TRAIN_STEPS]).toBeLessThan(shown.residual[0]);
  const check = page.getByTestId('depth-training-check');
  await expect(check).toHaveAttribute('data-backend', backendName);
  await expect(check).toHaveAttribute('data-ok', 'true');
  await expect(check).toContainText('✓');
  await expect(check).toContainText('tolerance 1e-3');
  // The log axis labels read as plain numbers (1, 10, 0.5 …), never 1e+1 or 0.30000000000000004.
  const ticks = await page.getByTestId('depth-training-chart').locator('text.tick').allTextContents();
  const values = ticks.filter((text) => /^[\d.]+$/.test(text)).map(Number);
  expect(values.length).toBeGreaterThanOrEqual(2 + 2); // y ticks and x ticks
  for (const text of ticks) expect(text).toMatch(/^(\d{1,3}|0\.\d{1,3}|\d\.\d|SGD step)$/);
  console.log(
    `${backendName}, depth 8, width 64: ${seconds.toFixed(1)} s for the run; residual ${shown.residual[0].toFixed(3)} → ${shown.residual[DEPTH_TRAIN_STEPS].toFixed(3)}, ` +
      `plain ${shown.plain[0].toFixed(3)} → ${shown.plain[DEPTH_TRAIN_STEPS].toFixed(3)}; largest relative difference of the step-0/1 losses from Float64 ${await check.getAttribute('data-worst')}`,
  );
  // A slider change afterwards: the probe answers for depth 9, the curves stay (dimmed, marked stale), nothing trains.
  const depthSlider = page.getByTestId('depth-depth');
  await depthSlider.focus();
  await page.keyboard.press('ArrowRight');
  await waitReady(page, backendName, { depth: 9 });
  await expect(status).toHaveAttribute('data-stale', 'true');
  await expect(status).toHaveAttribute('data-state', 'done');
  await expect(status).toContainText('Settings changed');
  await expect(page.getByTestId('depth-training-result')).toHaveAttribute('data-stale', 'true');
  await expect(page.getByTestId('depth-training-start')).toBeEnabled();
  expect(await shownTraining(page)).toEqual(shown);
  // Back to depth 8: the curves are current again.
  await page.keyboard.press('ArrowLeft');
  await waitReady(page, backendName, { depth: 8 });
  await expect(status).toHaveAttribute('data-stale', 'false');
  await noBadText(page);
  expect(pageErrors).toEqual([]);
});

test('depth: a settings change while training stops the run, and the probe answers for the new settings', async ({ page, backendName, pageErrors }) => {
  test.setTimeout(900_000);
  // A wide, deep stack: a run of many chunks on every backend, so the slider comes mid-run.
  await openApp(page, `backend=${backendName}&lesson=depth&lang=en&sL=32&sw=256`);
  await waitReady(page, backendName, { depth: 32, width: 256 });
  const status = page.getByTestId('depth-training-status');
  await page.getByTestId('depth-training-start').click();
  await expect(status).toHaveAttribute('data-step', /^[1-9]/, { timeout: 0 });
  await expect(status).toHaveAttribute('data-state', 'running');
  const depthSlider = page.getByTestId('depth-depth');
  await depthSlider.focus();
  await page.keyboard.press('ArrowLeft');
  await waitReady(page, backendName, { depth: 31 });
  await expect(status).toHaveAttribute('data-state', 'cancelled');
  await expect(status).toHaveAttribute('data-stale', 'true');
  await expect(status).toContainText('training stopped at step');
  const stoppedAt = Number(await status.getAttribute('data-step'));
  expect(stoppedAt).toBeLessThan(DEPTH_TRAIN_STEPS);
  await expect(page.getByTestId('depth-training-result')).toHaveAttribute('data-stale', 'true');
  console.log(`${backendName}: run stopped at step ${stoppedAt} of ${DEPTH_TRAIN_STEPS} by the slider; the probe answered for depth 31`);
  await noBadText(page);
  expect(pageErrors).toEqual([]);
});

test('depth: leaving the lesson in the middle of a training run frees the run\'s stacks in the worker', async ({ page, backendName, pageErrors }) => {
  test.setTimeout(900_000);
  await openApp(page, `backend=${backendName}&lesson=playground&lang=en&sL=16&sw=128`);
  const settledTensors = await heldTensors(page);
  await page.getByTestId('lesson-tab-depth').click();
  await waitReady(page, backendName, { depth: 16, width: 128 });
  const status = page.getByTestId('depth-training-status');
  await page.getByTestId('depth-training-start').click();
  await expect(status).toHaveAttribute('data-step', /^[1-9]/, { timeout: 0 });
  await page.getByTestId('lesson-tab-playground').click();
  await waitSettled(page);
  await expect.poll(() => heldTensors(page), { timeout: 120_000 }).toBe(settledTensors);
  expect(pageErrors).toEqual([]);
});
